import type { TableName } from '../schema.ts';
import { LoadError } from './errors.ts';

export type Encoding = 'utf-8' | 'gbk' | 'gb18030' | 'utf-16le';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The text of the bytes, or undefined when they are not valid in the encoding (BOMs stripped). */
function strictDecode(bytes: Uint8Array, encoding: Encoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK, the encoding of bank
 * exports. For a host that shows a file's first lines: the loader itself never decodes bytes that
 * are not valid in the encoding it chose (see decodeFileText).
 */
export function decodeText(bytes: Uint8Array, encoding?: Encoding): string {
  if (encoding) return new TextDecoder(encoding).decode(bytes);
  if (startsWith(bytes, UTF16LE_BOM)) return new TextDecoder('utf-16le').decode(bytes);
  return strictDecode(bytes, 'utf-8') ?? new TextDecoder('gb18030').decode(bytes);
}

/** Where in the bytes: 1-based line (by line feeds) and 0-based byte offset. */
function place(bytes: Uint8Array, offset: number): string {
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at >= 0 && at < offset; at = bytes.indexOf(0x0a, at + 1)) line++;
  return `line ${line} (byte offset ${offset})`;
}

/**
 * The offset where the first sequence not valid in the encoding (UTF-8 or GB18030) starts, found
 * by the platform's own decoder: line by line (a line feed is never part of a character in
 * either), then within the first bad line the shortest prefix a streaming decoder rejects, then
 * back to the last character boundary before it. Only called once the whole text failed.
 */
function firstInvalidByte(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030'): number {
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline + 1;
    const line = bytes.subarray(start, end);
    start = end;
    if (strictDecode(line, encoding) !== undefined) continue;
    const rejects = (n: number) => {
      try {
        new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(line.subarray(0, n), { stream: true });
        return false;
      } catch {
        return true;
      }
    };
    // A character cut short by the end of the file is never rejected while streaming: it is the end.
    let bad = line.length;
    if (rejects(bad)) {
      let low = 1;
      while (low < bad) {
        const middle = (low + bad) >> 1;
        if (rejects(middle)) bad = middle;
        else low = middle + 1;
      }
    }
    // No character is longer than four bytes in either encoding.
    for (let k = bad - 1; k >= Math.max(0, bad - 4); k--) if (strictDecode(line.subarray(0, k), encoding) !== undefined) return end - line.length + k;
    return end - line.length + bad - 1;
  }
  return bytes.length;
}

/** A few bytes from the offset, in hex, for a problem report. */
function hexAt(bytes: Uint8Array, offset: number): string {
  return [...bytes.subarray(offset, offset + 4)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
}

/** The line holding the offset, as it reads in the encoding, shortened for a problem report. */
function lineAt(bytes: Uint8Array, offset: number, encoding: Encoding): string {
  const start = offset > 0 ? bytes.lastIndexOf(0x0a, offset - 1) + 1 : 0;
  const newline = bytes.indexOf(0x0a, offset);
  const text = new TextDecoder(encoding).decode(bytes.subarray(start, newline < 0 ? bytes.length : newline)).trimEnd();
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const hasNonAscii = (text: string) => /[^\x00-\x7f]/.test(text);

export interface DecodedText {
  text: string;
  /** The encoding the text was read in: the one declared, else the one detected. */
  encoding: Encoding;
}

/**
 * The text of CSV or JSON bytes, in the encoding declared or else detected (a BOM; valid UTF-8;
 * else GB18030, of which GBK is a part). Bytes that are not valid text in that encoding are a
 * LoadError saying where and what the file looks like instead: never text with replacement
 * characters, never another encoding's characters read silently.
 */
export function decodeFileText(table: TableName, bytes: Uint8Array, declared?: Encoding): DecodedText {
  const problem = (expected: string, got: string) => new LoadError([{ kind: 'file', table, row: null, column: null, expected, got }], 1);
  const utf16 = declared === 'utf-16le' || (declared === undefined && startsWith(bytes, UTF16LE_BOM));
  if (utf16) {
    const as = declared ? "UTF-16LE text, as declared (encoding 'utf-16le')" : 'UTF-16LE text (the file starts with its byte-order mark)';
    // Every ASCII character of UTF-16LE text (delimiters, line breaks, brackets) has a zero byte.
    if (declared && bytes.indexOf(0) < 0) throw problem(as, 'no zero bytes, so not UTF-16: leave encoding out to detect the encoding');
    const text = strictDecode(bytes, 'utf-16le');
    if (text === undefined) throw problem(as, 'bytes that are not UTF-16LE (an odd length or a lone surrogate)');
    return { text, encoding: 'utf-16le' };
  }

  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw problem(
      declared ? `${declared === 'utf-8' ? 'UTF-8' : 'GBK'} text, as declared (encoding '${declared}')` : 'text in UTF-8 or GBK',
      `a zero byte at ${place(bytes, nul)}: a UTF-16 file without its byte-order mark? give encoding 'utf-16le'`,
    );
  }

  if (declared === 'gbk' || declared === 'gb18030') {
    const asUtf8 = strictDecode(bytes, 'utf-8');
    if (asUtf8 !== undefined && hasNonAscii(asUtf8)) {
      const first = asUtf8.search(/[^\x00-\x7f]/);
      const offset = new TextEncoder().encode(asUtf8.slice(0, first)).length;
      throw problem(
        `GBK text, as declared (encoding '${declared}')`,
        `UTF-8 text, not GBK: ${place(bytes, offset)} reads "${lineAt(bytes, offset, 'utf-8')}" in UTF-8; give encoding 'utf-8', or leave encoding out to detect it`,
      );
    }
    const text = asUtf8 ?? strictDecode(bytes, 'gb18030');
    if (text === undefined) {
      const offset = firstInvalidByte(bytes, 'gb18030');
      throw problem(`GBK text, as declared (encoding '${declared}')`, `bytes that are not GBK at ${place(bytes, offset)}: ${hexAt(bytes, offset)}`);
    }
    return { text, encoding: declared };
  }

  const text = strictDecode(bytes, 'utf-8');
  if (text !== undefined) return { text, encoding: 'utf-8' };
  const offset = firstInvalidByte(bytes, 'utf-8');
  const gbk = startsWith(bytes, UTF8_BOM) ? undefined : strictDecode(bytes, 'gb18030');
  if (declared === 'utf-8') {
    throw problem(
      "UTF-8 text, as declared (encoding 'utf-8')",
      gbk !== undefined
        ? `bytes that are not UTF-8 at ${place(bytes, offset)}; the file looks like GBK, where that line reads "${lineAt(bytes, offset, 'gb18030')}": give encoding 'gbk', or leave encoding out to detect it`
        : `bytes that are not UTF-8 at ${place(bytes, offset)}: ${hexAt(bytes, offset)}`,
    );
  }
  if (gbk !== undefined) return { text: gbk, encoding: 'gb18030' };
  throw problem(
    startsWith(bytes, UTF8_BOM) ? 'UTF-8 text (the file starts with its byte-order mark)' : "text in UTF-8 or GBK (or UTF-16LE with its byte-order mark)",
    `bytes that are neither, from ${place(bytes, offset)}: ${hexAt(bytes, offset)}`,
  );
}

/**
 * CSV text whose records end in CRLF and LF both (Excel's CRLF, then a line added by hand) with
 * every record ending in LF: DuckDB's reader takes one line break per file. Line breaks inside
 * quoted fields are left as they are, and no line is added or removed, so row numbers hold.
 * Text with one kind of line break comes back as it is, after two scans.
 */
export function oneLineBreak(text: string): string {
  let crlf = text.indexOf('\r\n');
  if (crlf < 0 || !/(?<!\r)\n/.test(text)) return text;
  const parts: string[] = [];
  let from = 0;
  let quote = text.indexOf('"');
  while (crlf >= 0) {
    if (quote >= 0 && quote < crlf) {
      // A quoted field opens before the line break: skip to where it closes ("" inside it is two quotes).
      const close = text.indexOf('"', quote + 1);
      if (close < 0) break; // never closed: the CSV reader reports it
      quote = text.indexOf('"', close + 1);
      if (crlf < close) crlf = text.indexOf('\r\n', close + 1);
      continue;
    }
    parts.push(text.slice(from, crlf));
    from = crlf + 1;
    crlf = text.indexOf('\r\n', crlf + 2);
  }
  parts.push(text.slice(from));
  return parts.join('');
}

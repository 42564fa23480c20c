/**
 * The framing of Arrow IPC bytes, checked before a load hands them to the engine: a stream or file
 * cut short must be an error with its place, not a partial insert (duckdb-wasm keeps a half-read
 * stream open on its connection). Reads a few bytes per message, never the rows.
 */
const CONTINUATION = -1; // 0xFFFFFFFF before a message's length (since Arrow 0.15)
const SCHEMA_MESSAGE = 1;
const RECORD_BATCH_MESSAGE = 3;
const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

/** A message's header type and body length, read from its flatbuffer; a string says why it cannot be read. */
function messageHeader(view: DataView, start: number, length: number): { type: number; bodyLength: number } | string {
  const end = start + length;
  if (length < 4) return 'metadata too short to hold a message';
  const table = start + view.getUint32(start, true);
  if (table + 4 > end) return 'metadata pointing outside itself';
  const vtable = table - view.getInt32(table, true);
  if (vtable < start || vtable + 4 > end) return 'metadata pointing outside itself';
  const vtableSize = view.getUint16(vtable, true);
  if (vtable + vtableSize > end) return 'metadata pointing outside itself';
  // Field offsets in the table (0: absent): Message { version, header_type, header, bodyLength, … }.
  const field = (id: number) => (4 + 2 * id + 2 <= vtableSize ? view.getUint16(vtable + 4 + 2 * id, true) : 0);
  const typeAt = field(1);
  const bodyAt = field(3);
  if ((typeAt && table + typeAt + 1 > end) || (bodyAt && table + bodyAt + 8 > end)) return 'metadata pointing outside itself';
  const type = typeAt ? view.getUint8(table + typeAt) : 0;
  if (!bodyAt) return { type, bodyLength: 0 };
  const low = view.getUint32(table + bodyAt, true);
  const high = view.getInt32(table + bodyAt + 4, true);
  if (high < 0 || high >= 2 ** 21) return 'an impossible body length';
  return { type, bodyLength: high * 2 ** 32 + low };
}

/** An IPC stream's end-of-stream marker: a continuation marker and a zero length. */
const END_MARKER = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

/** The stream followed by the end-of-stream marker (a copy). */
export function withEndMarker(stream: Uint8Array): Uint8Array {
  const ended = new Uint8Array(stream.byteLength + END_MARKER.length);
  ended.set(stream);
  ended.set(END_MARKER, stream.byteLength);
  return ended;
}

/** A stream's framing checked: why it is not whole (or null), and where its messages end. */
export interface IpcFraming {
  problem: string | null;
  /** The offset just past the last message, or past the end-of-stream marker when there is one. */
  end: number;
  /** Whether the messages end in the end-of-stream marker. */
  terminated: boolean;
}

/**
 * Checks that `bytes[start, end)` is a whole Arrow IPC stream: every message's length prefix,
 * metadata and body must fit in the bytes, the first message being the schema. apache-arrow's
 * reader stops quietly at a message cut inside its length prefix, so a truncated stream would
 * load fewer rows without a word. The end-of-stream marker is optional (as the format allows): a
 * stream cut exactly between two messages cannot be told from a whole one. Reads a few bytes per
 * message, never the rows.
 */
export function ipcStreamFraming(bytes: Uint8Array, start = 0, end = bytes.byteLength, schemaFirst = true): IpcFraming {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  let messages = 0;
  let batches = 0;
  const fail = (problem: string): IpcFraming => ({ problem, end: at, terminated: false });
  const name = (type: number) => (messages === 0 ? 'the schema' : type === RECORD_BATCH_MESSAGE ? `record batch ${batches + 1}` : `message ${messages + 1}`);
  while (at < end) {
    const prefixCut = `the stream ends inside the length of ${messages === 0 ? 'the schema' : 'the next message'} (byte ${at})`;
    if (end - at < 4) return fail(prefixCut);
    let length = view.getInt32(at, true);
    let prefix = 4;
    if (length === CONTINUATION) {
      if (end - at < 8) return fail(prefixCut);
      length = view.getInt32(at + 4, true);
      prefix = 8;
    }
    if (length === 0) {
      if (schemaFirst && messages === 0) return fail('no schema: the stream ends before it');
      return { problem: null, end: at + prefix, terminated: true };
    }
    if (length < 0) return fail(`a message length of ${length} at byte ${at}`);
    const metadata = at + prefix;
    if (metadata + length > end) {
      return fail(`${messages === 0 ? 'the schema' : `message ${messages + 1}`} is cut off: its metadata needs ${length} bytes from byte ${metadata}, ${end - metadata} remain`);
    }
    const header = messageHeader(view, metadata, length);
    if (typeof header === 'string') return fail(`message ${messages + 1} at byte ${at} has ${header}`);
    if (schemaFirst && messages === 0 && header.type !== SCHEMA_MESSAGE) return fail('the stream does not start with its schema');
    const body = metadata + length;
    if (body + header.bodyLength > end) {
      return fail(`${name(header.type)} is cut off: its body needs ${header.bodyLength} bytes from byte ${body}, ${end - body} remain`);
    }
    if (header.type === RECORD_BATCH_MESSAGE) batches++;
    messages++;
    at = body + header.bodyLength;
  }
  if (schemaFirst && messages === 0) return fail('no schema: the stream is empty');
  return { problem: null, end: at, terminated: false };
}

/**
 * Why `bytes` is not a whole Arrow IPC file, or null when it is: ARROW1 at both ends, the
 * footer's length within the file, and the messages before the footer whole (apache-arrow
 * writes the schema in the footer only).
 */
export function ipcFileProblem(bytes: Uint8Array): string | null {
  const n = bytes.byteLength;
  const magicAt = (at: number) => at >= 0 && ARROW_MAGIC.every((b, i) => bytes[at + i] === b);
  if (!magicAt(0)) return 'no ARROW1 at the start';
  if (n < 8 + 10 || !magicAt(n - 6)) return 'the file is cut off: it does not end with ARROW1';
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset, n).getInt32(n - 10, true);
  const footer = n - 10 - footerLength;
  if (footerLength <= 0 || footer < 8) return `a footer length of ${footerLength} bytes in a file of ${n}`;
  return ipcStreamFraming(bytes, 8, footer, false).problem;
}

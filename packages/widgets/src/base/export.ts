const SVG_NS = 'http://www.w3.org/2000/svg';

/** A copy of a chart's SVG that stands alone (namespace, size, font, colour). */
export function standalone(svg: SVGSVGElement, color: string): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  const width = svg.getAttribute('width') ?? String(svg.clientWidth);
  const height = svg.getAttribute('height') ?? String(svg.clientHeight);
  clone.setAttribute('width', width);
  clone.setAttribute('height', height);
  clone.setAttribute('font-family', FONT_FAMILY);
  clone.setAttribute('font-size', '12');
  clone.setAttribute('color', color);
  return clone;
}

export const FONT_FAMILY = "system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * A number already written as the file should show it (a fixed count of decimals): not a formula
 * whatever its sign, so it is not neutralised like data text.
 */
export class Decimal {
  constructor(readonly text: string) {}
}

export type CsvCell = string | number | Decimal | null | undefined;

function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Decimal ? value.text : String(value);
  // Quote what needs it, and defuse spreadsheet formulas in data text (=, +, -, @, tab, CR at the start).
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV as Excel opens it: UTF-8 with a BOM (Chinese reads right), CRLF, formula-safe text cells (headers too). */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Characters no Windows or macOS file name may hold (and control characters). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f]+/g;
/** The most UTF-8 bytes of a name's stem: macOS allows 255 bytes, Windows 255 characters; room for the extension. */
const STEM_BYTES = 180;

/**
 * A file name from its parts (title, month, filters), joined by `_`: characters file systems
 * refuse become `-`, spaces are collapsed, a name never ends in a dot or a space, is never a
 * device name of Windows, and is cut (whole characters) to fit every file system.
 */
export function safeFileName(parts: readonly string[], ext: string): string {
  const clean = parts
    .map((p) => p.replace(UNSAFE, '-').replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
    .join('_');
  let stem = '';
  let bytes = 0;
  for (const ch of clean) {
    const size = new TextEncoder().encode(ch).length;
    if (bytes + size > STEM_BYTES) break;
    stem += ch;
    bytes += size;
  }
  stem = stem.replace(/[. ]+$/, '') || 'strata';
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) stem = `_${stem}`;
  return `${stem}.${ext}`;
}

/** Hands a file to the browser's downloads: a link to a blob: URL (a navigation, which the strict CSP allows). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

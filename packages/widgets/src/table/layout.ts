/**
 * How `<strata-table>` lays out its columns: their order and widths (desktop, or phone below
 * PHONE_WIDTH), which are out of view on either side of a sideways scroll, where to scroll to
 * show one, and the direction a first click sorts in. Pure: no DOM.
 */
import type { RowsTable } from '@strata/sdk';
import type { Lang } from '../i18n.ts';
import { textWidth } from '../renderers/text.ts';
import { COLUMNS, PHONE_FIRST, type GridColumn } from './columns.ts';

/** Below this content width (px) the table takes the phone layout. */
export const PHONE_WIDTH = 520;

/** Type and spacing of a layout (the CSS reads them as custom properties). */
export interface Metrics {
  /** Font size, px. */
  font: number;
  /** A cell's horizontal padding, both sides together, px. */
  padding: number;
  /** Lines a body cell shows before its ellipsis. */
  lines: number;
  /** The least row height that holds those lines, px. */
  minRowHeight: number;
}

export const DESKTOP: Metrics = { font: 13, padding: 16, lines: 1, minRowHeight: 0 };
/** Smaller type and two lines a cell, so that the three columns a list is read for fit 320 px. */
export const PHONE: Metrics = { font: 12, padding: 8, lines: 2, minRowHeight: 40 };

/** How wide a text is at a font size, in bold (headers) or not (cells), px. */
export type Measure = (text: string, font: number, bold: boolean) => number;

/** Without a canvas: the estimate, widened (the sans fonts measured run up to 1.2 × it, 1.3 × in bold). */
export const estimate: Measure = (text, font, bold) => textWidth(text, font) * (bold ? 1.35 : 1.25);

export interface ColumnLayout {
  metrics: Metrics;
  columns: readonly GridColumn[];
  widths: readonly number[];
  /** Each column's left edge, from the grid's. */
  lefts: readonly number[];
  total: number;
}

/** A header's sort arrow: 1em and a 2px gap (the CSS). */
const arrowWidth = (font: number) => font + 2;

/**
 * The least width that shows a header whole: its widest word (headers wrap at spaces and after
 * hyphens; a Chinese label is kept on one line) in bold, the padding and the arrow.
 */
export function headerWidth(label: string, metrics: Metrics, measure: Measure = estimate): number {
  return widest(words(label), metrics, measure, true) + arrowWidth(metrics.font);
}

/** A label's words as it wraps: at spaces and after hyphens; a Chinese one kept whole. */
const words = (text: string): string[] => (/[\u2e80-\u9fff]/.test(text) ? [text] : text.split(/\s+|(?<=-)/));

/** The width the widest of `texts` needs in a cell (1px for rounding between the measure and the layout). */
function widest(texts: readonly string[], metrics: Metrics, measure: Measure, bold: boolean): number {
  return Math.ceil(Math.max(0, ...texts.map((w) => measure(w, metrics.font, bold)))) + 1 + metrics.padding;
}

/** The least width that shows a column's samples: whole on one line, or on a phone (two lines) each word whole; numbers never wrap. */
function contentWidth(column: GridColumn, lang: Lang, metrics: Metrics, measure: Measure): number {
  const samples = column.samples?.(lang) ?? [];
  return widest(metrics.lines > 1 && !column.numeric ? samples.flatMap(words) : samples, metrics, measure, false);
}

const layouts = new Map<string, ColumnLayout>();

/** The columns of `table` in `lang`, for a desktop or a phone; `font` names the type `measure` measures. */
export function columnLayout(table: RowsTable, lang: Lang, phone: boolean, measure: Measure = estimate, font = ''): ColumnLayout {
  const key = `${table} ${lang} ${phone} ${font}`;
  let layout = layouts.get(key);
  if (layout) return layout;
  const metrics = phone ? PHONE : DESKTOP;
  const all = COLUMNS[table];
  const first = phone ? PHONE_FIRST[table] : [];
  const columns = [...first.map((name) => all.find((c) => c.name === name)!), ...all.filter((c) => !first.includes(c.name))];
  const widths = columns.map((c) =>
    Math.max(phone ? c.phone : c.width, headerWidth(c.label(lang), metrics, measure), contentWidth(c, lang, metrics, measure)),
  );
  const lefts: number[] = [];
  let total = 0;
  for (const w of widths) {
    lefts.push(total);
    total += w;
  }
  layouts.set(key, (layout = { metrics, columns, widths, lefts, total }));
  return layout;
}

/**
 * How many columns are not wholly in view at horizontal scroll `left` in a grid `width` wide,
 * before and after. The first column is sticky (always in view); one it covers counts as before.
 */
export function hiddenColumns(layout: ColumnLayout, left: number, width: number): { before: number; after: number } {
  const sticky = layout.widths[0] ?? 0;
  let before = 0;
  let after = 0;
  for (let j = 1; j < layout.columns.length; j++) {
    if (layout.lefts[j]! < left + sticky - 0.5) before++;
    else if (layout.lefts[j]! + layout.widths[j]! > left + width + 0.5) after++;
  }
  return { before, after };
}

/** The scroll position that shows the first column hidden after the view next to the sticky one (0 when none is). */
export function nextColumnsLeft(layout: ColumnLayout, left: number, width: number): number {
  const sticky = layout.widths[0] ?? 0;
  for (let j = 1; j < layout.columns.length; j++) {
    if (layout.lefts[j]! + layout.widths[j]! > left + width + 0.5) return Math.min(layout.lefts[j]! - sticky, layout.total - width);
  }
  return 0;
}

/** The scroll position that shows column `col` whole (the first column: the start). */
export function revealColumnLeft(layout: ColumnLayout, col: number, left: number, width: number): number {
  if (col <= 0) return 0;
  const start = layout.lefts[col]! - (layout.widths[0] ?? 0);
  const end = layout.lefts[col]! + layout.widths[col]! - width;
  return start < left ? start : end > left ? Math.min(end, start) : left;
}

/** Numbers sort largest first on the first click (the biggest loans, the longest overdue); text A→Z. */
export const firstSortDescending = (column: GridColumn): boolean => column.numeric === true;

import { select, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { mixRgb } from './scales.ts';
import { fitText, textColourOn, wrapLines } from './fit-text.ts';
import { rovingFocus } from './roving-focus.ts';
import { textWidth } from './text.ts';
import { claim, keyed, part } from './join.ts';
import { markInteraction, type TooltipContent } from './marks.ts';

export interface HeatmapCell {
  /** Unique among the cells (row and column, say). */
  key: string;
  row: string;
  col: string;
  /** 0..1: the colour's strength; null: no value (blank cell). */
  value: number | null;
  /** What the cell prints. */
  valueText: string;
  selected: boolean;
}

export interface HeatmapAxisItem {
  key: string;
  label: string;
}

export interface HeatmapOptions {
  width: number;
  palette: Palette;
  rows: readonly HeatmapAxisItem[];
  cols: readonly HeatmapAxisItem[];
  /** Accessible name of each cell (its visible text included). */
  ariaLabel: (cell: HeatmapCell) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (cell: HeatmapCell) => TooltipContent;
  /** Heading of the row labels (top left corner). */
  rowTitle?: string;
  /** Heading above the column labels. */
  colTitle?: string;
  /** A text column right of the matrix, one value per row (migration rates, say). */
  annotation?: { title: string; values: readonly string[] };
  cellHeight?: number;
  /** Cells are buttons that call this with the cell; absent: cells are images (still focusable). */
  onSelect?: (cell: HeatmapCell) => void;
  onDrill?: (cell: HeatmapCell) => void;
}

const RIGHT = 4;
/** Room around a cell's value: the estimate runs a few pixels short on digits and % in wide fonts. */
const CELL_PAD = 7;
/** The smallest text the matrix prints: cells grow (and the view scrolls sideways) rather than print smaller. */
const MIN_FONT = 11;
const LINE = 13;
/** A rotated column label's longest; a longer one is cut, its full text in a title. */
const ROTATED_MAX = 120;

/** A figure of three digits or more without its zero decimals (100.0% → 100%): the same number, as wide as 99.9%. */
function shortFigure(text: string): string {
  return text.replace(/(\d{3})\.0+(?!\d)/g, '$1');
}

/** Whether wrapping at `width` would have to break inside a Latin word (which `wrapLines` hyphenates). */
function breaksWord(text: string, width: number, size: number): boolean {
  return (text.match(/[A-Za-z]+/g) ?? []).some((word) => textWidth(word, size, width) > width);
}

/** The widest word of a text: what wrapping at spaces cannot make narrower. */
function widestWord(text: string, size: number, max: number): number {
  return Math.max(0, ...text.split(/\s+/).map((word) => textWidth(word, size, max)));
}

/** A label on at most two lines of `width`, broken at spaces (CJK anywhere), never inside a Latin word: that one is cut instead. */
function labelLines(text: string, width: number, size: number): { lines: string[]; cut: boolean } {
  if (!breaksWord(text, width, size)) return wrapLines(text, width, size, 2);
  const line = fitText(text, width, size);
  return { lines: [line], cut: line !== text };
}

/** Lines of text right-aligned at `x`, the last on baseline `y` (a heading over a column). */
function headingLines(parent: Selection<SVGGElement, unknown, null, undefined>, lines: readonly string[], x: number, y: number, fill: string) {
  const text = parent.append('text').attr('x', x).attr('y', y - (lines.length - 1) * LINE).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', fill);
  lines.forEach((line, n) => text.append('tspan').attr('x', x).attr('dy', n === 0 ? 0 : LINE).text(line));
  return text;
}

/**
 * A matrix of cells coloured from the surface colour (0) to the accent (1), each printing its
 * value whole in a colour that keeps 4.5:1 contrast; the cells are reached with one tab stop and
 * the arrow keys. Selected cells are outlined. No text is smaller than 11 px: where the width is
 * too small the labels wrap at spaces, the column labels turn 45° when a word does not fit its
 * column, and the SVG grows wider than `width` (its frame scrolls). Pure: everything it draws
 * comes from its arguments.
 */
export function renderHeatmap(svg: SVGSVGElement, cells: readonly HeatmapCell[], options: HeatmapOptions): void {
  const { palette, width, rows, cols, annotation } = options;
  const cellHeight = options.cellHeight ?? 30;
  const colour = mixRgb(palette.surface, palette.accent);
  const rowTitle = options.rowTitle ?? '';
  // Row labels take at most 40 % of the width (longer ones are cut), end 8 px left of the cells.
  const maxRowLabelWidth = Math.max(80, width * 0.4);
  const rowLabelsWide = Math.max(textWidth(rowTitle, 11, maxRowLabelWidth), ...rows.map((r) => textWidth(r.label, 12, maxRowLabelWidth)));
  const rowLabelsNarrow = Math.max(widestWord(rowTitle, 11, maxRowLabelWidth), ...rows.map((r) => widestWord(r.label, 12, maxRowLabelWidth)));
  const annotationValues = annotation ? Math.max(0, ...annotation.values.map((v) => textWidth(v, 12))) : 0;
  const annotationWide = annotation ? Math.max(textWidth(annotation.title, 11), annotationValues) + 16 : 0;
  const annotationNarrow = annotation ? Math.max(widestWord(annotation.title, 11, Infinity), annotationValues) + 10 : 0;
  // Every value whole at 11 px at least, shortened where it must be: the cells are as wide as the widest.
  const minCell = Math.max(36, Math.max(0, ...cells.map((c) => textWidth(shortFigure(c.valueText), MIN_FONT))) + CELL_PAD);
  // A tenth more than the estimate: the view clips at its left edge (it scrolls), and a label must not be cut there.
  const labelColumn = (estimate: number) => Math.min(Math.ceil(estimate * 1.1) + 12, maxRowLabelWidth);
  // Labels on one line where the matrix fits the width so, else wrapped at spaces.
  const oneLine = labelColumn(rowLabelsWide) + minCell * cols.length + annotationWide + RIGHT <= width;
  const rowLabelWidth = labelColumn(oneLine ? rowLabelsWide : rowLabelsNarrow);
  const annotationWidth = oneLine ? annotationWide : annotationNarrow;
  const cellWidth = Math.max(minCell, (width - rowLabelWidth - annotationWidth - RIGHT) / Math.max(1, cols.length));
  const matrixWidth = cellWidth * cols.length;
  const rowLines = rows.map((r) => labelLines(r.label, rowLabelWidth - 8, 12));
  const rowTitleLines = labelLines(rowTitle, rowLabelWidth - 8, 11).lines;
  const annotationTitleLines = annotation ? labelLines(annotation.title, annotationWidth - 4, 11).lines : [];
  // Column labels upright on up to two lines, or all turned 45° when one would be cut (a word wider than its column, say).
  const colWraps = cols.map((c) => labelLines(c.label, cellWidth - 6, 11));
  const upright = colWraps.every((w) => !w.cut);
  const turned = cols.map((c) => fitText(c.label, ROTATED_MAX, 11));
  const turnedLength = Math.max(0, ...turned.map((t) => textWidth(t, 11)));
  const colLabelHeight = Math.max(
    upright ? Math.max(1, ...colWraps.map((w) => w.lines.length)) * LINE : Math.ceil(turnedLength * Math.SQRT1_2) + 10,
    rowTitleLines.length * LINE,
    annotationTitleLines.length * LINE,
  );
  const titleHeight = options.colTitle ? 18 : 0;
  const top = titleHeight + colLabelHeight + 8;
  const height = top + rows.length * cellHeight + 4;
  const colX = (i: number) => rowLabelWidth + (i + 0.5) * cellWidth;
  // A turned label starts 3 px left of its column's centre and runs up to the right.
  const overhang = upright ? 0 : colX(cols.length - 1) - 3 + turnedLength * Math.SQRT1_2 + 8;
  const totalWidth = Math.max(width, rowLabelWidth + matrixWidth + annotationWidth + RIGHT, overhang);
  const rowIndex = new Map(rows.map((r, i) => [r.key, i]));
  const colIndex = new Map(cols.map((c, i) => [c.key, i]));
  const placed = cells
    .filter((c) => rowIndex.has(c.row) && colIndex.has(c.col))
    .map((c) => {
      const fill = c.value === null ? palette.surface : colour(Math.min(1, Math.max(0, c.value)));
      return { key: c.key, cell: c, row: rowIndex.get(c.row)!, col: colIndex.get(c.col)!, fill, ink: textColourOn(fill, [palette.fg, palette.surface]) };
    });

  claim(svg, 'heatmap');
  const root = select(svg).attr('width', totalWidth).attr('height', height).attr('viewBox', `0 0 ${totalWidth} ${height}`);
  // Keyed: a redraw (a click's new figures) recolours the cells already drawn (see join.ts); the
  // labels and the annotation are drawn afresh in their layers.
  const labels = part(root, 'g', 'labels').attr('aria-hidden', 'true') as unknown as Selection<SVGGElement, unknown, null, undefined>;
  labels.selectChildren().remove();
  if (options.colTitle) {
    labels
      .append('text')
      .attr('x', rowLabelWidth + matrixWidth / 2)
      .attr('y', 10)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('fill', palette.muted)
      .text(fitText(options.colTitle, matrixWidth, 11));
  }
  if (rowTitle) headingLines(labels, rowTitleLines, rowLabelWidth - 8, top - 8, palette.muted);
  const colLabels = labels
    .selectAll('text.col')
    .data(cols)
    .join('text')
    .attr('class', 'col')
    .attr('font-size', 11)
    .attr('fill', palette.fg);
  if (upright) {
    colLabels
      .attr('x', (_, i) => colX(i))
      .attr('y', (_, i) => top - 8 - (colWraps[i]!.lines.length - 1) * LINE)
      .attr('text-anchor', 'middle')
      .each(function (_, i) {
        const text = select(this);
        colWraps[i]!.lines.forEach((line, n) => text.append('tspan').attr('x', colX(i)).attr('dy', n === 0 ? 0 : LINE).text(line));
      });
  } else {
    colLabels
      .attr('x', (_, i) => colX(i) - 3)
      .attr('y', top - 6)
      .attr('transform', (_, i) => `rotate(-45 ${colX(i) - 3} ${top - 6})`)
      .text((_, i) => turned[i]!);
  }
  // A cut label's full text on hover (the cells' names say it to assistive technology).
  colLabels.filter((c, i) => (upright ? colWraps[i]!.cut : turned[i] !== c.label)).append('title').text((c) => c.label);
  const rowLabels = labels
    .selectAll('text.row')
    .data(rows)
    .join('text')
    .attr('class', 'row')
    .attr('x', rowLabelWidth - 8)
    .attr('y', (_, i) => top + (i + 0.5) * cellHeight - ((rowLines[i]!.lines.length - 1) * LINE) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', 12)
    .attr('fill', palette.fg)
    .each(function (_, i) {
      const text = select(this);
      rowLines[i]!.lines.forEach((line, n) => text.append('tspan').attr('x', rowLabelWidth - 8).attr('dy', n === 0 ? 0 : LINE).text(line));
    });
  rowLabels
    .filter((_, i) => rowLines[i]!.cut)
    .append('title')
    .text((r) => r.label);
  if (!annotation) root.selectChildren('g.annotation').remove();
  if (annotation) {
    const ax = rowLabelWidth + matrixWidth + annotationWidth - 4;
    // Printed for everyone; screen readers get the same figures from the summary and the table.
    const note = part(root, 'g', 'annotation', () => true, 'g.cells').attr('aria-hidden', 'true') as unknown as Selection<SVGGElement, unknown, null, undefined>;
    note.selectChildren().remove();
    headingLines(note, annotationTitleLines, ax, top - 8, palette.muted).attr('class', 'title');
    note
      .selectAll('text.value')
      .data(annotation.values.slice(0, rows.length))
      .join('text')
      .attr('class', 'value')
      .attr('x', ax)
      .attr('y', (_, i) => top + (i + 0.5) * cellHeight)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('font-size', 12)
      .attr('fill', palette.fg)
      .text((v) => v);
  }

  const marks = keyed(part(root, 'g', 'cells heatmap'), 'g', 'mark', placed, (p) => p.key)
    .attr('transform', (p) => `translate(${rowLabelWidth + p.col * cellWidth},${top + p.row * cellHeight})`)
    .attr('aria-label', (p) => options.ariaLabel(p.cell));
  markInteraction(marks, { selected: (p) => p.cell.selected, target: (p) => p.cell, onSelect: options.onSelect, onDrill: options.onDrill, tabbable: false, tooltip: options.tooltip && ((p) => options.tooltip!(p.cell)) });
  part(marks, 'rect', 'shape')
    .attr('x', 1)
    .attr('y', 1)
    .attr('width', cellWidth - 2)
    .attr('height', cellHeight - 2)
    .attr('rx', 2)
    .attr('fill', (p) => p.fill)
    .attr('stroke', (p) => (p.cell.selected ? palette.select : palette.border))
    .attr('stroke-width', (p) => (p.cell.selected ? 2.5 : 1));
  // The whole value, never cut ("91.…" would say something the cell's name does not), one size in
  // every cell: 12 px, else 11 px, else the values too wide without their zero decimals (100.0% →
  // 100%, which fits at 11 px: the cells are that wide).
  const fits = (text: string, size: number) => textWidth(text, size, cellWidth) <= cellWidth - CELL_PAD;
  const shortened = (size: number) => (text: string) => (fits(text, size) ? text : shortFigure(text));
  const ways: [number, (text: string) => string][] = [
    [12, (text) => text],
    [MIN_FONT, (text) => text],
    [12, shortened(12)],
    [MIN_FONT, shortened(MIN_FONT)],
  ];
  const [fontSize, shown] = ways.find(([size, show]) => placed.every((p) => fits(show(p.cell.valueText), size))) ?? ways[3]!;
  part(marks, 'text', '', (p) => p.cell.valueText !== '')
    .attr('aria-hidden', 'true')
    .attr('x', cellWidth / 2)
    .attr('y', cellHeight / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', fontSize)
    .attr('fill', (p) => p.ink)
    .text((p) => shown(p.cell.valueText));

  const firstSelected = placed.findIndex((p) => p.cell.selected);
  rovingFocus(marks.nodes() as SVGGElement[], placed, firstSelected >= 0 ? firstSelected : 0);
}

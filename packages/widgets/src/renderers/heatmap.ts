import { rgb, select } from 'd3';
import type { Palette } from '../base/view.ts';
import { mixRgb } from './scales.ts';
import { fitText, textColourOn, wrapLines } from './fit-text.ts';
import { rovingFocus } from './roving-focus.ts';
import { textWidth } from './text.ts';
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

/**
 * A matrix of cells coloured from the surface colour (0) to the accent (1), each printing its
 * value in a colour that keeps 4.5:1 contrast; the cells are reached with one tab stop and the
 * arrow keys. Selected cells are outlined. Pure: everything it draws comes from its arguments.
 */
export function renderHeatmap(svg: SVGSVGElement, cells: readonly HeatmapCell[], options: HeatmapOptions): void {
  const { palette, width, rows, cols } = options;
  const cellHeight = options.cellHeight ?? 30;
  const colour = mixRgb(palette.surface, palette.accent);
  // Row labels take at most 40 % of the width (longer ones are cut), end 8 px left of the cells.
  const maxRowLabelWidth = Math.max(80, width * 0.4);
  const rowLabelWidth = Math.min(Math.max(textWidth(options.rowTitle ?? '', 11, maxRowLabelWidth), ...rows.map((r) => textWidth(r.label, 12, maxRowLabelWidth))) + 12, maxRowLabelWidth);
  const rowLabels = rows.map((r) => fitText(r.label, rowLabelWidth - 8, 12));
  const annotationWidth = options.annotation
    ? Math.max(textWidth(options.annotation.title, 11), ...options.annotation.values.map((v) => textWidth(v, 12))) + 16
    : 0;
  const cellWidth = Math.max(36, (width - rowLabelWidth - annotationWidth - RIGHT) / Math.max(1, cols.length));
  const matrixWidth = cellWidth * cols.length;
  const colWraps = cols.map((c) => wrapLines(c.label, cellWidth - 6, 11, 2));
  const colLines = colWraps.map((w) => w.lines);
  const colLabelHeight = Math.max(1, ...colLines.map((l) => l.length)) * 13;
  const titleHeight = options.colTitle ? 18 : 0;
  const top = titleHeight + colLabelHeight + 8;
  const height = top + rows.length * cellHeight + 4;
  const totalWidth = Math.max(width, rowLabelWidth + matrixWidth + annotationWidth + RIGHT);
  const rowIndex = new Map(rows.map((r, i) => [r.key, i]));
  const colIndex = new Map(cols.map((c, i) => [c.key, i]));
  const placed = cells
    .filter((c) => rowIndex.has(c.row) && colIndex.has(c.col))
    .map((c) => {
      const fill = c.value === null ? palette.surface : colour(Math.min(1, Math.max(0, c.value)));
      return { key: c.key, cell: c, row: rowIndex.get(c.row)!, col: colIndex.get(c.col)!, fill, ink: textColourOn(fill, [palette.fg, palette.surface]) };
    });

  const root = select(svg).attr('width', totalWidth).attr('height', height).attr('viewBox', `0 0 ${totalWidth} ${height}`);
  root.selectAll('*').remove();

  const labels = root.append('g').attr('class', 'labels').attr('aria-hidden', 'true');
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
  if (options.rowTitle) {
    labels
      .append('text')
      .attr('x', rowLabelWidth - 8)
      .attr('y', top - 8)
      .attr('text-anchor', 'end')
      .attr('font-size', 11)
      .attr('fill', palette.muted)
      .text(fitText(options.rowTitle, rowLabelWidth - 8, 11));
  }
  labels
    .selectAll('text.col')
    .data(cols)
    .join('text')
    .attr('class', 'col')
    .attr('x', (_, i) => rowLabelWidth + (i + 0.5) * cellWidth)
    .attr('y', (_, i) => top - 8 - (colLines[i]!.length - 1) * 13)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', palette.fg)
    .each(function (c, i) {
      const text = select(this);
      colLines[i]!.forEach((line, n) => text.append('tspan').attr('x', rowLabelWidth + (i + 0.5) * cellWidth).attr('dy', n === 0 ? 0 : 13).text(line));
      // A cut label's full text on hover (the cells' names say it to assistive technology).
      if (colWraps[i]!.cut) text.append('title').text(c.label);
    });
  labels
    .selectAll('text.row')
    .data(rows)
    .join('text')
    .attr('class', 'row')
    .attr('x', rowLabelWidth - 8)
    .attr('y', (_, i) => top + (i + 0.5) * cellHeight)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', 12)
    .attr('fill', palette.fg)
    .text((_, i) => rowLabels[i]!)
    .filter((r, i) => rowLabels[i] !== r.label)
    .append('title')
    .text((r) => r.label);
  if (options.annotation) {
    const ax = rowLabelWidth + matrixWidth + annotationWidth - 4;
    // Printed for everyone; screen readers get the same figures from the summary and the table.
    const note = root.append('g').attr('class', 'annotation').attr('aria-hidden', 'true');
    note
      .append('text')
      .attr('x', ax)
      .attr('y', top - 8)
      .attr('text-anchor', 'end')
      .attr('font-size', 11)
      .attr('fill', palette.muted)
      .text(options.annotation.title);
    note
      .selectAll('text.value')
      .data(options.annotation.values.slice(0, rows.length))
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

  const marks = root
    .append('g')
    .attr('class', 'cells')
    .selectAll('g')
    .data(placed)
    .join('g')
    .attr('class', 'mark')
    .attr('transform', (p) => `translate(${rowLabelWidth + p.col * cellWidth},${top + p.row * cellHeight})`)
    .attr('aria-label', (p) => options.ariaLabel(p.cell));
  markInteraction(marks, { selected: (p) => p.cell.selected, target: (p) => p.cell, onSelect: options.onSelect, onDrill: options.onDrill, tabbable: false, tooltip: options.tooltip && ((p) => options.tooltip!(p.cell)) });
  marks
    .append('rect')
    .attr('class', 'shape')
    .attr('x', 1)
    .attr('y', 1)
    .attr('width', cellWidth - 2)
    .attr('height', cellHeight - 2)
    .attr('rx', 2)
    .attr('fill', (p) => p.fill)
    .attr('stroke', (p) => (p.cell.selected ? palette.select : palette.border))
    .attr('stroke-width', (p) => (p.cell.selected ? 2.5 : 1));
  // The whole value or none: a cut value ("91.…") would say something the cell's name does not
  // (the name and the data table always carry the full figure). Small cells use a smaller font.
  const fontFor = (text: string) => [12, 10].find((size) => textWidth(text, size, cellWidth) <= cellWidth - 4);
  marks
    .filter((p) => fontFor(p.cell.valueText) !== undefined)
    .append('text')
    .attr('aria-hidden', 'true')
    .attr('x', cellWidth / 2)
    .attr('y', cellHeight / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', (p) => fontFor(p.cell.valueText)!)
    .attr('fill', (p) => p.ink)
    .text((p) => p.cell.valueText);

  const firstSelected = placed.findIndex((p) => p.cell.selected);
  rovingFocus(marks.nodes() as SVGGElement[], placed, firstSelected >= 0 ? firstSelected : 0);
}

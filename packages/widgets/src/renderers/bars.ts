import { max, scaleLinear, select, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { fitText } from './fit-text.ts';
import { textWidth } from './text.ts';
import { hitArea, markInteraction, titleWhereCut, type TooltipContent } from './marks.ts';
import { drawReferenceLabel, referenceLabelWidth, referenceStroke, REFERENCE_ROW, type ReferenceLine } from './reference.ts';

export interface BarDatum {
  key: string;
  label: string;
  value: number;
  /** The value as the chart prints it. */
  valueText: string;
  selected: boolean;
}

export interface BarOptions {
  width: number;
  palette: Palette;
  /** Accessible name of each mark (label, value and what selecting it does). */
  ariaLabel: (d: BarDatum) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (d: BarDatum) => TooltipContent;
  /** Vertical reference lines (averages), each labelled on a row of its own above the bars. */
  references?: readonly ReferenceLine[];
  /** Marks are buttons that call this with their key; absent: marks are plain images. */
  onSelect?: (key: string) => void;
  onDrill?: (key: string) => void;
  barHeight?: number;
}

const GAP = 6;
const MARGIN = { top: 4, right: 8, bottom: 4, left: 4 };

/**
 * Horizontal bars, one per datum, label left and value at the bar's end; the selection is
 * outlined, the rest dimmed; reference lines (averages) over the bars, labelled above them. Pure: everything it draws comes from its arguments.
 */
export function renderBars(svg: SVGSVGElement, data: readonly BarDatum[], options: BarOptions): void {
  const barHeight = options.barHeight ?? 22;
  const { palette } = options;
  const maxLabelWidth = Math.max(80, options.width * 0.4);
  const labelWidth = Math.min(Math.max(0, ...data.map((d) => textWidth(d.label, 12, maxLabelWidth))) + 8, maxLabelWidth);
  // Labels end 8 px left of the bars and start at the edge: longer ones are cut.
  const labels = data.map((d) => fitText(d.label, labelWidth - 4, 12));
  const valueWidth = Math.max(0, ...data.map((d) => textWidth(d.valueText, 12))) + 6;
  const references = options.references ?? [];
  const top = MARGIN.top + references.length * (REFERENCE_ROW + 2);
  const height = top + data.length * (barHeight + GAP) + MARGIN.bottom;
  const x0 = MARGIN.left + labelWidth;
  const x = scaleLinear()
    .domain([0, Math.max(max(data, (d) => d.value) ?? 0, ...references.map((r) => r.value)) || 1])
    .range([x0, Math.max(x0 + 10, options.width - MARGIN.right - valueWidth)]);
  const anySelected = data.some((d) => d.selected);
  const rowTop = (i: number) => top + i * (barHeight + GAP);

  const root = select(svg).attr('width', options.width).attr('height', height).attr('viewBox', `0 0 ${options.width} ${height}`);
  root.selectAll('*').remove();

  const marks = root
    .append('g')
    .selectAll('g')
    .data(data)
    .join('g')
    .attr('class', 'mark')
    .attr('transform', (_, i) => `translate(0,${rowTop(i)})`)
    .attr('aria-label', options.ariaLabel);
  markInteraction(marks, { selected: (d) => d.selected, target: (d) => d.key, onSelect: options.onSelect, onDrill: options.onDrill, tooltip: options.tooltip });
  titleWhereCut(marks, (d, i) => labels[i] !== d.label, options.ariaLabel, options.tooltip !== undefined);
  // The whole row is the target, its printed value and the gaps around it included: a zero bar too.
  hitArea(marks, () => ({ x: 0, y: -GAP / 2, width: options.width, height: barHeight + GAP }));
  const label = (g: Selection<SVGGElement, unknown, null, undefined>, text: string) =>
    g
      .append('text')
      .attr('x', x0 - 8)
      .attr('y', barHeight / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('aria-hidden', 'true')
      .attr('fill', palette.fg)
      .attr('font-size', 12)
      .text(text);
  // A label drawn whole sits in its mark. A cut one is drawn beside it, outside the mark: the mark's
  // accessible name holds the whole label, and a name must contain the text shown inside it (WCAG 2.5.3).
  marks.each(function (d, i) {
    if (labels[i] === d.label) label(select(this as SVGGElement), d.label);
  });
  if (labels.some((shown, i) => shown !== data[i]!.label)) {
    const cut = root.append('g').attr('class', 'cut-labels').attr('aria-hidden', 'true').attr('pointer-events', 'none');
    data.forEach((d, i) => {
      if (labels[i] !== d.label) label(cut.append<SVGGElement>('g').attr('transform', `translate(0,${rowTop(i)})`), labels[i]!);
    });
  }
  marks
    .append('rect')
    .attr('class', 'shape')
    .attr('x', x0)
    .attr('width', (d) => Math.max(0, x(d.value) - x0))
    .attr('height', barHeight)
    .attr('rx', 3)
    .attr('fill', (d) => (d.selected ? palette.select : palette.accent))
    .attr('fill-opacity', (d) => (anySelected && !d.selected ? 0.35 : 1))
    .attr('stroke', (d) => (d.selected ? palette.fg : 'none'));

  if (references.length > 0) {
    // Over the bars, under the values. Lines start under the labels; each label is centred on its line (kept inside the chart).
    // Transparent to the pointer: a click on a line is one on the bar under it.
    const ref = root.append('g').attr('class', 'reference').attr('aria-hidden', 'true').attr('pointer-events', 'none');
    references.forEach((r, i) => {
      const rx = x(r.value);
      referenceStroke(ref.append('line').attr('x1', rx).attr('x2', rx).attr('y1', top - 4).attr('y2', height - MARGIN.bottom), r.scope, palette);
      const w = referenceLabelWidth(r);
      const lx = Math.max(0, Math.min(options.width - w, rx - w / 2));
      drawReferenceLabel(ref, r, palette, lx, MARGIN.top + i * (REFERENCE_ROW + 2) + REFERENCE_ROW / 2);
    });
  }

  // The values, outside the marks (whose names state them), on a halo of the background so that a
  // reference line under them never cuts a figure.
  root
    .append('g')
    .attr('class', 'values')
    .attr('aria-hidden', 'true')
    .attr('pointer-events', 'none')
    .selectAll('text')
    .data(data)
    .join('text')
    .attr('x', (d) => x(d.value) + 4)
    .attr('y', (_, i) => rowTop(i) + barHeight / 2)
    .attr('dy', '0.35em')
    .attr('fill', palette.fg)
    .attr('stroke', palette.surface)
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke')
    .attr('font-size', 12)
    .text((d) => d.valueText);
}

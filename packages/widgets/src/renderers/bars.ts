import { max, scaleLinear, select } from 'd3';
import type { Palette } from '../base/view.ts';
import { textWidth } from './text.ts';
import { markInteraction } from './marks.ts';

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
  /** A vertical reference line (the bank-wide ratio, say). */
  reference?: { value: number; label: string };
  /** Marks are buttons that call this with their key; absent: marks are plain images. */
  onSelect?: (key: string) => void;
  onDrill?: (key: string) => void;
  barHeight?: number;
}

const GAP = 6;
const MARGIN = { top: 4, right: 8, bottom: 4, left: 4 };

/**
 * Horizontal bars, one per datum, label left and value at the bar's end; the selection is
 * outlined, the rest dimmed. Pure: everything it draws comes from its arguments.
 */
export function renderBars(svg: SVGSVGElement, data: readonly BarDatum[], options: BarOptions): void {
  const barHeight = options.barHeight ?? 22;
  const { palette } = options;
  const labelWidth = Math.min(Math.max(0, ...data.map((d) => textWidth(d.label, 12))) + 8, Math.max(80, options.width * 0.4));
  const valueWidth = Math.max(0, ...data.map((d) => textWidth(d.valueText, 12))) + 6;
  const top = MARGIN.top + (options.reference ? 16 : 0);
  const height = top + data.length * (barHeight + GAP) + MARGIN.bottom;
  const x0 = MARGIN.left + labelWidth;
  const x = scaleLinear()
    .domain([0, Math.max(max(data, (d) => d.value) ?? 0, options.reference?.value ?? 0) || 1])
    .range([x0, Math.max(x0 + 10, options.width - MARGIN.right - valueWidth)]);
  const anySelected = data.some((d) => d.selected);

  const root = select(svg).attr('width', options.width).attr('height', height).attr('viewBox', `0 0 ${options.width} ${height}`);
  root.selectAll('*').remove();

  const marks = root
    .append('g')
    .selectAll('g')
    .data(data)
    .join('g')
    .attr('class', 'mark')
    .attr('transform', (_, i) => `translate(0,${top + i * (barHeight + GAP)})`)
    .attr('aria-label', options.ariaLabel);
  markInteraction(marks, { selected: (d) => d.selected, target: (d) => d.key, onSelect: options.onSelect, onDrill: options.onDrill });
  marks
    .append('text')
    .attr('x', x0 - 8)
    .attr('y', barHeight / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('aria-hidden', 'true')
    .attr('fill', palette.fg)
    .attr('font-size', 12)
    .text((d) => d.label);
  // A space between the label and the value, so that the mark's text reads as two words.
  marks.each(function () {
    (this as SVGGElement).append(' ');
  });
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
  marks
    .append('text')
    .attr('x', (d) => x(d.value) + 4)
    .attr('y', barHeight / 2)
    .attr('dy', '0.35em')
    .attr('aria-hidden', 'true')
    .attr('fill', palette.fg)
    .attr('font-size', 12)
    .text((d) => d.valueText);

  if (options.reference) {
    const rx = x(options.reference.value);
    const ref = root.append('g').attr('class', 'reference').attr('aria-hidden', 'true');
    ref.append('line').attr('x1', rx).attr('x2', rx).attr('y1', top - 4).attr('y2', height - MARGIN.bottom).attr('stroke', palette.danger).attr('stroke-dasharray', '4 3');
    ref.append('text').attr('x', rx).attr('y', 10).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', palette.danger).text(options.reference.label);
  }
}

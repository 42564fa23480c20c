import { line, max, select, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { linearScale, pointScale } from './scales.ts';
import { rovingFocus } from './roving-focus.ts';
import { fitText } from './fit-text.ts';
import { textWidth } from './text.ts';
import { claim, keyed, part } from './join.ts';
import { markInteraction, MIN_TARGET, type TooltipContent } from './marks.ts';
import { categoryAxes } from './axes.ts';

export interface LinePoint {
  /** Unique among all points of all series (series and category, say). */
  key: string;
  /** The category on the x axis (a month end). */
  x: string;
  /** null: no value (a gap in the line, no point). */
  value: number | null;
  valueText: string;
  selected: boolean;
}

export interface LineSeries {
  key: string;
  label: string;
  points: LinePoint[];
}

export interface LineOptions {
  width: number;
  /** Total height, legend and axes included (default 220). */
  height?: number;
  palette: Palette;
  /** The x categories in order (every point's `x` is one of them). */
  categories: readonly string[];
  /** Accessible name of each point (series, category and value). */
  ariaLabel: (point: LinePoint, series: LineSeries) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (point: LinePoint, series: LineSeries) => TooltipContent;
  /** Text of an x tick (default: the category). */
  xTickFormat?: (x: string) => string;
  /** Text of a y tick (default: the number). */
  yTickFormat?: (value: number) => string;
  /** Series colours, in order (default: accent, accent 2, warn, danger, muted), cycled with dash patterns. */
  colors?: readonly string[];
  /** Left margin, to line up with another chart below (default: from the tick labels). */
  marginLeft?: number;
  /** Show the legend (default: when there is more than one series). */
  legend?: boolean;
  /** Points are buttons that call this with their category; absent: points are images (still focusable). */
  onSelect?: (x: string) => void;
  onDrill?: (x: string) => void;
}

const RIGHT = 12;
const BOTTOM = 22;
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

/** Room before a legend item's text (its swatch), and after it. */
const SWATCH = 22;
const LEGEND_GAP = 14;

/**
 * Legend items laid out left to right, wrapping: x, y and the text of each (cut to one line of the
 * legend: `cut` says so) and the total height.
 */
export function legendLayout(labels: readonly string[], width: number, left: number): { x: number; y: number; text: string; cut: boolean }[] & { height: number } {
  let x = left;
  let y = 8;
  const room = width - left - SWATCH - LEGEND_GAP;
  const out = labels.map((label) => {
    const text = fitText(label, room, 11);
    const w = SWATCH + textWidth(text, 11) + LEGEND_GAP;
    if (x > left && x + w > width) {
      x = left;
      y += 16;
    }
    const at = { x, y, text, cut: text !== label };
    x += w;
    return at;
  });
  return Object.assign(out, { height: labels.length ? y + 10 : 0 });
}

/**
 * Swatches and names where legendLayout placed them (aria-hidden: the marks and the table say the
 * same); a name cut to its line keeps the whole in a title. The swatch is a square of the series'
 * colour (areas, columns) or a short line in its colour and dash (lines).
 */
export function drawSwatchLegend(
  root: Selection<SVGSVGElement, unknown, null, undefined>,
  series: readonly { label: string }[],
  legend: ReturnType<typeof legendLayout>,
  colors: readonly string[],
  fg: string,
  swatch: 'square' | 'line' = 'square',
  /** Where the legend goes among the chart's layers (before the first matching child); else last. */
  before?: string,
): void {
  const items = (before ? root.insert('g', `:scope > ${before}`) : root.append('g'))
    .attr('class', 'legend')
    .attr('aria-hidden', 'true')
    .selectAll('g')
    .data(series)
    .join('g')
    .attr('transform', (_, i) => `translate(${legend[i]!.x},${legend[i]!.y})`);
  if (swatch === 'line') {
    items
      .append('line')
      .attr('x1', 0)
      .attr('x2', 18)
      .attr('stroke', (_, i) => seriesStyle(i, colors).color)
      .attr('stroke-dasharray', (_, i) => seriesStyle(i, colors).dash || null)
      .attr('stroke-width', 2);
  } else {
    items
      .append('rect')
      .attr('x', 4)
      .attr('y', -5)
      .attr('width', 12)
      .attr('height', 10)
      .attr('fill', (_, i) => colors[i % colors.length]!);
  }
  items
    .append('text')
    .attr('x', 22)
    .attr('dy', '0.35em')
    .attr('font-size', 11)
    .attr('fill', fg)
    .text((_, i) => legend[i]!.text)
    .filter((_, i) => legend[i]!.cut)
    .append('title')
    .text((l) => l.label);
}

/** The series' colour and dash pattern. */
export function seriesStyle(index: number, colors: readonly string[]): { color: string; dash: string } {
  return { color: colors[index % colors.length]!, dash: DASHES[Math.floor(index / colors.length) % DASHES.length]! };
}

/**
 * Lines over ordered categories (months), one per series, a point per value: the points are the
 * marks, reached with one tab stop and the arrow keys (left/right: months, up/down: series). The
 * selected category is shaded. Pure: everything it draws comes from its arguments.
 */
export function renderLines(svg: SVGSVGElement, series: readonly LineSeries[], options: LineOptions): void {
  const { palette, width } = options;
  const height = options.height ?? 220;
  const colors = options.colors ?? [palette.accent, palette.accent2, palette.warn, palette.danger, palette.muted];
  const yFormat = options.yTickFormat ?? ((v: number) => String(v));
  const xFormat = options.xTickFormat ?? ((x: string) => x);
  const showLegend = options.legend ?? series.length > 1;

  const values = series.flatMap((s) => s.points.map((p) => p.value ?? 0));
  const legend = legendLayout(showLegend ? series.map((s) => s.label) : [], width - RIGHT, options.marginLeft ?? 4);
  const top = (showLegend ? legend.height : 0) + 10;
  const y = linearScale([0, (max(values) ?? 0) * 1.1 || 0.01], [height - BOTTOM, top], { nice: 4 });
  const ticks = y.ticks(4);
  const left = options.marginLeft ?? Math.max(0, ...ticks.map((v) => textWidth(yFormat(v), 11))) + 10;
  const x = pointScale(options.categories, [left, Math.max(left + 10, width - RIGHT)], 0.5);
  const step = x.step;
  const xOf = (category: string) => x(category) ?? left;

  claim(svg, 'lines');
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  // Keyed: a redraw (a click's new figures) moves the points and lines already drawn (see join.ts);
  // the axes and the legend, a few nodes, are drawn afresh in their layers.
  const axis = part(root, 'g', 'axis').attr('aria-hidden', 'true') as unknown as Selection<SVGGElement, unknown, null, undefined>;
  axis.selectChildren().remove();
  categoryAxes(axis, { palette, y, ticks, yFormat, categories: options.categories, xOf, step, xFormat, left, baseline: height - BOTTOM, gridTo: width - RIGHT });

  // The selected category.
  const selected = options.categories.filter((c) => series.some((s) => s.points.some((p) => p.x === c && p.selected)));
  keyed(part(root, 'g', 'selection').attr('aria-hidden', 'true'), 'rect', '', selected, (c) => c)
    .attr('x', (c) => xOf(c) - step / 2)
    .attr('width', step)
    .attr('y', top)
    .attr('height', height - BOTTOM - top)
    .attr('fill', palette.select)
    .attr('fill-opacity', 0.18);

  root.selectChildren('g.legend').remove();
  if (showLegend) drawSwatchLegend(root, series, legend, colors, palette.fg, 'line', 'g.lines');

  // Lines.
  const path = line<LinePoint>()
    .defined((p) => p.value !== null)
    .x((p) => xOf(p.x))
    .y((p) => y(p.value ?? 0));
  keyed(part(root, 'g', 'lines').attr('aria-hidden', 'true'), 'path', '', series, (s) => s.key)
    .attr('d', (s) => path(s.points) ?? '')
    .attr('fill', 'none')
    .attr('stroke', (_, i) => seriesStyle(i, colors).color)
    .attr('stroke-dasharray', (_, i) => seriesStyle(i, colors).dash || null)
    .attr('stroke-width', 2);

  // Points: the marks.
  const points = series.flatMap((s, row) =>
    s.points
      .filter((p) => p.value !== null)
      .map((p) => ({ key: p.key, point: p, series: s, row, col: options.categories.indexOf(p.x), color: seriesStyle(row, colors).color })),
  );
  const marks = keyed(part(root, 'g', 'points'), 'g', 'mark', points, (m) => `${m.series.key}\u0000${m.key}`).attr('aria-label', (m) => options.ariaLabel(m.point, m.series));
  markInteraction(marks, { selected: (m) => m.point.selected, target: (m) => m.point.x, onSelect: options.onSelect, onDrill: options.onDrill, tabbable: false, tooltip: options.tooltip && ((m) => options.tooltip!(m.point, m.series)) });
  part(marks, 'circle', 'hit')
    .attr('cx', (m) => xOf(m.point.x))
    .attr('cy', (m) => y(m.point.value ?? 0))
    .attr('r', MIN_TARGET / 2)
    .attr('fill', 'transparent');
  part(marks, 'circle', 'shape')
    .attr('cx', (m) => xOf(m.point.x))
    .attr('cy', (m) => y(m.point.value ?? 0))
    .attr('r', (m) => (m.point.selected ? 5.5 : 4))
    .attr('fill', (m) => (m.point.selected ? palette.select : m.color))
    .attr('stroke', (m) => (m.point.selected ? palette.fg : palette.surface))
    .attr('stroke-width', 1.5);

  // One tab stop: the first selected point, else the latest point of the first series.
  const firstSelected = points.findIndex((m) => m.point.selected);
  const lastOfFirst = points.reduce((best, m, i) => (m.row === 0 && m.col >= (points[best]?.col ?? -1) ? i : best), 0);
  rovingFocus(marks.nodes() as SVGGElement[], points, firstSelected >= 0 ? firstSelected : lastOfFirst);
}

import { area, max, scaleLinear, scalePoint, select, stack, type SeriesPoint } from 'd3';
import type { Palette } from '../base/view.ts';
import { drawSwatchLegend, legendLayout } from './lines.ts';
import { textWidth } from './text.ts';
import { categoryAxes } from './axes.ts';

export interface StackedLayer {
  key: string;
  label: string;
}

export interface StackedRow {
  /** The category on the x axis (a month end). */
  key: string;
  /** Each layer's value (missing: 0). */
  values: Readonly<Record<string, number>>;
}

export interface StackedAreaOptions {
  width: number;
  /** Total height, legend and axes included (default 160). */
  height?: number;
  palette: Palette;
  /** The layers, bottom up. */
  layers: readonly StackedLayer[];
  /** Layer colours, in order (default: the five-category colours). */
  colors?: readonly string[];
  /** The x categories in order (default: the rows' keys). */
  categories?: readonly string[];
  xTickFormat?: (x: string) => string;
  yTickFormat?: (value: number) => string;
  /** Left margin, to line up with another chart above (default: from the tick labels). */
  marginLeft?: number;
}

const RIGHT = 12;
const BOTTOM = 22;

/**
 * Stacked areas over ordered categories (a month's five-category balances, say), with a legend;
 * a single category is drawn as one stacked column. Not interactive: the view's table holds the
 * numbers. Pure: everything it draws comes from its arguments.
 */
export function renderStackedArea(svg: SVGSVGElement, rows: readonly StackedRow[], options: StackedAreaOptions): void {
  const { palette, width } = options;
  const height = options.height ?? 160;
  const colors = options.colors ?? palette.classes;
  const yFormat = options.yTickFormat ?? ((v: number) => String(v));
  const xFormat = options.xTickFormat ?? ((x: string) => x);
  const categories = options.categories ?? rows.map((r) => r.key);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const ordered = categories.map((key) => byKey.get(key) ?? { key, values: {} });
  const keys = options.layers.map((l) => l.key);
  const series = stack<StackedRow, string>()
    .keys(keys)
    .value((row, key) => Math.max(0, row.values[key] ?? 0))(ordered);

  const legend = legendLayout(options.layers.map((l) => l.label), width - RIGHT, options.marginLeft ?? 4);
  const top = legend.height + 10;
  const y = scaleLinear()
    .domain([0, max(series.at(-1) ?? [], (d) => d[1]) || 1])
    .range([height - BOTTOM, top])
    .nice(3);
  const ticks = y.ticks(3);
  const left = options.marginLeft ?? Math.max(0, ...ticks.map((v) => textWidth(yFormat(v), 11))) + 10;
  const x = scalePoint<string>().domain(categories).range([left, Math.max(left + 10, width - RIGHT)]).padding(0.5);
  const step = x.step();
  const xOf = (category: string) => x(category) ?? left;

  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  root.selectAll('*').remove();

  const axis = root.append('g').attr('class', 'axis').attr('aria-hidden', 'true');
  categoryAxes(axis, { palette, y, ticks, yFormat, categories, xOf, step, xFormat, left, baseline: height - BOTTOM });

  drawSwatchLegend(root, options.layers, legend, colors, palette.fg);

  const layers = root.append('g').attr('class', 'layers').attr('aria-hidden', 'true');
  if (categories.length === 1) {
    const columnWidth = Math.min(step * 0.5, 48);
    layers
      .selectAll('rect')
      .data(series)
      .join('rect')
      .attr('class', 'layer')
      .attr('x', xOf(categories[0]!) - columnWidth / 2)
      .attr('width', columnWidth)
      .attr('y', (s) => y(s[0]![1]))
      .attr('height', (s) => Math.max(0, y(s[0]![0]) - y(s[0]![1])))
      .attr('fill', (_, i) => colors[i % colors.length]!);
  } else {
    const shape = area<SeriesPoint<StackedRow>>()
      .x((d) => xOf(d.data.key))
      .y0((d) => y(d[0]))
      .y1((d) => y(d[1]));
    layers
      .selectAll('path')
      .data(series)
      .join('path')
      .attr('class', 'layer')
      .attr('d', (s) => shape(s) ?? '')
      .attr('fill', (_, i) => colors[i % colors.length]!)
      .attr('stroke', palette.surface)
      .attr('stroke-width', 1);
  }
  root
    .append('line')
    .attr('aria-hidden', 'true')
    .attr('x1', left)
    .attr('x2', width - RIGHT)
    .attr('y1', y(0))
    .attr('y2', y(0))
    .attr('stroke', palette.border);
}

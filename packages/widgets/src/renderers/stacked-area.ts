import { area, max, select, stack, type Selection, type Series, type SeriesPoint } from 'd3';
import type { Palette } from '../base/view.ts';
import { drawSwatchLegend, legendLayout } from './lines.ts';
import { hitArea, markInteraction, type TooltipContent } from './marks.ts';
import { rovingFocus } from './roving-focus.ts';
import { linearScale, pointScale } from './scales.ts';
import { textWidth } from './text.ts';
import { categoryAxes } from './axes.ts';
import { claim, keyed, part } from './join.ts';

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
  /**
   * Accessible name of a category (its figures). Given, each category is a mark: a column as wide
   * as its step (at least MIN_TARGET), reached with one tab stop and the arrow keys.
   */
  ariaLabel?: (row: StackedRow) => string;
  /** The tooltip of a category's mark (the view shows it on hover and focus). */
  tooltip?: (row: StackedRow) => TooltipContent;
}

const RIGHT = 12;
const BOTTOM = 22;

/**
 * Stacked areas over ordered categories (a month's five-category balances, say), with a legend;
 * a single category is drawn as one stacked column. With `ariaLabel`, each category is a mark
 * (an image: it selects nothing) whose tooltip and name give its figures; the column under the
 * pointer or focus is the hit area, and the stack's extent at that category its shape. Pure:
 * everything it draws comes from its arguments.
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
  const y = linearScale([0, max(series.at(-1) ?? [], (d) => d[1]) || 1], [height - BOTTOM, top], { nice: 3 });
  const ticks = y.ticks(3);
  const left = options.marginLeft ?? Math.max(0, ...ticks.map((v) => textWidth(yFormat(v), 11))) + 10;
  const x = pointScale(categories, [left, Math.max(left + 10, width - RIGHT)], 0.5);
  const step = x.step;
  const xOf = (category: string) => x(category) ?? left;

  claim(svg, 'stacked-area');
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  // Keyed (join.ts): a redraw reshapes the layers and moves the marks already drawn; the axes and
  // the legend, a few nodes, are drawn afresh in their layers.
  const axis = part(root, 'g', 'axis').attr('aria-hidden', 'true') as unknown as Selection<SVGGElement, unknown, null, undefined>;
  axis.selectChildren().remove();
  categoryAxes(axis, { palette, y, ticks, yFormat, categories, xOf, step, xFormat, left, baseline: height - BOTTOM });

  root.selectChildren('g.legend').remove();
  drawSwatchLegend(root, options.layers, legend, colors, palette.fg, 'square', 'g.layers');

  const layers = part(root, 'g', 'layers').attr('aria-hidden', 'true');
  const columnWidth = Math.min(step * 0.5, 48);
  // A single category is a column of rectangles, more are areas: the one gives way to the other.
  const single = categories.length === 1;
  keyed(layers, 'rect', 'layer', single ? series : [], (s) => s.key)
    .attr('x', xOf(categories[0]!) - columnWidth / 2)
      .attr('width', columnWidth)
      .attr('y', (s) => y(s[0]![1]))
      .attr('height', (s) => Math.max(0, y(s[0]![0]) - y(s[0]![1])))
      .attr('fill', (_, i) => colors[i % colors.length]!);
  const shape = area<SeriesPoint<StackedRow>>()
    .x((d) => xOf(d.data.key))
    .y0((d) => y(d[0]))
    .y1((d) => y(d[1]));
  keyed(layers, 'path', 'layer', single ? [] : series, (s) => s.key)
    .attr('d', (s) => shape(s) ?? '')
    .attr('fill', (_, i) => colors[i % colors.length]!)
    .attr('stroke', palette.surface)
    .attr('stroke-width', 1);
  part(root, 'line', '', () => true, 'g.columns')
    .attr('aria-hidden', 'true')
    .attr('x1', left)
    .attr('x2', width - RIGHT)
    .attr('y1', y(0))
    .attr('y2', y(0))
    .attr('stroke', palette.border);

  if (options.ariaLabel) drawMarks(root, ordered, series, { ...options, ariaLabel: options.ariaLabel }, { xOf, y, step, top, columnWidth });
  else part(root, 'g', 'columns', () => false);
}

/**
 * One mark per category over the areas: its hit area the category's column (its step wide, at
 * least MIN_TARGET), its shape the stack at that category (outlined on keyboard focus, where the
 * tooltip points), one tab stop for them all, the latest category first.
 */
function drawMarks(
  root: Selection<SVGSVGElement, unknown, null, undefined>,
  rows: readonly StackedRow[],
  series: readonly Series<StackedRow, string>[],
  options: StackedAreaOptions & { ariaLabel: (row: StackedRow) => string },
  at: { xOf: (category: string) => number; y: (value: number) => number; step: number; top: number; columnWidth: number },
): void {
  const { xOf, y, step, top } = at;
  const baseline = y(0);
  // A sliver wide on an area (where the pointer is a month, not a band); the single column as drawn.
  const shapeWidth = rows.length === 1 ? at.columnWidth : Math.min(step * 0.25, 16);
  const marks = keyed(part(root, 'g', 'columns'), 'g', 'mark', rows.map((row, col) => ({ key: row.key, row, col })), (d) => d.key)
    .attr('aria-label', (d) => options.ariaLabel(d.row));
  markInteraction(marks, { selected: () => false, target: (d) => d.key, tabbable: false, tooltip: options.tooltip && ((d) => options.tooltip!(d.row)) });
  hitArea(marks, (d) => ({ x: xOf(d.key) - step / 2, y: top, width: step, height: baseline - top }));
  // The focus ring outlines the shape, not the whole column the pointer takes.
  marks.select('rect.hit').attr('stroke', 'none');
  part(marks, 'rect', 'shape')
    .attr('x', (d) => xOf(d.key) - shapeWidth / 2)
    .attr('width', shapeWidth)
    .attr('y', (d) => y(series.at(-1)?.[d.col]?.[1] ?? 0))
    .attr('height', (d) => Math.max(0, baseline - y(series.at(-1)?.[d.col]?.[1] ?? 0)))
    .attr('fill', 'transparent');
  rovingFocus(marks.nodes() as SVGGElement[], rows.map((_, col) => ({ row: 0, col })), rows.length - 1);
}

import { max, select, stack, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { linearScale, pointScale } from './scales.ts';
import { categoryAxes } from './axes.ts';
import { drawSwatchLegend, legendLayout } from './lines.ts';
import { hitArea, markInteraction, type TooltipContent } from './marks.ts';
import { rovingFocus } from './roving-focus.ts';
import { textWidth } from './text.ts';
import { claim, keyed, part } from './join.ts';

export interface ClassTrendLayer {
  key: string;
  label: string;
}

export interface ClassTrendColumn {
  /** The category on the x axis (a month end). */
  key: string;
  /** Each layer's value (missing: 0). */
  values: Readonly<Record<string, number>>;
  /** The column's total as printed above it. */
  totalText: string;
}

export interface ClassTrendOptions {
  width: number;
  /** Total height, legend and axes included (default 190). */
  height?: number;
  palette: Palette;
  /** The layers, bottom up, and their colours in the same order. */
  layers: readonly ClassTrendLayer[];
  colors: readonly string[];
  /** The x categories in order (default: the columns' keys). */
  categories?: readonly string[];
  xTickFormat?: (x: string) => string;
  yTickFormat?: (value: number) => string;
  /** Left margin, to line up with another chart above (default: from the tick labels). */
  marginLeft?: number;
  /** Accessible name of a column: its category and every layer's figure. */
  ariaLabel: (column: ClassTrendColumn) => string;
  tooltip?: (column: ClassTrendColumn) => TooltipContent;
}

const RIGHT = 12;
const BOTTOM = 22;
const FONT = 11;

/**
 * A few small layers over ordered categories as stacked columns on their own scale (the
 * non-pass five-category classes by month: 关注, 次级, 可疑, 损失 without the 正常 that would
 * flatten them), each column's total above it. The columns are the marks: images reached with one
 * tab stop and the arrow keys, named with every layer's figure. Pure: everything it draws comes
 * from its arguments.
 */
export function renderClassTrend(svg: SVGSVGElement, columns: readonly ClassTrendColumn[], options: ClassTrendOptions): void {
  const { palette, width, colors } = options;
  const height = options.height ?? 190;
  const yFormat = options.yTickFormat ?? ((v: number) => String(v));
  const xFormat = options.xTickFormat ?? ((x: string) => x);
  const categories = options.categories ?? columns.map((c) => c.key);
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const ordered = categories.map((key) => byKey.get(key) ?? { key, values: {}, totalText: '' });
  const series = stack<ClassTrendColumn, string>()
    .keys(options.layers.map((l) => l.key))
    .value((c, key) => Math.max(0, c.values[key] ?? 0))(ordered);

  const legend = legendLayout(options.layers.map((l) => l.label), width - RIGHT, options.marginLeft ?? 4);
  // Room for the totals above the tallest column.
  const top = legend.height + 10 + 16;
  const y = linearScale([0, max(series.at(-1) ?? [], (d) => d[1]) || 1], [height - BOTTOM, top], { nice: 3 });
  const ticks = y.ticks(3);
  const left = options.marginLeft ?? Math.max(0, ...ticks.map((v) => textWidth(yFormat(v), FONT))) + 10;
  const x = pointScale(categories, [left, Math.max(left + 10, width - RIGHT)], 0.5);
  const step = Math.max(x.step, 1);
  const xOf = (category: string) => x(category) ?? left;
  const columnWidth = Math.max(4, Math.min(step * 0.6, 56));

  claim(svg, 'class-trend');
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  // Keyed (join.ts): a redraw moves the columns and their layers already drawn; the axes and the
  // legend, a few nodes, are drawn afresh in their layers.
  const axis = part(root, 'g', 'axis').attr('aria-hidden', 'true') as unknown as Selection<SVGGElement, unknown, null, undefined>;
  axis.selectChildren().remove();
  categoryAxes(axis, { palette, y, ticks, yFormat, categories, xOf, step, xFormat, left, baseline: height - BOTTOM, gridTo: width - RIGHT });

  root.selectChildren('g.legend').remove();
  drawSwatchLegend(root, options.layers, legend, colors, palette.fg, 'square', 'g.columns');

  const marks = keyed(part(root, 'g', 'columns'), 'g', 'mark', ordered.map((column, col) => ({ key: column.key, column, col })), (d) => d.key)
    .attr('aria-label', (d) => options.ariaLabel(d.column));
  markInteraction(marks, { selected: () => false, target: (d) => d.key, tabbable: false, tooltip: options.tooltip && ((d) => options.tooltip!(d.column)) });
  const box = (col: number) => {
    const top = y(series.at(-1)?.[col]?.[1] ?? 0);
    return { x: xOf(categories[col]!) - columnWidth / 2, y: top, width: columnWidth, height: y(0) - top };
  };
  hitArea(marks, (d) => box(d.col));
  keyed(
    marks,
    'rect',
    'layer',
    (d) => series.map((s, i) => ({ key: s.key, from: s[d.col]![0], to: s[d.col]![1], color: colors[i % colors.length]!, x: box(d.col).x })),
    (s) => s.key,
    'text.total',
  )
    .attr('x', (s) => s.x)
    .attr('width', columnWidth)
    .attr('y', (s) => y(s.to))
    .attr('height', (s) => Math.max(0, y(s.from) - y(s.to)))
    .attr('fill', (s) => s.color)
    .attr('stroke', palette.surface)
    .attr('stroke-width', (s) => (s.to > s.from ? 0.5 : 0));
  // Totals where they fit side by side; else the latest month's alone. Each is centred over its own
  // column (shifted inside the plot at the ends), above any column it spans, and dropped if it
  // would cover a total already placed (the latest first).
  const fits = Math.max(0, ...ordered.map((c) => textWidth(c.totalText, FONT, step))) + 4 <= step;
  const placed: { col: number; x: number; y: number; left: number; right: number }[] = [];
  for (let col = ordered.length - 1; col >= 0; col--) {
    const text = ordered[col]!.totalText;
    if (!text || (!fits && col !== ordered.length - 1)) continue;
    const half = textWidth(text, FONT) / 2;
    const x = Math.max(left + half, Math.min(xOf(categories[col]!), width - RIGHT - half));
    const spanned = ordered.map((_, i) => box(i)).filter((b) => b.x < x + half && b.x + b.width > x - half);
    const baseline = Math.min(box(col).y, ...spanned.map((b) => b.y)) - 4;
    const clash = placed.some((p) => p.left < x + half + 2 && p.right > x - half - 2 && Math.abs(p.y - baseline) < FONT + 2);
    if (!clash) placed.push({ col, x, y: baseline, left: x - half, right: x + half });
  }
  const totals = new Map(placed.map((p) => [p.col, p]));
  part(marks, 'text', 'total', (d) => totals.has(d.col), 'line.leader')
    .attr('x', (d) => totals.get(d.col)!.x)
    .attr('y', (d) => totals.get(d.col)!.y)
    .attr('text-anchor', 'middle')
    .attr('font-size', FONT)
    .attr('font-weight', 600)
    .attr('fill', palette.fg)
    .text((d) => d.column.totalText);
  // A total lifted over a taller neighbour points down to its own column.
  part(marks, 'line', 'leader', (d) => totals.has(d.col) && totals.get(d.col)!.y + 4 < box(d.col).y - 4)
    .attr('x1', (d) => xOf(d.key))
    .attr('x2', (d) => xOf(d.key))
    .attr('y1', (d) => totals.get(d.col)!.y + 3)
    .attr('y2', (d) => box(d.col).y - 2)
    .attr('stroke', palette.fg)
    .attr('stroke-width', 1);
  rovingFocus(
    marks.nodes() as SVGGElement[],
    ordered.map((_, col) => ({ row: 0, col })),
    ordered.length - 1,
  );
}

import type { Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import type { LinearScale } from './scales.ts';
import { textWidth } from './text.ts';

export interface CategoryAxesOptions {
  palette: Palette;
  /** The value scale, its ticks and their format (left axis). */
  y: LinearScale;
  ticks: readonly number[];
  yFormat: (v: number) => string;
  /** The categories along the bottom (months), where each sits and the distance between two. */
  categories: readonly string[];
  xOf: (category: string) => number;
  step: number;
  xFormat: (category: string) => string;
  left: number;
  baseline: number;
  /** Draw horizontal grid lines at the ticks up to this x (none when absent). */
  gridTo?: number;
}

/**
 * A value axis on the left and category labels along the bottom (thinned from the right so the
 * latest month always shows), into a decorative (aria-hidden) group.
 */
export function categoryAxes(axis: Selection<SVGGElement, unknown, null, undefined>, o: CategoryAxesOptions): void {
  if (o.gridTo !== undefined) {
    axis
      .selectAll('line')
      .data(o.ticks)
      .join('line')
      .attr('x1', o.left)
      .attr('x2', o.gridTo)
      .attr('y1', (v) => o.y(v))
      .attr('y2', (v) => o.y(v))
      .attr('stroke', o.palette.border)
      .attr('stroke-width', (v) => (v === 0 ? 1 : 0.5));
  }
  axis
    .selectAll('text.y')
    .data(o.ticks)
    .join('text')
    .attr('class', 'y')
    .attr('x', o.left - 6)
    .attr('y', (v) => o.y(v))
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', 11)
    .attr('fill', o.palette.muted)
    .text(o.yFormat);
  // A label wider than the whole axis shows alone (the latest) however much wider: measured no further.
  const axisLength = Math.max(o.step, 1) * o.categories.length;
  const labelWidth = Math.max(0, ...o.categories.map((c) => textWidth(o.xFormat(c), 11, axisLength))) + 8;
  const every = Math.max(1, Math.ceil(labelWidth / Math.max(o.step, 1)));
  axis
    .selectAll('text.x')
    .data(o.categories.filter((_, i) => (o.categories.length - 1 - i) % every === 0))
    .join('text')
    .attr('class', 'x')
    .attr('x', o.xOf)
    .attr('y', o.baseline + 15)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', o.palette.muted)
    .text(o.xFormat);
}

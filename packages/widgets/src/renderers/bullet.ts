import { max, select, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { linearScale } from './scales.ts';
import { fitText } from './fit-text.ts';
import { rovingFocus } from './roving-focus.ts';
import { textWidth } from './text.ts';
import { claim, keyed, part } from './join.ts';
import { markInteraction, titleWhereCut, type TooltipContent } from './marks.ts';

/** One row of a bullet chart: a unit's actual against its target. */
export interface BulletDatum {
  key: string;
  label: string;
  /** The rank as printed ("1", "2" …). */
  rankText: string;
  /** The bar, on a scale where the target is 1 (actual / target, or a share when no target applies); null: no bar. */
  value: number | null;
  /** The ratio as printed (the row's headline figure). */
  valueText: string;
  /** Actual and target as printed, under the label. */
  detailText: string;
  /** Ahead of or behind pace: the word, and which it is (for its colour; null: neither, in the muted colour). */
  statusText: string;
  ahead: boolean | null;
  /** Flagged rows (the bottom five) get a band, a ▼ and `flagText`: visible without colour. */
  flagged: boolean;
  flagText: string;
  selected: boolean;
}

export interface BulletOptions {
  width: number;
  palette: Palette;
  /** Accessible name of each row (rank, figures, pace, flag, what selecting does). */
  ariaLabel: (d: BulletDatum) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (d: BulletDatum) => TooltipContent;
  /** The pace (序时进度) as a share of the target: one vertical line across every row. */
  pace: { value: number; label: string } | null;
  /** Legend words for the bar and the target marker; without `target` no row draws a target marker (no target applies). */
  legend: { actual: string; target?: string };
  /** Axis tick text (the scale is a share of the target). */
  tickFormat: (value: number) => string;
  onSelect?: (key: string) => void;
  onDrill?: (key: string) => void;
}

const FONT = 12;
const SMALL = 11;
const LEGEND = 24;
const GUTTER = 7;
const BOLD = 1.12;
/** Ratios beyond this are drawn to the edge with an overflow arrow, so one outlier cannot squash the rest. */
const MAX_DOMAIN = 2;
/** Below this many pixels for the bullets, rows stack: names and figures above and below a full-width bullet. */
const MIN_BULLET = 140;

/** Where the parts of a row go, in the row's own coordinates. */
interface Layout {
  row: number;
  pitch: number;
  /** Baselines (text centres) of the first and second text lines. */
  line1: number;
  line2: number;
  /** The bullet's vertical centre and horizontal extent. */
  mid: number;
  x0: number;
  x1: number;
  /** Widths the label and the detail may take. */
  labelRoom: number;
  detailRoom: number;
}

/**
 * Bullet chart, one row per unit, ranked as given: the bar is actual / target, the tick is the
 * target (100 %), a dashed line across all rows is the pace (without a target legend: the bar is
 * a share and no tick is drawn); rank, label and actual / target on
 * the left, the ratio, ahead/behind and the flag on the right (narrow: above and below the
 * bullet). Pure: everything it draws comes from its arguments.
 */
export function renderBullets(svg: SVGSVGElement, data: readonly BulletDatum[], options: BulletOptions): void {
  const { palette, width } = options;
  const rootNode = svg.getRootNode() as Document | ShadowRoot;
  const focused = rootNode.activeElement instanceof Element ? rootNode.activeElement.closest('.mark') : null;
  const focusKey = focused && svg.contains(focused) ? focused.getAttribute('data-key') : null;

  // Rank and label start after a gutter that holds a flagged row's edge.
  const rankWidth = GUTTER + Math.max(0, ...data.map((d) => textWidth(d.rankText, FONT))) + 6;
  const statusWidth = (d: BulletDatum) => textWidth(d.statusText, SMALL) + (d.flagged ? 6 + textWidth(`▼${d.flagText}`, SMALL) : 0);
  // The value is bold: wider than the estimate for regular text (Latin by about a tenth).
  const valueWidth = Math.max(0, ...data.map((d) => Math.ceil(textWidth(d.valueText, FONT) * BOLD)));
  const rightWidth = Math.max(valueWidth, ...data.map(statusWidth)) + 14;
  const maxLeftWidth = Math.max(90, width * 0.42);
  const leftWidth = Math.min(
    Math.max(40, ...data.map((d) => rankWidth + Math.max(textWidth(d.label, FONT, maxLeftWidth), textWidth(d.detailText, SMALL, maxLeftWidth)))) + 10,
    maxLeftWidth,
  );
  const wide = width - rightWidth - leftWidth >= MIN_BULLET;
  const layout: Layout = wide
    ? { row: 36, pitch: 42, line1: 11, line2: 27, mid: 18, x0: leftWidth, x1: width - rightWidth, labelRoom: leftWidth - rankWidth - 8, detailRoom: leftWidth - rankWidth - 8 }
    : {
        row: 44,
        pitch: 50,
        line1: 7,
        line2: 37,
        mid: 21,
        x0: rankWidth,
        x1: Math.max(rankWidth + 40, width - 12),
        labelRoom: width - rankWidth - valueWidth - 16,
        detailRoom: width - rankWidth - Math.max(0, ...data.map(statusWidth)) - 16,
      };
  const { row: ROW, pitch: PITCH, x0, x1, mid } = layout;
  const top = LEGEND + 4;
  const bottom = top + Math.max(0, data.length * PITCH - (PITCH - ROW));
  const height = bottom + 22;
  const upper = Math.min(MAX_DOMAIN, Math.max(1, options.pace?.value ?? 0, max(data, (d) => d.value ?? 0) ?? 0));
  const x = linearScale([0, upper], [x0, x1], { nice: 4, clamp: true });
  const anySelected = data.some((d) => d.selected);

  claim(svg, 'bullet');
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  // Keyed: a redraw (a click's new figures) updates the rows already drawn (see join.ts); the legend,
  // the pace line and the axis, a few nodes, are drawn afresh.
  type Layer = Selection<SVGGElement, unknown, null, undefined>;
  root.selectChildren('.pace').remove();

  // Legend: what the bar, the tick and the dashed line are.
  const legend = (part(root, 'g', 'legend') as unknown as Layer).attr('aria-hidden', 'true').attr('font-size', SMALL).attr('fill', palette.fg);
  legend.selectChildren().remove();
  let lx = 0;
  legend.append('rect').attr('x', lx).attr('y', 6).attr('width', 14).attr('height', 8).attr('rx', 2).attr('fill', palette.accent);
  legend.append('text').attr('x', (lx += 18)).attr('y', 10).attr('dy', '0.35em').text(options.legend.actual);
  lx += textWidth(options.legend.actual, SMALL) + 12;
  if (options.legend.target !== undefined) {
    legend.append('line').attr('x1', lx + 2).attr('x2', lx + 2).attr('y1', 2).attr('y2', 18).attr('stroke', palette.fg).attr('stroke-width', 2.5);
    legend.append('text').attr('x', (lx += 8)).attr('y', 10).attr('dy', '0.35em').text(options.legend.target);
    lx += textWidth(options.legend.target, SMALL) + 12;
  }
  if (options.pace) {
    legend.append('line').attr('x1', lx + 2).attr('x2', lx + 2).attr('y1', 2).attr('y2', 18).attr('stroke', palette.warn).attr('stroke-width', 2).attr('stroke-dasharray', '3 2');
    legend.append('text').attr('x', lx + 8).attr('y', 10).attr('dy', '0.35em').text(fitText(options.pace.label, Math.max(40, width - lx - 8), SMALL));
  }

  const marks = keyed(part(root, 'g', 'rows'), 'g', 'mark', data, (d) => d.key)
    .attr('class', (d) => (d.flagged ? 'mark flagged' : 'mark'))
    .attr('data-key', (d) => d.key)
    .attr('transform', (_, i) => `translate(0,${top + i * PITCH})`)
    .attr('aria-label', options.ariaLabel);
  markInteraction(marks, { selected: (d) => d.selected, target: (d) => d.key, onSelect: options.onSelect, onDrill: options.onDrill, tooltip: options.tooltip });
  const shown = new Map(data.map((d) => [d, fitText(d.label, layout.labelRoom, FONT)]));
  const whole = (d: BulletDatum) => shown.get(d) === d.label;
  titleWhereCut(marks, (d) => !whole(d), options.ariaLabel, options.tooltip !== undefined);

  // Flagged rows: a tinted band with a solid edge (the ▼ and the word say it in text too).
  const flagged = (d: BulletDatum) => d.flagged;
  part(marks, 'rect', 'band', flagged, 'rect:not([class]), :scope > rect.hit').attr('x', 0).attr('y', -3).attr('width', width).attr('height', ROW + 6).attr('fill', palette.danger).attr('fill-opacity', 0.05).attr('stroke', 'none');
  part(marks, 'rect', '', flagged, 'rect.hit').attr('x', 0).attr('y', -3).attr('width', 3).attr('height', ROW + 6).attr('fill', palette.danger).attr('stroke', 'none');
  // The whole row is the target (and takes the focus ring).
  part(marks, 'rect', 'hit').attr('x', 0).attr('y', -3).attr('width', width).attr('height', ROW + 6).attr('rx', 3).attr('fill', 'transparent');

  // A mark holds its name (when drawn whole) and the bullet; rank and figures are drawn beside it
  // (below), so that the text inside a mark is part of its accessible name, which states them.
  const label = (g: typeof marks, on: (d: BulletDatum) => boolean, before: string) =>
    part(g, 'text', 'label', on, before)
      .attr('x', rankWidth)
      .attr('y', layout.line1)
      .attr('dy', '0.35em')
      .attr('font-size', FONT)
      .attr('fill', palette.fg)
      .attr('stroke', 'none')
      .text((d) => shown.get(d)!);
  label(marks, whole, 'rect.track');

  part(marks, 'rect', 'track')
    .attr('x', x0)
    .attr('y', mid - 8)
    .attr('width', x1 - x0)
    .attr('height', 16)
    .attr('rx', 2)
    .attr('fill', palette.border)
    .attr('fill-opacity', 0.45)
    .attr('stroke', 'none');
  const withBar = (d: BulletDatum) => d.value !== null;
  part(marks, 'rect', 'shape', withBar)
    .attr('x', x0)
    .attr('y', mid - 5)
    .attr('width', (d) => Math.max(0, x(d.value ?? 0) - x0))
    .attr('height', 10)
    .attr('rx', 2)
    .attr('fill', (d) => (d.selected ? palette.select : palette.accent))
    .attr('fill-opacity', (d) => (anySelected && !d.selected ? 0.4 : 1))
    .attr('stroke', (d) => (d.selected ? palette.fg : 'none'));
  part(marks, 'path', 'overflow', (d) => withBar(d) && (d.value ?? 0) > x.domain[1]!, 'line.target')
    .attr('d', `M${x1 + 1},${mid - 6}L${x1 + 7},${mid}L${x1 + 1},${mid + 6}Z`)
    .attr('fill', palette.accent)
    .attr('stroke', 'none');
  part(marks, 'line', 'target', (d) => withBar(d) && options.legend.target !== undefined)
    .attr('x1', x(1))
    .attr('x2', x(1))
    .attr('y1', mid - 9)
    .attr('y2', mid + 9)
    .attr('stroke', palette.fg)
    .attr('stroke-width', 2.5);

  const figures = keyed(part(root, 'g', 'figures').attr('aria-hidden', 'true').attr('pointer-events', 'none'), 'g', '', data, (d) => d.key)
    .attr('data-key', (d) => d.key)
    .attr('transform', (_, i) => `translate(0,${top + i * PITCH})`);
  label(figures, (d) => !whole(d), 'text.rank');
  part(figures, 'text', 'rank')
    .attr('x', rankWidth - 6)
    .attr('y', layout.line1)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', FONT)
    .attr('font-weight', 600)
    .attr('fill', palette.muted)
    .text((d) => d.rankText);
  part(figures, 'text', 'detail')
    .attr('x', rankWidth)
    .attr('y', layout.line2)
    .attr('dy', '0.35em')
    .attr('font-size', SMALL)
    .attr('fill', palette.muted)
    .text((d) => fitText(d.detailText, layout.detailRoom, SMALL));
  part(figures, 'text', 'value')
    .attr('x', width - 4)
    .attr('y', layout.line1)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', FONT)
    .attr('font-weight', 600)
    .attr('fill', palette.fg)
    .text((d) => d.valueText);
  const status = part(figures, 'text', 'status')
    .attr('x', width - 4)
    .attr('y', layout.line2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', SMALL);
  part(status, 'tspan', '')
    .attr('fill', (d) => (d.ahead === null ? palette.muted : d.ahead ? palette.good : palette.warn))
    .text((d) => d.statusText);
  part(status, 'tspan', 'flag', flagged)
    .attr('dx', 6)
    .attr('font-weight', 600)
    .attr('fill', palette.danger)
    .text((d) => `▼${d.flagText}`);

  const axis = (part(root, 'g', 'axis') as unknown as Layer).attr('aria-hidden', 'true').attr('font-size', 10).attr('fill', palette.muted);
  axis.selectChildren().remove();
  if (options.pace) {
    const px = x(options.pace.value);
    // Wide: one line down the bullets' column. Narrow, the figures sit above and below each bullet
    // across the whole width: the line crosses each bar only, clear of the text and its descenders.
    const pace = root.insert<SVGElement>(wide ? 'line' : 'path', ':scope > g.axis');
    if (wide) pace.attr('x1', px).attr('x2', px).attr('y1', top - 4).attr('y2', bottom + 2);
    else pace.attr('d', data.map((_, i) => `M${px},${top + i * PITCH + mid - 6}V${top + i * PITCH + mid + 6}`).join('')).attr('fill', 'none');
    pace
      .attr('class', 'pace')
      .attr('aria-hidden', 'true')
      .attr('pointer-events', 'none')
      .attr('stroke', palette.warn)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '3 2');
  }
  axis.append('line').attr('x1', x0).attr('x2', x1).attr('y1', bottom + 4).attr('y2', bottom + 4).attr('stroke', palette.border);
  const ticks = axis
    .selectAll('g')
    .data(x.ticks(Math.max(2, Math.min(6, Math.floor((x1 - x0) / 60)))))
    .join('g')
    .attr('transform', (d) => `translate(${x(d)},${bottom + 4})`);
  ticks.append('line').attr('y2', 4).attr('stroke', palette.border);
  ticks
    .append('text')
    .attr('y', 12)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .text((d) => options.tickFormat(d));

  if (options.onSelect) {
    const nodes = [...svg.querySelectorAll<SVGGElement>('.mark')];
    const refocus = focusKey === null ? -1 : nodes.findIndex((m) => m.getAttribute('data-key') === focusKey);
    const start = refocus >= 0 ? refocus : Math.max(0, data.findIndex((d) => d.selected));
    rovingFocus(
      nodes,
      nodes.map((_, row) => ({ row, col: 0 })),
      start,
      'column',
    );
    if (refocus >= 0) nodes[refocus]!.focus();
  }
}

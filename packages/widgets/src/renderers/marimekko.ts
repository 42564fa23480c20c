import { max, select, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { linearScale } from './scales.ts';
import { fitText } from './fit-text.ts';
import { textWidth } from './text.ts';
import { claim, keyed, part } from './join.ts';
import { hitArea, markInteraction, titleWhereCut, type TooltipContent } from './marks.ts';
import { drawReferenceLabel, referenceLabelWidth, referenceStroke, REFERENCE_ROW, type ReferenceLine } from './reference.ts';

export interface MarimekkoDatum {
  key: string;
  label: string;
  /** The column's width as a share of the whole (balance share); widths are proportional to it. */
  share: number;
  /** The column's height (NPL ratio). */
  value: number;
  /** The value as the chart prints it (above the column). */
  valueText: string;
  /** The share as the chart prints it (under the label). */
  shareText: string;
  selected: boolean;
}

export interface MarimekkoOptions {
  width: number;
  /** Total height, axes included (default 260). */
  height?: number;
  palette: Palette;
  /** Accessible name of each column (its visible text first). */
  ariaLabel: (d: MarimekkoDatum) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (d: MarimekkoDatum) => TooltipContent;
  /** Horizontal reference lines (averages), labelled one under the other in the top right corner. */
  references?: readonly ReferenceLine[];
  /** Text of the value axis ticks (default: the number). */
  tickFormat?: (value: number) => string;
  /** Columns are buttons that call this with their key; absent: columns are plain images. */
  onSelect?: (key: string) => void;
  onDrill?: (key: string) => void;
  /**
   * The columns in blocks, in order (sizes adding up to the columns' count): a gap with a thin
   * rule between blocks, each block's label under its columns. Absent: one block, unlabelled.
   */
  groups?: readonly { label: string; size: number }[];
}

/** Room above the plot: one reference label's row, or a margin when there is none. */
const TOP = 22;
const BOTTOM = 34;
const RIGHT = 8;
/** Between two blocks of columns (the rule in its middle), and the blocks' label row under the shares. */
const GROUP_GAP = 12;
const GROUP_ROW = 18;
/** Between two names (or shares) side by side: more than a word space, so two names never read as one. */
const TEXT_GAP = 8;

/** A text of a row over or under the columns, placed: its (possibly cut or empty) text, centre and width. */
interface Placed {
  text: string;
  x: number;
  width: number;
}

/**
 * One row of texts, one per column: each centred on its column where it fits; a column too narrow
 * for its text borrows its neighbours' unused width (never over a neighbour's text, nor into a
 * neighbour itself too narrow; shifted inside `[from, to]`), and only then is the text cut
 * (`whole`: left out, as a cut figure would mislead). Left to right, so each text knows where the
 * one before it ended.
 */
function placeRow(columns: readonly { x: number; w: number }[], texts: readonly string[], fontSize: number, from: number, to: number, whole = false): Placed[] {
  const inOwn = columns.map((c, i) => fitText(texts[i]!, c.w - 4, fontSize));
  const placed: Placed[] = [];
  columns.forEach((c, i) => {
    const text = texts[i]!;
    const centre = c.x + c.w / 2;
    if (inOwn[i] === text) {
      placed.push({ text, x: centre, width: textWidth(text, fontSize) });
      return;
    }
    const before = placed[i - 1];
    const after = columns[i + 1];
    let lo = !before ? from : before.text ? before.x + before.width / 2 + TEXT_GAP : columns[i - 1]!.x + 2;
    const hi = !after ? to : inOwn[i + 1] === texts[i + 1] ? after.x + after.w / 2 - textWidth(inOwn[i + 1]!, fontSize) / 2 - TEXT_GAP : after.x;
    if (before?.text) {
      // The text before moves left inside its own column (and clear of the one before it) as far as this one needs.
      const floor = Math.max(columns[i - 1]!.x + 2, i > 1 && placed[i - 2]!.text ? placed[i - 2]!.x + placed[i - 2]!.width / 2 + TEXT_GAP : from);
      const shift = Math.max(0, Math.min(textWidth(text, fontSize) - (hi - lo), before.x - before.width / 2 - floor));
      before.x -= shift;
      lo -= shift;
    }
    const room = Math.max(0, hi - lo);
    const fitted = whole ? (textWidth(text, fontSize, room) <= room ? text : '') : fitText(text, room, fontSize);
    const width = fitted ? textWidth(fitted, fontSize) : 0;
    placed.push({ text: fitted, x: Math.min(Math.max(centre, lo + width / 2), hi - width / 2), width });
  });
  return placed;
}

/**
 * A marimekko (variable-width column chart): columns side by side, each as wide as its share of
 * the whole and as high as its value, label and share underneath, value on top (a narrow column's
 * texts spill into its neighbours' unused room; a value is lifted off the reference lines);
 * the selection is outlined, the rest dimmed; the columns in labelled blocks when grouped. Pure:
 * everything it draws comes from its arguments.
 */
export function renderMarimekko(svg: SVGSVGElement, data: readonly MarimekkoDatum[], options: MarimekkoOptions): void {
  const { palette, width } = options;
  const height = options.height ?? 260;
  const format = options.tickFormat ?? ((v: number) => String(v));
  const references = options.references ?? [];
  const top = TOP + Math.max(0, references.length - 1) * REFERENCE_ROW;
  const groups = options.groups ?? [];
  const grouped = groups.length > 0;
  // Each column's block: columns past the groups' sizes join the last one.
  const ends = groups.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + Math.max(0, g.size)], []);
  const blockOf = (i: number) => Math.min(groups.length - 1, ends.filter((end) => end <= i).length);
  const bottom = BOTTOM + (grouped ? GROUP_ROW : 0);
  const y = linearScale([0, Math.max(max(data, (d) => d.value) ?? 0, ...references.map((r) => r.value)) * 1.1 || 1], [height - bottom, top], { nice: 4 });
  const ticks = y.ticks(4);
  const left = Math.max(0, ...ticks.map((v) => textWidth(format(v), 11))) + 10;
  const plotWidth = Math.max(10, width - left - RIGHT);
  // The columns share the plot less the gaps between blocks.
  const gaps = grouped ? groups.length - 1 : 0;
  const columnsWidth = Math.max(10, plotWidth - gaps * GROUP_GAP);
  const total = data.reduce((sum, d) => sum + Math.max(0, d.share), 0) || 1;
  let cumulative = 0;
  const columns = data.map((d, i) => {
    const block = grouped ? blockOf(i) : 0;
    const x = left + (columnsWidth * cumulative) / total + block * GROUP_GAP;
    const w = (columnsWidth * Math.max(0, d.share)) / total;
    cumulative += Math.max(0, d.share);
    return { key: d.key, d, x, w, block };
  });
  const anySelected = data.some((d) => d.selected);
  const columnTop = (c: (typeof columns)[number]) => y(Math.max(0, c.d.value));
  const lines = references.map((r) => y(r.value));
  /**
   * Values over their columns, shifted inside the plot: each over the tallest column its text
   * spans, lifted off any reference line that would cross it and over any value placed before it
   * that it would cover (those that fit their own column first); left out where that runs into the
   * reference labels above the plot or lifts it far over its own column.
   */
  function placeValues(): (Placed & { y: number })[] {
    const placed: (Placed & { y: number })[] = [];
    const before: (Placed & { y: number })[] = [];
    const fitsOwn = (i: number) => textWidth(data[i]!.valueText, 11) <= columns[i]!.w;
    const order = columns.map((_, i) => i).sort((a, b) => Number(fitsOwn(b)) - Number(fitsOwn(a)));
    for (const i of order) {
      const c = columns[i]!;
      const text = c.d.valueText;
      const half = textWidth(text, 11) / 2;
      const x = Math.max(left + half, Math.min(c.x + c.w / 2, left + plotWidth - half));
      const spanned = columns.filter((o) => o.x < x + half && o.x + o.w > x - half);
      let baseline = Math.min(columnTop(c), ...spanned.map(columnTop)) - 4;
      // Each move lifts the text (strictly), over one line or text at a time, until none is in its way.
      for (let moved = true; moved; ) {
        moved = false;
        for (const line of lines) if (line > baseline - 10 && line < baseline + 4) [baseline, moved] = [line - 4, true];
        for (const p of before) if (p.text && p.x - p.width / 2 < x + half + 2 && p.x + p.width / 2 > x - half - 2 && Math.abs(p.y - baseline) < 13) [baseline, moved] = [p.y - 13, true];
      }
      // Far over its own column it would read as another column's: then the tooltip alone has it.
      const p = { text: baseline >= top && baseline >= columnTop(c) - 4 - 24 ? text : '', x, width: 2 * half, y: baseline };
      placed[i] = p;
      before.push(p);
    }
    return placed;
  }
  // Names, shares and values where they fit, a narrow column's spilling into its neighbours' room.
  const labels = placeRow(columns, data.map((d) => d.label), 11, left, width);
  const shares = placeRow(columns, data.map((d) => d.shareText), 10, left, width, true);
  const values = placeValues();

  claim(svg, 'marimekko');
  const root = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  // Keyed: a redraw (a click's new figures) resizes the columns already drawn (see join.ts); the
  // axis and the reference lines, a few nodes, are drawn afresh in their layers.
  type Layer = Selection<SVGGElement, unknown, null, undefined>;
  const axis = part(root, 'g', 'axis').attr('aria-hidden', 'true') as unknown as Layer;
  axis.selectChildren().remove();
  axis
    .selectAll('line')
    .data(ticks)
    .join('line')
    .attr('x1', left)
    .attr('x2', left + plotWidth)
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v))
    .attr('stroke', palette.border)
    .attr('stroke-width', (v) => (v === 0 ? 1 : 0.5));
  axis
    .selectAll('text')
    .data(ticks)
    .join('text')
    .attr('x', left - 6)
    .attr('y', (v) => y(v))
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', 11)
    .attr('fill', palette.muted)
    .text(format);

  const layer = part(root, 'g', '');
  // Columns straight in the layer, or in its blocks: what the other way left goes.
  layer.selectChildren(grouped ? 'g.mark' : 'g.group').remove();
  type Column = (typeof columns)[number];
  const blocks = groups.map((g, b) => ({ g, b, own: columns.filter((c) => c.block === b) }));
  const parents = grouped ? keyed(layer, 'g', 'group', blocks, (k) => `${k.b}\u0000${k.g.label}`) : layer;
  keyed(parents as typeof layer, 'g', 'mark', (k) => (grouped ? (k as unknown as (typeof blocks)[number]).own : columns), (c: Column) => c.key, grouped ? 'line.group-rule, :scope > text.group-label' : undefined);
  if (grouped) {
    // Each block a labelled group for assistive technology too; the marks keep their order and names.
    const group = parents as unknown as Selection<SVGGElement, (typeof blocks)[number], SVGGElement, unknown>;
    group.attr('role', 'group').attr('aria-label', (k) => k.g.label);
    // The block's span, from its first column to its last (an empty block: where its columns would start).
    const span = ({ b, own }: (typeof blocks)[number]) => {
      const before = columns.filter((c) => c.block < b).reduce((sum, c) => sum + Math.max(0, c.d.share), 0);
      const x0 = own[0]?.x ?? left + (columnsWidth * before) / total + b * GROUP_GAP;
      return { x0, x1: own.length > 0 ? own.at(-1)!.x + own.at(-1)!.w : x0 };
    };
    part(group, 'line', 'group-rule', (k) => k.b > 0, 'text.group-label')
      .attr('aria-hidden', 'true')
      .attr('x1', (k) => span(k).x0 - GROUP_GAP / 2)
      .attr('x2', (k) => span(k).x0 - GROUP_GAP / 2)
      .attr('y1', top)
      .attr('y2', height - 2)
      .attr('stroke', palette.border);
    part(group, 'text', 'group-label')
      .attr('aria-hidden', 'true')
      .attr('x', (k) => (span(k).x0 + span(k).x1) / 2)
      .attr('y', height - GROUP_ROW / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'middle')
      .attr('fill', palette.muted)
      .attr('font-size', 11)
      .attr('font-weight', 600)
      .text((k) => fitText(k.g.label, Math.max(span(k).x1 - span(k).x0, 0), 11));
  }
  const marks = layer.selectAll<SVGGElement, (typeof columns)[number]>('g.mark').attr('aria-label', (c) => options.ariaLabel(c.d));
  markInteraction(marks, { selected: (c) => c.d.selected, target: (c) => c.d.key, onSelect: options.onSelect, onDrill: options.onDrill, tooltip: options.tooltip && ((c) => options.tooltip!(c.d)) });
  titleWhereCut(marks, (c, i) => labels[i]!.text !== c.d.label, (c) => options.ariaLabel(c.d), options.tooltip !== undefined);
  // The whole column's height, its label and share under it included: a column with no NPL (no
  // height) or a sliver of balance (no width) is still a target.
  hitArea(marks, (c) => ({ x: c.x, y: top, width: c.w, height: height - top }));
  part(marks, 'rect', 'shape')
    .attr('x', (c) => c.x)
    .attr('y', (c) => y(Math.max(0, c.d.value)))
    .attr('width', (c) => c.w)
    .attr('height', (c) => Math.max(0, y(0) - y(Math.max(0, c.d.value))))
    .attr('fill', (c) => (c.d.selected ? palette.select : palette.accent))
    .attr('fill-opacity', (c) => (anySelected && !c.d.selected ? 0.35 : 1))
    .attr('stroke', (c) => (c.d.selected ? palette.fg : palette.surface))
    .attr('stroke-width', (c) => (c.d.selected ? 2 : 1));
  // Over the columns (transparent to the pointer: a click on a line is one on the column), under the printed values.
  const ref = part(root, 'g', 'reference', () => references.length > 0, 'g.labels').attr('aria-hidden', 'true').attr('pointer-events', 'none') as unknown as Layer;
  ref.selectChildren().remove();
  if (references.length > 0) {
    const labelWidth = Math.max(...references.map(referenceLabelWidth));
    references.forEach((r, i) => {
      const ry = y(r.value);
      referenceStroke(ref.append('line').attr('x1', left).attr('x2', left + plotWidth).attr('y1', ry).attr('y2', ry), r.scope, palette);
      drawReferenceLabel(ref, r, palette, Math.max(0, width - RIGHT - labelWidth), 8 + i * REFERENCE_ROW);
    });
  }

  // The printed texts sit outside the marks (whose names say it all): a cut label never
  // contradicts a mark's accessible name.
  const at = new Map(columns.map((c, i) => [c, i]));
  const texts = keyed(part(root, 'g', 'labels').attr('aria-hidden', 'true').attr('pointer-events', 'none'), 'g', '', columns, (c) => c.key);
  part(texts, 'text', 'value')
    .attr('x', (c) => values[at.get(c)!]!.x)
    .attr('y', (c) => values[at.get(c)!]!.y)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', palette.fg)
    // A halo of the background: a reference line under a value never cuts it.
    .attr('stroke', palette.surface)
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke')
    .text((c) => values[at.get(c)!]!.text);
  part(texts, 'text', 'label')
    .attr('x', (c) => labels[at.get(c)!]!.x)
    .attr('y', height - bottom + 14)
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .attr('fill', palette.fg)
    .text((c) => labels[at.get(c)!]!.text);
  part(texts, 'text', 'share')
    .attr('x', (c) => shares[at.get(c)!]!.x)
    .attr('y', height - bottom + 28)
    .attr('text-anchor', 'middle')
    .attr('font-size', 10)
    .attr('fill', palette.muted)
    .text((c) => shares[at.get(c)!]!.text);
}

import { max, select, type BaseType, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { linearScale } from './scales.ts';
import { fitText } from './fit-text.ts';
import { textWidth } from './text.ts';
import { claim, keyed, part } from './join.ts';
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

/** A run of consecutive bars drawn as a block of its own, under its label (对公, 零售). */
export interface BarGroup {
  label: string;
  /** How many bars, from where the previous group ended. */
  size: number;
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
  /**
   * The bars in blocks, in order (sizes adding up to the bars' count): each block under a small
   * label, with a gap and a thin rule between blocks. Absent: one block, unlabelled.
   */
  groups?: readonly BarGroup[];
}

const GAP = 6;
/** A group's label row, and the space between two groups (the rule in its middle). */
const GROUP_HEAD = 18;
const GROUP_GAP = 12;
const MARGIN = { top: 4, right: 8, bottom: 4, left: 4 };
/** Below this many pixels for the longest bar, rows stack (label and value above the bar). */
const MIN_BAR = 140;

/**
 * Horizontal bars, one per datum, label left and value at the bar's end (narrow: both on a line
 * above a full-width bar); the selection is outlined, the rest dimmed; reference lines (averages) over the bars, labelled above them; the bars
 * in labelled blocks when grouped. Pure: everything it draws comes from its arguments.
 */
export function renderBars(svg: SVGSVGElement, data: readonly BarDatum[], options: BarOptions): void {
  const barHeight = options.barHeight ?? 22;
  const { palette } = options;
  const maxLabelWidth = Math.max(80, options.width * 0.4);
  const labelWidth = Math.min(Math.max(0, ...data.map((d) => textWidth(d.label, 12, maxLabelWidth))) + 8, maxLabelWidth);
  const valueWidths = data.map((d) => textWidth(d.valueText, 12) + 6);
  const valueWidth = Math.max(0, ...valueWidths);
  // Narrow (a phone in English): labels and values beside the bars would leave them slivers, so each
  // row puts its label left and its value right on a line above a full-width bar. Rows keep their
  // pitch: the height never follows the width.
  const stacked = options.width - MARGIN.left - MARGIN.right - labelWidth - valueWidth < MIN_BAR;
  const bar = stacked ? { y: Math.round(barHeight * 0.58), text: Math.round(barHeight * 0.28) } : { y: 0, text: barHeight / 2 };
  const thickness = barHeight - bar.y + (stacked ? 1 : 0);
  // Wide: labels end 8 px left of the bars and start at the edge. Stacked: they end 8 px left of the row's value. Longer ones are cut.
  const labels = data.map((d, i) => fitText(d.label, stacked ? options.width - MARGIN.left - MARGIN.right - valueWidths[i]! - 8 : labelWidth - 4, 12));
  const references = options.references ?? [];
  const top = MARGIN.top + references.length * (REFERENCE_ROW + 2);
  const grouped = (options.groups?.length ?? 0) > 0;
  const blocks = blocksOf(data.length, grouped ? options.groups! : [{ label: '', size: data.length }]);
  // Each bar's block; the room the label rows and gaps take down to block b's bars; where b's label row starts.
  const blockOf = data.map((_, i) => blocks.filter((b) => b.start <= i).length - 1);
  const groupRoom = (b: number) => (grouped ? (b + 1) * GROUP_HEAD + b * GROUP_GAP : 0);
  const headTop = (b: number) => top + blocks[b]!.start * (barHeight + GAP) + groupRoom(b) - GROUP_HEAD;
  const height = top + data.length * (barHeight + GAP) + groupRoom(blocks.length - 1) + MARGIN.bottom;
  const x0 = stacked ? MARGIN.left : MARGIN.left + labelWidth;
  const x1 = stacked ? options.width - MARGIN.right : Math.max(x0 + 10, options.width - MARGIN.right - valueWidth);
  const x = linearScale([0, Math.max(max(data, (d) => d.value) ?? 0, ...references.map((r) => r.value)) || 1], [x0, x1]);
  const anySelected = data.some((d) => d.selected);
  const rowTop = (i: number) => top + i * (barHeight + GAP) + groupRoom(blockOf[i]!);

  claim(svg, 'bars');
  const root = select(svg).attr('width', options.width).attr('height', height).attr('viewBox', `0 0 ${options.width} ${height}`);
  // Keyed: a redraw (a click's new figures) updates the bars already drawn (see join.ts).
  root.selectChildren(':not(g)').remove();
  const layer = part(root, 'g', '');
  // Bars straight in the layer, or in its blocks: what the other way left goes.
  layer.selectChildren(grouped ? 'g.mark' : 'g.group').remove();
  const bars = grouped
    ? keyed(layer, 'g', 'group', blocks, (b, i) => `${i}\u0000${b.label}`)
    : layer;
  const rowsOf = (b: { start: number; end: number } | undefined) => (grouped ? data.slice(b!.start, b!.end) : data);
  keyed(bars as typeof layer, 'g', 'mark', (b) => rowsOf(b as { start: number; end: number } | undefined), (d) => d.key, grouped ? 'line.group-rule, :scope > text.group-label' : undefined);
  if (grouped) {
    // Each block a labelled group for assistive technology too; the marks keep their order and names.
    const groups = bars as unknown as Selection<SVGGElement, (typeof blocks)[number], SVGGElement, unknown>;
    groups.attr('role', 'group').attr('aria-label', (b) => b.label);
    const ruleY = (i: number) => headTop(i) - (GROUP_GAP + GAP) / 2;
    part(groups, 'line', 'group-rule', (_, i) => i > 0, 'text.group-label')
      .attr('aria-hidden', 'true')
      .attr('x1', MARGIN.left)
      .attr('x2', options.width - MARGIN.right)
      .attr('y1', (b) => ruleY(blocks.indexOf(b)))
      .attr('y2', (b) => ruleY(blocks.indexOf(b)))
      .attr('stroke', palette.border);
    part(groups, 'text', 'group-label')
      .attr('aria-hidden', 'true')
      .attr('x', MARGIN.left)
      .attr('y', (b) => headTop(blocks.indexOf(b)) + GROUP_HEAD / 2)
      .attr('dy', '0.35em')
      .attr('fill', palette.muted)
      .attr('font-size', 11)
      .attr('font-weight', 600)
      .text((b) => b.label);
  }
  const marks = layer
    .selectAll<SVGGElement, BarDatum>('g.mark')
    .attr('transform', (_, i) => `translate(0,${rowTop(i)})`)
    .attr('aria-label', options.ariaLabel);
  markInteraction(marks, { selected: (d) => d.selected, target: (d) => d.key, onSelect: options.onSelect, onDrill: options.onDrill, tooltip: options.tooltip });
  titleWhereCut(marks, (d, i) => labels[i] !== d.label, options.ariaLabel, options.tooltip !== undefined);
  // The whole row is the target, its printed value and the gaps around it included: a zero bar too.
  hitArea(marks, () => ({ x: 0, y: -GAP / 2, width: options.width, height: barHeight + GAP }));
  const label = <Datum>(text: Selection<SVGElement, Datum, BaseType, unknown>) => {
    text
      .attr('x', stacked ? MARGIN.left : x0 - 8)
      .attr('y', bar.text)
      .attr('dy', '0.35em')
      .attr('text-anchor', stacked ? 'start' : 'end')
      .attr('aria-hidden', 'true')
      .attr('fill', palette.fg)
      .attr('font-size', 12)
      // Stacked, reference lines cross the label line: a halo keeps the words whole.
      .attr('stroke', stacked ? palette.surface : null)
      .attr('stroke-width', stacked ? 3 : null)
      .attr('stroke-linejoin', stacked ? 'round' : null)
      .attr('paint-order', stacked ? 'stroke' : null);
  };
  // A label drawn whole sits in its mark. A cut one is drawn beside it, outside the mark: the mark's
  // accessible name holds the whole label, and a name must contain the text shown inside it (WCAG 2.5.3).
  label(part(marks, 'text', '', (d, i) => labels[i] === d.label, 'rect.shape').text((d) => d.label));
  const cutRows = data.map((d, i) => ({ d, i })).filter(({ d, i }) => labels[i] !== d.label);
  const cut = part(root, 'g', 'cut-labels', () => cutRows.length > 0, 'g.reference, :scope > g.values').attr('aria-hidden', 'true').attr('pointer-events', 'none');
  const cutRow = keyed(cut, 'g', '', cutRows, (r) => r.d.key).attr('transform', (r) => `translate(0,${rowTop(r.i)})`);
  label(part(cutRow, 'text', '').text((r) => labels[r.i]!));
  part(marks, 'rect', 'shape')
    .attr('x', x0)
    .attr('y', stacked ? bar.y : null)
    .attr('width', (d) => Math.max(0, x(d.value) - x0))
    .attr('height', thickness)
    .attr('rx', 3)
    .attr('fill', (d) => (d.selected ? palette.select : palette.accent))
    .attr('fill-opacity', (d) => (anySelected && !d.selected ? 0.35 : 1))
    .attr('stroke', (d) => (d.selected ? palette.fg : 'none'));

  // Over the bars, under the values. Lines start under the labels; each label is centred on its line (kept inside the chart).
  // Transparent to the pointer: a click on a line is one on the bar under it. A few nodes: drawn afresh.
  const ref = part(root, 'g', 'reference', () => references.length > 0, 'g.values').attr('aria-hidden', 'true').attr('pointer-events', 'none') as unknown as Selection<
    SVGGElement,
    unknown,
    null,
    undefined
  >;
  ref.selectChildren().remove();
  references.forEach((r, i) => {
    const rx = x(r.value);
    referenceStroke(ref.append('line').attr('x1', rx).attr('x2', rx).attr('y1', top - 4).attr('y2', height - MARGIN.bottom), r.scope, palette);
    const w = referenceLabelWidth(r);
    const lx = Math.max(0, Math.min(options.width - w, rx - w / 2));
    drawReferenceLabel(ref, r, palette, lx, MARGIN.top + i * (REFERENCE_ROW + 2) + REFERENCE_ROW / 2);
  });

  // The values, outside the marks (whose names state them), on a halo of the background so that a
  // reference line under them never cuts a figure.
  const values = part(root, 'g', 'values').attr('aria-hidden', 'true').attr('pointer-events', 'none');
  keyed(values, 'text', '', data, (d) => d.key)
    .attr('x', (d) => (stacked ? options.width - MARGIN.right : x(d.value) + 4))
    .attr('y', (_, i) => rowTop(i) + bar.text)
    .attr('dy', '0.35em')
    .attr('text-anchor', stacked ? 'end' : null)
    .attr('fill', palette.fg)
    .attr('stroke', palette.surface)
    .attr('stroke-width', 3)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke')
    .attr('font-size', 12)
    .text((d) => d.valueText);
}

/** The blocks `groups` (one at least) cut `count` bars into; bars past the groups' sizes join the last block. */
function blocksOf(count: number, groups: readonly BarGroup[]): { label: string; start: number; end: number }[] {
  const blocks: { label: string; start: number; end: number }[] = [];
  for (const g of groups) {
    const start = blocks.at(-1)?.end ?? 0;
    blocks.push({ label: g.label, start, end: Math.min(count, start + Math.max(0, g.size)) });
  }
  blocks[blocks.length - 1]!.end = count;
  return blocks;
}

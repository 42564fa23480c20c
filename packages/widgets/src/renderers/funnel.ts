import { max, select, type Selection } from 'd3';
import type { Palette } from '../base/view.ts';
import { linearScale } from './scales.ts';
import { textWidth } from './text.ts';
import { fitText } from './fit-text.ts';
import { rovingFocus } from './roving-focus.ts';
import { markInteraction, MIN_TARGET, type TooltipContent } from './marks.ts';
import { claim, keyed, part } from './join.ts';

/** One stage of one funnel: the mark the user selects. */
export interface FunnelStageDatum {
  /** The stage code (what selecting the mark selects). */
  stage: string;
  label: string;
  /** Leads that reached this stage (the bar's length). */
  count: number;
  /** What the bar's end prints (count, amount …). */
  valueText: string;
  /** Printed between this stage and the one before it (step and overall conversion); null for the first. */
  conversionText: string | null;
  /** A second line of figures under the bar (the single funnel only): what the stage counts towards a target, say. */
  noteText?: string;
  selected: boolean;
}

/** One funnel: the whole pipeline (`label` null), or one split key's in small multiples. */
export interface FunnelPanel {
  key: string;
  label: string | null;
  stages: FunnelStageDatum[];
}

/** A short list under the funnel (overdue follow-ups, lost reasons). */
export interface FunnelList {
  title: string;
  /** The list's total, right of the title (under it when both do not fit). */
  valueText?: string;
  items: { label: string; valueText: string; /** 0..1: a thin bar under the item. */ share?: number }[];
  /** Shown when there are no items, or after them ("3 more"). */
  note?: string;
}

export interface FunnelOptions {
  width: number;
  palette: Palette;
  /** Accessible name of a stage mark (figures, and what selecting it does). */
  ariaLabel: (d: FunnelStageDatum, panel: FunnelPanel) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (d: FunnelStageDatum, panel: FunnelPanel) => TooltipContent;
  /** Lists drawn under the funnel, full width. */
  lists?: readonly FunnelList[];
  /** Marks are buttons that call this with their stage; absent: marks are plain images. */
  onSelect?: (stage: string) => void;
  onDrill?: (stage: string) => void;
  /** Narrowest small multiple before panels wrap to fewer columns. */
  minPanelWidth?: number;
}

const FONT = 12;
const SMALL = 11;
const PANEL_GAP = 16;
/** Bold text is wider than the estimate for regular text (Latin by about a tenth): fitted to less. */
const BOLD = 1.12;
/** Height of a stage's note line. */
const NOTE = 16;

type G = Selection<SVGGElement, unknown, null, undefined>;

/**
 * The marketing funnel: one bar per stage, its length the leads that reached the stage, with the
 * conversions printed between stages; with several panels, small multiples on a grid (each panel
 * scaled to its own first stage, so the bars read as overall conversion). Lists (overdue
 * follow-ups, lost reasons) follow underneath. Pure: everything it draws comes from its arguments.
 */
export function renderFunnel(svg: SVGSVGElement, panels: readonly FunnelPanel[], options: FunnelOptions): void {
  const { palette, width } = options;
  const root = select(svg);
  const rootNode = svg.getRootNode() as Document | ShadowRoot;
  const focused = rootNode.activeElement instanceof Element ? rootNode.activeElement.closest('.mark') : null;
  const focusKey = focused && svg.contains(focused) ? `${focused.getAttribute('data-panel')}\u0000${focused.getAttribute('data-stage')}` : null;
  claim(svg, 'funnel');

  // Keyed (join.ts): a redraw (a click's new figures) updates the stages, panels and list items
  // already drawn; the single funnel's parts and the grid's panels give way to each other.
  const anySelected = panels.some((p) => p.stages.some((s) => s.selected));
  const body = part(root, 'g', 'funnels') as unknown as G;
  const single = panels.length === 1 && panels[0]!.label === null;
  let y = 4;
  if (single) {
    y = drawSingle(body, panels[0]!, options, anySelected, y);
    keyed(body, 'g', 'panel', [], () => '');
  } else {
    if (panels.length > 0) y = drawGrid(body, panels, options, anySelected, y);
    else keyed(body, 'g', 'panel', [], () => '');
    part(body, 'g', 'conversions', () => false);
    keyed(body, 'g', 'mark', [], () => '');
    part(body, 'g', 'figures', () => false);
  }

  keyed(root, 'g', 'list', options.lists ?? [], (l) => l.title).each(function (list) {
    y = drawList(select(this) as unknown as G, list, width, palette, y + 14);
  });

  const height = Math.ceil(y + 4);
  root.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

  if (options.onSelect) {
    const nodes = [...svg.querySelectorAll<SVGGElement>('.mark')];
    const positions = nodes.map((node) => {
      const panel = panels.findIndex((p) => p.key === node.getAttribute('data-panel'));
      return { row: panels[panel]!.stages.findIndex((s) => s.stage === node.getAttribute('data-stage')), col: panel };
    });
    const keyOf = (m: Element) => `${m.getAttribute('data-panel')}\u0000${m.getAttribute('data-stage')}`;
    const refocus = focusKey === null ? -1 : nodes.findIndex((m) => keyOf(m) === focusKey);
    const start = refocus >= 0 ? refocus : Math.max(0, nodes.findIndex((m) => m.getAttribute('aria-pressed') === 'true'));
    rovingFocus(nodes, positions, start, 'column');
    if (refocus >= 0) nodes[refocus]!.focus();
  }
}

/**
 * Makes a panel's stage groups marks (buttons when selectable) and returns them, each with a
 * transparent hit area over its whole row (it also takes the focus ring). A mark holds the stage
 * name and the bar; its figures are drawn beside it (`stageFigures`), so that the text inside a
 * mark is part of its accessible name (label in name), which states the figures in words.
 */
function stageMarks(parent: G, panel: FunnelPanel, options: FunnelOptions, rowTop: (i: number) => number, hit: { width: number; height: number }) {
  const marks = keyed(parent, 'g', 'mark', panel.stages, (d) => d.stage, 'g.figures')
    .attr('data-panel', panel.key)
    .attr('data-stage', (d) => d.stage)
    .attr('transform', (_, i) => `translate(0,${rowTop(i)})`)
    .attr('aria-label', (d) => options.ariaLabel(d, panel));
  const tooltip = options.tooltip;
  markInteraction(marks, {
    selected: (d) => d.selected,
    target: (d) => d.stage,
    onSelect: options.onSelect,
    onDrill: options.onDrill,
    tooltip: tooltip && ((d) => tooltip(d, panel)),
  });
  // At least MIN_TARGET high (WCAG 2.5.8), centred on the row: a stage no lead reached is a target too.
  const h = Math.max(hit.height + 4, MIN_TARGET);
  part(marks, 'rect', 'hit').attr('x', -2).attr('y', (hit.height - h) / 2).attr('width', hit.width + 4).attr('height', h).attr('rx', 3).attr('fill', 'transparent');
  return marks;
}

/** One group per stage, placed as its mark, for the figures: hidden from assistive technology (the mark's name has them) and from the pointer. */
function stageFigures(parent: G, panel: FunnelPanel, rowTop: (i: number) => number) {
  const figures = part(parent, 'g', 'figures').attr('aria-hidden', 'true').attr('pointer-events', 'none');
  return keyed(figures, 'g', '', panel.stages, (d) => d.stage)
    .attr('data-panel', panel.key)
    .attr('data-stage', (d) => d.stage)
    .attr('transform', (_, i) => `translate(0,${rowTop(i)})`);
}

function barStyle(
  rect: Selection<SVGElement, FunnelStageDatum, SVGElement, FunnelStageDatum>,
  palette: Palette,
  anySelected: boolean,
): void {
  rect
    .attr('class', 'shape')
    .attr('rx', 3)
    .attr('fill', (d) => (d.selected ? palette.select : palette.accent))
    .attr('fill-opacity', (d) => (anySelected && !d.selected ? 0.35 : 1))
    .attr('stroke', (d) => (d.selected ? palette.fg : 'none'));
}

/**
 * The whole pipeline. Wide: label | bar | figures on one line. Narrow (the bars would get under
 * 160 px): label and figures on one line, the bar full width under them. Conversions sit in the
 * gap above each stage after the first; a stage's note, under its bar. Returns the bottom.
 */
function drawSingle(parent: G, panel: FunnelPanel, options: FunnelOptions, anySelected: boolean, top: number): number {
  const { palette, width } = options;
  const labelWidth = Math.max(0, ...panel.stages.map((d) => textWidth(d.label, FONT, width))) + 10;
  const valueWidth = Math.max(0, ...panel.stages.map((d) => textWidth(d.valueText, FONT, width))) + 8;
  const stacked = width - labelWidth - valueWidth - 4 < 160;
  const gap = 18;
  const barHeight = stacked ? 14 : 22;
  const barTop = stacked ? 20 : 0;
  const rowHeight = barTop + barHeight;
  const x0 = stacked ? 0 : labelWidth;
  const x = linearScale([0, max(panel.stages, (d) => d.count) || 1], [0, stacked ? width : Math.max(24, width - x0 - valueWidth - 4)]);
  const barWidth = (d: FunnelStageDatum) => Math.max(d.count > 0 ? 1 : 0, x(d.count));
  // Each row's top: a stage with a note is a line taller.
  const tops: number[] = [];
  panel.stages.reduce((y, d, i) => {
    tops[i] = y;
    return y + rowHeight + gap + (d.noteText ? NOTE : 0);
  }, top);
  const rowTop = (i: number) => tops[i]!;

  const conversions = part(parent, 'g', 'conversions', () => true, 'g.mark').attr('aria-hidden', 'true');
  keyed(conversions, 'text', '', panel.stages.filter((d) => d.conversionText !== null), (d) => d.stage)
    .attr('x', x0 + 2)
    .attr('y', (d) => rowTop(panel.stages.indexOf(d)) - gap / 2)
    .attr('dy', '0.35em')
    .attr('font-size', SMALL)
    .attr('fill', palette.muted)
    .text((d) => fitText(d.conversionText ?? '', width - x0 - 2, SMALL));

  const marks = stageMarks(parent, panel, options, rowTop, { width, height: rowHeight });
  part(marks, 'text', '')
    .attr('x', stacked ? 0 : x0 - 8)
    .attr('y', stacked ? 8 : barHeight / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', stacked ? 'start' : 'end')
    .attr('fill', palette.fg)
    .attr('stroke', 'none')
    .attr('font-size', FONT)
    .text((d) => d.label);
  barStyle(part(marks, 'rect', 'shape').attr('x', x0).attr('y', barTop).attr('width', barWidth).attr('height', barHeight), palette, anySelected);
  const figures = stageFigures(parent, panel, rowTop);
  part(figures, 'text', 'value')
    .attr('x', (d) => (stacked ? width : x0 + barWidth(d) + 6))
    .attr('y', stacked ? 8 : barHeight / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', stacked ? 'end' : 'start')
    .attr('fill', palette.fg)
    .attr('font-size', FONT)
    .text((d) => (stacked ? fitText(d.valueText, width - labelWidth, FONT) : d.valueText));
  part(figures, 'text', 'note', (d) => Boolean(d.noteText))
    .attr('x', x0)
    .attr('y', rowHeight + NOTE / 2 + 1)
    .attr('dy', '0.35em')
    .attr('fill', palette.fg)
    .attr('font-size', SMALL)
    .text((d) => fitText(d.noteText ?? '', width - x0, SMALL));
  const last = panel.stages.length - 1;
  return last < 0 ? top : rowTop(last) + rowHeight + (panel.stages[last]!.noteText ? NOTE : 0);
}

/** Small multiples, as many columns as fit, one compact funnel each. Returns the bottom. */
function drawGrid(parent: G, panels: readonly FunnelPanel[], options: FunnelOptions, anySelected: boolean, top: number): number {
  const { palette, width } = options;
  const minPanel = options.minPanelWidth ?? 260;
  const columns = Math.max(1, Math.min(panels.length, Math.floor((width + PANEL_GAP) / (minPanel + PANEL_GAP))));
  const panelWidth = (width - (columns - 1) * PANEL_GAP) / columns;
  const rows = Math.max(...panels.map((p) => p.stages.length));
  const barHeight = 14;
  // Rows a full target apart: each stage's hit area (MIN_TARGET high) overlaps no other.
  const pitch = MIN_TARGET;
  const titleHeight = 20;
  const panelHeight = titleHeight + rows * pitch - (pitch - barHeight);
  const labelWidth = Math.max(0, ...panels.flatMap((p) => p.stages.map((d) => textWidth(d.label, SMALL, width)))) + 8;
  const valueWidth = Math.max(0, ...panels.flatMap((p) => p.stages.map((d) => textWidth(d.valueText, SMALL, width)))) + 6;

  keyed(parent, 'g', 'panel', panels, (p) => p.key).each(function (panel, i) {
    const column = i % columns;
    const row = Math.floor(i / columns);
    const g = (select(this) as unknown as G)
      .attr('role', 'group')
      .attr('aria-label', panel.label ?? panel.key)
      .attr('transform', `translate(${column * (panelWidth + PANEL_GAP)},${top + row * (panelHeight + PANEL_GAP)})`);
    const name = panel.label ?? panel.key;
    const title = fitText(name, panelWidth / BOLD, FONT);
    const heading = part(g, 'text', 'panel-title')
      .attr('x', 0)
      .attr('y', 12)
      .attr('font-size', FONT)
      .attr('font-weight', 600)
      .attr('fill', palette.fg)
      .text(title);
    // A cut name whole on hover (the panel's group names it whole to assistive technology).
    part(heading, 'title', '', () => title !== name).text(name);
    const x = linearScale([0, max(panel.stages, (d) => d.count) || 1], [0, Math.max(20, panelWidth - labelWidth - valueWidth)]);
    const rowTop = (i: number) => titleHeight + i * pitch;
    const marks = stageMarks(g, panel, options, rowTop, { width: panelWidth, height: barHeight });
    part(marks, 'text', '')
      .attr('x', labelWidth - 6)
      .attr('y', barHeight / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', palette.fg)
      .attr('stroke', 'none')
      .attr('font-size', SMALL)
      .text((d) => d.label);
    barStyle(
      part(marks, 'rect', 'shape')
        .attr('x', labelWidth)
        .attr('width', (d) => Math.max(d.count > 0 ? 1 : 0, x(d.count)))
        .attr('height', barHeight),
      palette,
      anySelected,
    );
    part(stageFigures(g, panel, rowTop), 'text', 'value')
      .attr('x', (d) => labelWidth + Math.max(d.count > 0 ? 1 : 0, x(d.count)) + 4)
      .attr('y', barHeight / 2)
      .attr('dy', '0.35em')
      .attr('fill', palette.fg)
      .attr('font-size', SMALL)
      .text((d) => d.valueText);
  });
  const gridRows = Math.ceil(panels.length / columns);
  return top + gridRows * panelHeight + (gridRows - 1) * PANEL_GAP;
}

/** A titled list: label left, figures right, an optional share bar under each. Returns the bottom. */
function drawList(g: G, list: FunnelList, width: number, palette: Palette, top: number): number {
  part(g, 'line', '').attr('x1', 0).attr('x2', width).attr('y1', top - 7).attr('y2', top - 7).attr('stroke', palette.border);
  part(g, 'text', 'list-title')
    .attr('x', 0)
    .attr('y', top + 6)
    .attr('dy', '0.35em')
    .attr('font-size', FONT)
    .attr('font-weight', 600)
    .attr('fill', palette.fg)
    .text(fitText(list.title, width / BOLD, FONT));
  let y = top + 16;
  const inline = list.valueText ? (textWidth(list.title, FONT, width) + textWidth(list.valueText, FONT, width)) * BOLD + 12 <= width : true;
  if (!inline) y += 16;
  part(g, 'text', 'list-value', () => Boolean(list.valueText), 'g.item, text.list-note')
    .attr('x', inline ? width : 0)
    .attr('y', inline ? top + 6 : top + 22)
    .attr('dy', '0.35em')
    .attr('text-anchor', inline ? 'end' : 'start')
    .attr('font-size', FONT)
    .attr('font-weight', 600)
    .attr('fill', palette.fg)
    .text(list.valueText ?? '');
  const pitch = 20;
  const labels = new Map(list.items.map((d) => [d, fitText(d.label, Math.max(40, width - textWidth(d.valueText, SMALL, width) - 12), SMALL)]));
  const items = keyed(g, 'g', 'item', list.items, (d) => d.label, 'text.list-note').attr('transform', (_, i) => `translate(0,${y + i * pitch})`);
  // An item's two texts (its figures, then its label) tell apart by their place, as they carry no class.
  const texts = keyed(items, 'text', '', (d) => [{ item: d, value: true }, { item: d, value: false }], (t) => String(t.value))
    .attr('x', (t) => (t.value ? width : 0))
    .attr('y', 8)
    .attr('dy', '0.35em')
    .attr('text-anchor', (t) => (t.value ? 'end' : null))
    .attr('font-size', SMALL)
    .attr('fill', palette.fg)
    .text((t) => (t.value ? t.item.valueText : labels.get(t.item)!));
  part(texts, 'title', '', (t) => !t.value && labels.get(t.item) !== t.item.label).text((t) => t.item.label);
  part(items, 'rect', '', (d) => d.share !== undefined)
    .attr('x', 0)
    .attr('y', 16)
    .attr('height', 3)
    .attr('rx', 1.5)
    .attr('width', (d) => Math.max(0, Math.min(1, d.share ?? 0)) * width)
    .attr('fill', palette.accent2);
  y += list.items.length * pitch;
  part(g, 'text', 'list-note', () => Boolean(list.note))
    .attr('x', 0)
    .attr('y', y + 8)
    .attr('dy', '0.35em')
    .attr('font-size', SMALL)
    .attr('fill', palette.muted)
    .text(fitText(list.note ?? '', width, SMALL));
  if (list.note) y += pitch;
  return y - 4;
}

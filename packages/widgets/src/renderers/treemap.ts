import { select } from 'd3';
import { parseColour } from './colour.ts';
// d3-hierarchy directly, not through d3's index: this module is fetched on demand with it.
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import type { Palette } from '../base/view.ts';
import { fitText } from './fit-text.ts';
import { textWidth } from './text.ts';
import { hitArea, markInteraction, MIN_TARGET, type TooltipContent } from './marks.ts';
import { claim, keyed, part } from './join.ts';

export interface TreemapDatum {
  key: string;
  label: string;
  /** The cell's size; cells with no positive value are not drawn (a treemap cannot show them). */
  value: number;
  /** The value as the chart prints it. */
  valueText: string;
  selected: boolean;
}

export interface TreemapOptions {
  width: number;
  /** Defaults to 240 px. */
  height?: number;
  palette: Palette;
  /** Accessible name of each mark (label, value, share and what selecting it does). */
  ariaLabel: (d: TreemapDatum) => string;
  /** The tooltip of each mark (the view shows it on hover and focus; the mark keeps its accessible name). */
  tooltip?: (d: TreemapDatum) => TooltipContent;
  /** Marks are buttons that call this with their key; absent: marks are plain images. */
  onSelect?: (key: string) => void;
  onDrill?: (key: string) => void;
}

const FONT = 12;
const PAD = 4;
const LINE = 15;
const DIMMED = 0.35;
const LABEL_MARGIN = 1.2;

type Node = TreemapDatum | { children: TreemapDatum[] };

/** WCAG relative luminance of a colour. */
function luminance(colour: { r: number; g: number; b: number }): number {
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b);
}

function contrast(a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour seen: `fill` at `opacity` over `ground`. */
function blend(fill: string, opacity: number, ground: string): { r: number; g: number; b: number } {
  const f = parseColour(fill);
  const g = parseColour(ground);
  const mix = (x: number, y: number) => Math.round(x * opacity + y * (1 - opacity));
  return { r: mix(f.r, g.r), g: mix(f.g, g.g), b: mix(f.b, g.b) };
}

/** Of the palette's text colours, the one that reads best on `background`. */
function textOn(background: { r: number; g: number; b: number }, palette: Palette): string {
  const candidates = [palette.surface, palette.fg];
  let best = candidates[0]!;
  for (const c of candidates) if (contrast(parseColour(c), background) > contrast(parseColour(best), background)) best = c;
  return best;
}

/**
 * A squarified treemap of the data's values: each cell a mark with its label and value when they
 * fit (estimated text widths, never measured), the selection outlined and the rest dimmed. The
 * layout is deterministic: cells sorted by value (largest top left), ties by key, rounded to whole
 * pixels. Pure: everything it draws comes from its arguments.
 */
export function renderTreemap(svg: SVGSVGElement, data: readonly TreemapDatum[], options: TreemapOptions): void {
  const { palette, width } = options;
  const height = options.height ?? 240;
  const cells = data.filter((d) => Number.isFinite(d.value) && d.value > 0);
  const anySelected = cells.some((d) => d.selected);

  const root = hierarchy<Node>({ children: cells }, (d) => ('children' in d ? d.children : undefined))
    .sum((d) => ('children' in d ? 0 : d.value))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || keyOf(a.data).localeCompare(keyOf(b.data)));
  const layout = treemap<Node>().tile(treemapSquarify).size([width, height]).paddingInner(2).round(true)(root);
  const leaves = layout.leaves().filter((leaf) => leaf.depth === 1);

  claim(svg, 'treemap');
  const svgRoot = select(svg).attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

  // Keyed (join.ts): a redraw (a click's new figures) moves and resizes the cells already drawn.
  const marks = keyed(part(svgRoot, 'g', ''), 'g', 'mark', leaves, (n) => (n.data as TreemapDatum).key)
    .attr('transform', (n) => `translate(${n.x0},${n.y0})`)
    .attr('aria-label', (n) => options.ariaLabel(n.data as TreemapDatum));
  markInteraction(marks, { selected: (n) => (n.data as TreemapDatum).selected, target: (n) => (n.data as TreemapDatum).key, onSelect: options.onSelect, onDrill: options.onDrill, tooltip: options.tooltip && ((n) => options.tooltip!(n.data as TreemapDatum)) });

  // A cell too small to point at gets a hit area of MIN_TARGET around it; the smallest cells come
  // last, so theirs lies over their neighbours.
  hitArea(
    marks,
    (n) => ({ x: 0, y: 0, width: n.x1 - n.x0, height: n.y1 - n.y0 }),
    (n) => n.x1 - n.x0 < MIN_TARGET || n.y1 - n.y0 < MIN_TARGET,
    '*',
  );
  marks.each(function (n) {
    const d = n.data as TreemapDatum;
    const w = n.x1 - n.x0;
    const h = n.y1 - n.y0;
    const fill = d.selected ? palette.select : palette.accent;
    const opacity = anySelected && !d.selected ? DIMMED : 1;
    const ink = textOn(blend(fill, opacity, palette.surface), palette);
    const g = select(this);
    // A tooltip for cells too small for their text (the accessible name is the aria-label), unless the view shows its own.
    part(g, 'title', '', () => !options.tooltip, 'rect.shape').text(options.ariaLabel(d));
    part(g, 'rect', 'shape', () => true, 'svg.cell-text')
      .attr('width', w)
      .attr('height', h)
      .attr('fill', fill)
      .attr('fill-opacity', opacity)
      .attr('stroke', d.selected ? palette.fg : 'none')
      .attr('stroke-width', d.selected ? 2 : 0);
    const room = w - 2 * PAD;
    // Estimated widths are a little short for bold Latin text: leave a margin, and clip to the
    // cell (a nested svg clips its content, no ids needed) so that nothing spills into a neighbour.
    // A label too long for its cell is cut (the title above has it whole).
    const label = fitText(d.label, room / LABEL_MARGIN, FONT);
    const clip = part(g, 'svg', 'cell-text', () => Boolean(label) && h >= LINE + 2 * PAD)
      .attr('width', w)
      .attr('height', h)
      .attr('aria-hidden', 'true')
      .style('overflow', 'hidden'); // set through CSSOM (allowed under a strict CSP); beats .chart svg { overflow: visible }
    // Its label, and its value where that fits too: told apart by their place, as they carry no class.
    const value = textWidth(d.valueText, FONT, room) * LABEL_MARGIN <= room && h >= 2 * LINE + 2 * PAD;
    keyed(clip, 'text', '', value ? ['label', 'value'] : ['label'], (t) => t)
      .attr('x', PAD)
      .attr('y', (t) => (t === 'label' ? PAD + FONT : PAD + FONT + LINE))
      .attr('fill', ink)
      .attr('font-size', FONT)
      .attr('font-weight', (t) => (t === 'label' ? 600 : null))
      .text((t) => (t === 'label' ? label : d.valueText));
  });
}

function keyOf(node: Node): string {
  return 'children' in node ? '' : node.key;
}

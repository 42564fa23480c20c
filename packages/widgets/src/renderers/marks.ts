import type { BaseType, Selection } from 'd3';
import { part } from './join.ts';

export interface MarkInteraction<Datum, Key> {
  selected: (d: Datum) => boolean;
  /** What selecting (or drilling into) the mark passes on. */
  target: (d: Datum) => Key;
  /** Marks are buttons calling this; absent, they are plain images. */
  onSelect?: (key: Key) => void;
  onDrill?: (key: Key) => void;
  /** Each mark its own tab stop (false where a roving tab stop manages focus). */
  tabbable?: boolean;
  /** What the mark's tooltip says (shown by the view on hover and focus); absent: no tooltip. */
  tooltip?: (d: Datum) => TooltipContent;
}

/** A mark's tooltip: a title (the mark's name) and lines of figures, each with its unit. Text only. */
export interface TooltipContent {
  title: string;
  lines: readonly string[];
}

/** WCAG 2.5.8: a target at least this many pixels in each direction. */
export const MIN_TARGET = 24;

// Kept beside the marks rather than in an attribute: exported SVG carries no tooltip text twice.
const tooltips = new WeakMap<Element, TooltipContent>();

/** The tooltip a renderer gave a mark (the view's tooltip controller reads it). */
export function tooltipOf(mark: Element): TooltipContent | undefined {
  return tooltips.get(mark);
}

// Each selecting mark's click, for the view to find the filters a click would set before it comes.
const selections = new WeakMap<Element, () => void>();

/** What a click on the mark does (its `onSelect` with its target), if it selects. */
export function selectionOf(mark: Element): (() => void) | undefined {
  return selections.get(mark);
}

/**
 * The one behaviour of every chart's marks: click or Enter/Space selects, a double click or
 * Shift+Enter drills, `aria-pressed` tells the selection; without `onSelect` a mark is an image.
 * A mark given a tooltip keeps it for the view to show on hover and focus.
 */
export function markInteraction<Mark extends BaseType, Datum, Parent extends BaseType, Key>(
  marks: Selection<Mark, Datum, Parent, unknown>,
  interaction: MarkInteraction<Datum, Key>,
): void {
  const { onSelect, onDrill, target, tooltip } = interaction;
  // A mark kept from the last draw (a keyed update) is set whole again: what this draw does not give it goes.
  marks.each(function (d) {
    if (tooltip) tooltips.set(this as Element, tooltip(d));
    else tooltips.delete(this as Element);
    if (onSelect) selections.set(this as Element, () => onSelect(target(d)));
    else selections.delete(this as Element);
  });
  if (!onSelect) {
    marks.attr('role', 'img').attr('aria-pressed', null).attr('tabindex', null).on('click', null).on('keydown', null);
    return;
  }
  marks.attr('role', 'button').attr('aria-pressed', (d) => String(interaction.selected(d)));
  if (interaction.tabbable ?? true) marks.attr('tabindex', 0);
  marks
    .on('click', (event: Event, d) => ((event as MouseEvent).detail > 1 ? onDrill?.(target(d)) : onSelect(target(d))))
    .on('keydown', (event: Event, d) => {
      if (!(event instanceof KeyboardEvent)) return;
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      if (event.shiftKey) onDrill?.(target(d));
      else onSelect(target(d));
    });
}

/**
 * A tooltip on the marks whose printed label is cut: their accessible name, which holds the label
 * whole. Added first (before the mark's shapes), where browsers look for a title. Not with a
 * tooltip of the view's (`hasTooltip`), which names the mark whole: two tooltips would overlap.
 */
export function titleWhereCut<Mark extends BaseType, Datum, Parent extends BaseType>(
  marks: Selection<Mark, Datum, Parent, unknown>,
  cut: (d: Datum, i: number) => boolean,
  name: (d: Datum) => string,
  hasTooltip = false,
): void {
  part(marks, 'title', '', (d, i) => !hasTooltip && cut(d, i), '*').text(name);
}

/**
 * A transparent rectangle that takes the pointer for a mark: at least MIN_TARGET pixels each way,
 * centred on the box it covers, so that a zero-height bar or a sliver of a column can be clicked.
 * Only on the marks for which `on` holds (removed from the others), before their first child
 * matching `before` if given.
 */
export function hitArea<Mark extends BaseType, Datum, Parent extends BaseType>(
  marks: Selection<Mark, Datum, Parent, unknown>,
  box: (d: Datum) => { x: number; y: number; width: number; height: number },
  on?: (d: Datum) => boolean,
  before?: string,
): void {
  const grown = (d: Datum) => {
    const b = box(d);
    const w = Math.max(b.width, MIN_TARGET);
    const h = Math.max(b.height, MIN_TARGET);
    return { x: b.x - (w - b.width) / 2, y: b.y - (h - b.height) / 2, width: w, height: h };
  };
  part(marks, 'rect', 'hit', on, before)
    .attr('x', (d) => grown(d).x)
    .attr('y', (d) => grown(d).y)
    .attr('width', (d) => grown(d).width)
    .attr('height', (d) => grown(d).height)
    .attr('fill', 'transparent');
}

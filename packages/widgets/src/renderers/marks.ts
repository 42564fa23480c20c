import type { BaseType, Selection } from 'd3';

export interface MarkInteraction<Datum, Key> {
  selected: (d: Datum) => boolean;
  /** What selecting (or drilling into) the mark passes on. */
  target: (d: Datum) => Key;
  /** Marks are buttons calling this; absent, they are plain images. */
  onSelect?: (key: Key) => void;
  onDrill?: (key: Key) => void;
  /** Each mark its own tab stop (false where a roving tab stop manages focus). */
  tabbable?: boolean;
}

/**
 * The one behaviour of every chart's marks: click or Enter/Space selects, a double click or
 * Shift+Enter drills, `aria-pressed` tells the selection; without `onSelect` a mark is an image.
 */
export function markInteraction<Mark extends BaseType, Datum, Parent extends BaseType, Key>(
  marks: Selection<Mark, Datum, Parent, unknown>,
  interaction: MarkInteraction<Datum, Key>,
): void {
  const { onSelect, onDrill, target } = interaction;
  if (!onSelect) {
    marks.attr('role', 'img');
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
 * whole. Added first (before the mark's shapes), where browsers look for a title.
 */
export function titleWhereCut<Mark extends BaseType, Datum, Parent extends BaseType>(
  marks: Selection<Mark, Datum, Parent, unknown>,
  cut: (d: Datum, i: number) => boolean,
  name: (d: Datum) => string,
): void {
  marks.filter(cut).append('title').text(name);
}

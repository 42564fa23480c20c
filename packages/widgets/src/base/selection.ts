import type { DimensionName, FilterClause, FilterValue, Strata } from '@strata/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events.ts';
import { selectionOf } from '../renderers/marks.ts';
import { loadCoordinator } from './load-coordinator.ts';

/** How long the pointer rests on a mark before its click is asked ahead: a sweep across marks asks nothing. */
export const PREFETCH_DWELL_MS = 120;

/** What the selection reads of its view. */
export interface SelectionHost extends ReactiveControllerHost, HTMLElement {
  readonly db: Strata | undefined;
  readonly sourceId: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * A view's selection: its own clause in the filter state (a click on a mark selects its value,
 * a second click or Escape clears it), the strata-select and strata-drill events, and, while the
 * pointer rests on a mark (or the keyboard on it), the click's figures asked ahead: the clauses the
 * click would set are found by running the mark's own click with the filter state left alone, so
 * they are exactly the click's.
 */
export class SelectionController implements ReactiveController {
  /** Set while a mark's click runs only to find the clauses it would set. */
  private capture?: { clauses?: readonly FilterClause[] };
  private dwell?: ReturnType<typeof setTimeout>;
  private listening = false;

  constructor(
    private readonly host: SelectionHost,
    /** The field the view's marks select, or null when marks do not filter. */
    private readonly field: () => DimensionName | null,
    /** A value's name as the view shows it, for people (chips, events). */
    private readonly label: (value: FilterValue) => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.listening) return;
    this.listening = true;
    const root = this.host.renderRoot;
    root.addEventListener('pointerover', (event) => this.rest(event.target));
    root.addEventListener('focusin', (event) => this.rest(event.target));
    root.addEventListener('pointerout', () => this.stopResting());
    root.addEventListener('focusout', () => this.stopResting());
  }

  hostDisconnected(): void {
    this.stopResting();
  }

  /** The values this view has selected (its own clause). */
  values(): FilterValue[] {
    return this.host.db?.filters.clauses.find((c) => c.source === this.host.sourceId)?.values ?? [];
  }

  /** Selects a value, or clears the selection when it is the one selected. Fires strata-select. */
  toggle(value: FilterValue): void {
    const field = this.field();
    const db = this.host.db;
    if (!field || !db) return;
    const current = this.values();
    if (current.length === 1 && current[0] === value) {
      this.clear();
      return;
    }
    const source = this.host.sourceId;
    const labels = [this.label(value)];
    const clause = { field, op: 'in' as const, values: [value], source, labels };
    if (this.capture) {
      this.capture.clauses = [...db.filters.without(source), clause];
      return;
    }
    db.filters.set(clause);
    emit(this.host, 'strata-select', { source, field, values: [value], labels, clause });
  }

  clear(): void {
    const field = this.field();
    const db = this.host.db;
    if (!field || !db || this.values().length === 0) return;
    const source = this.host.sourceId;
    if (this.capture) {
      this.capture.clauses = db.filters.without(source);
      return;
    }
    db.filters.remove(source);
    emit(this.host, 'strata-select', { source, field, values: [], labels: [], clause: null });
  }

  drill(value: FilterValue): void {
    const field = this.field();
    if (field) emit(this.host, 'strata-drill', { source: this.host.sourceId, field, value, label: this.label(value) });
  }

  /** The clauses a mark's click would leave in the filter state, the state itself untouched; undefined when it sets none. */
  wouldSet(click: () => void): readonly FilterClause[] | undefined {
    const capture: { clauses?: readonly FilterClause[] } = {};
    this.capture = capture;
    try {
      click();
    } finally {
      this.capture = undefined;
    }
    return capture.clauses;
  }

  /** The pointer or the keyboard came to `target`: on a mark that selects, its click is asked ahead after a short rest. */
  private rest(target: EventTarget | null): void {
    this.stopResting();
    const click = target instanceof Element ? markSelection(target) : undefined;
    const db = this.host.db;
    if (!click || !db) return;
    this.dwell = setTimeout(() => {
      this.dwell = undefined;
      const clauses = this.wouldSet(click);
      if (clauses) void loadCoordinator().then(({ coordinatorOf }) => coordinatorOf(db).prefetch(clauses), () => undefined);
    }, PREFETCH_DWELL_MS);
  }

  private stopResting(): void {
    clearTimeout(this.dwell);
    this.dwell = undefined;
  }
}

/** The click of the mark `element` is in, if it is a mark that selects. */
function markSelection(element: Element): (() => void) | undefined {
  for (let e: Element | null = element; e && !(e instanceof SVGSVGElement); e = e.parentElement) {
    const click = selectionOf(e);
    if (click) return click;
  }
  return undefined;
}

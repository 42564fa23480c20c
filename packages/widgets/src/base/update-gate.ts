/**
 * One Lit update per answer for a view (see StrataView.shouldUpdate): which updates a click asks
 * for render nothing new, told apart from the ones that must run (a controller's request: the
 * export menu, the table's pages and scroll).
 */

/** What an update renders from, besides the view's own properties. */
export interface Rendered<Result> {
  value?: Result;
  /** The task's: no import here, as this module comes with the coordinator (and lit stays in the page's first chunk). */
  status: 'initial' | 'pending' | 'complete' | 'error';
  lang: string;
  theme: string;
  /** The selection, as text. */
  selected: string;
  /** What the summary and notes say of the other views' filters besides the answer. */
  scope: string;
}

export class UpdateGate<Result> {
  private rendered?: Rendered<Result>;
  /** An update was asked for by something other than the task's answer and the dashboard's context. */
  private asked = false;
  private answering = false;
  private askedBefore = false;
  private nameless = false;

  /** The task is about to ask for the update that shows its answer. */
  answered(): void {
    this.answering = true;
  }

  /** The element's requestUpdate(name): a nameless request is a controller's, unless it is the answer's or the context's. */
  requested(name: PropertyKey | undefined): void {
    // The dashboard's context asks for an update (nameless) just before it sets `dashboard`.
    if (name === 'dashboard' && this.nameless) this.asked = this.askedBefore;
    this.nameless = name === undefined && !this.answering;
    if (this.nameless) {
      this.askedBefore = this.asked;
      this.asked = true;
    }
    this.answering = false;
  }

  /**
   * Whether the update must run: not when only the dashboard or the view's revision changed and
   * what it renders is the same (`now`, read after `start` has started the task for new arguments),
   * with an answer on its way or one equal to the one shown.
   */
  shouldUpdate(changed: ReadonlyMap<PropertyKey, unknown>, now: () => Rendered<Result>, start: () => void): boolean {
    const r = this.rendered;
    const asked = this.asked;
    this.asked = false;
    if (!r || asked || [...changed.keys()].some((key) => key !== 'dashboard' && key !== 'localRevision')) return true;
    let n = now();
    if (n.lang !== r.lang || n.theme !== r.theme || n.selected !== r.selected) return true;
    start();
    this.asked = false;
    n = now();
    const waiting = n.status === 'pending' && r.value !== undefined && r.status !== 'error';
    const same = n.status === 'complete' && n.value === r.value && n.scope === r.scope;
    return !waiting && !same;
  }

  /** The update ran (requests made during it were part of it). */
  ran(): void {
    this.asked = false;
  }

  /** What the update rendered. */
  drawn(rendered: Rendered<Result>): void {
    this.rendered = rendered;
  }
}

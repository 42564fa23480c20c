/**
 * What the tooltip controller (tooltip.ts) does: the listeners that show and hide a view's
 * tooltip, its words and its place. Comes with the views' coordinator (fetched when a view
 * connects, with the first query), outside what a page downloads to start: it imports no code of
 * the page's (the controller hands it what it needs), so that none is pulled into that chunk.
 */
import type { Lang } from '../i18n.ts';
import type { TooltipContent } from '../renderers/marks.ts';

/** Room between the mark and the tooltip, and between the tooltip and the view's edges (the rim in tooltip.ts's styles). */
const GAP = 6;
/** How long the tooltip waits after the pointer leaves the mark or it: time to cross the gap between them. */
const GRACE_MS = 300;

/** What the tooltip reads of its view. */
export interface TipHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly language: Lang;
}

/** What a click (or a key) on a mark does, said under its figures; zh-CN and en. */
const TEXT = {
  select_pointer: ['点击筛选全部视图 · 双击查看明细', 'Click to filter every view · double-click for the rows'],
  select_key: ['Enter 筛选全部视图 · Shift+Enter 查看明细', 'Enter filters every view · Shift+Enter shows the rows'],
  clear_pointer: ['点击取消筛选 · 双击查看明细', 'Click to clear the filter · double-click for the rows'],
  clear_key: ['Enter 取消筛选 · Shift+Enter 查看明细', 'Enter clears the filter · Shift+Enter shows the rows'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

/** The tooltip's behaviour (see TooltipController). */
export class TooltipShow {
  private anchor?: Element;
  private how: 'pointer' | 'key' = 'pointer';
  /** The last press was a touch or a pen (no hover): its focus shows the tooltip, as the keyboard's does. */
  private touch = false;
  private leaving?: ReturnType<typeof setTimeout>;
  private listening = false;
  // Escape where focus is outside the view (the pointer alone shows the tooltip): still dismissed.
  private readonly onDocumentKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.visible) this.hide();
  };

  constructor(
    private readonly host: TipHost,
    /** What the tooltip says of a mark (its renderer's words, or the view's for its `data-tip` elements). */
    private readonly contentOf: (mark: Element) => TooltipContent | undefined,
  ) {}

  connect(): void {
    document.addEventListener('keydown', this.onDocumentKey);
    if (this.listening) return;
    this.listening = true;
    const root = this.host.renderRoot;
    root.addEventListener('pointerdown', (event) => {
      this.touch = (event as PointerEvent).pointerType !== 'mouse';
    });
    root.addEventListener('pointerover', (event) => {
      const mark = this.markOf(event.target);
      if (mark) this.show(mark, 'pointer');
      else if (this.element()?.contains(event.target as Node)) this.stay();
    });
    root.addEventListener('pointerout', (event) => {
      const to = (event as PointerEvent).relatedTarget as Node | null;
      if (this.anchor?.contains(to) || this.element()?.contains(to)) return;
      this.stay();
      this.leaving = setTimeout(() => {
        this.leaving = undefined;
        // Back to the focused mark's tooltip, if a mark has keyboard focus; else none.
        const focused = this.held((root as ShadowRoot).activeElement);
        if (focused) this.show(focused, 'key');
        else this.hide();
      }, GRACE_MS);
    });
    root.addEventListener('focusin', (event) => {
      const mark = this.markOf(event.target);
      if (!mark) return;
      const focused = event.target as Element;
      focused.setAttribute('aria-describedby', 'tooltip');
      // A touch's focus (no focus ring) keeps the pointer's words.
      if (this.held(focused)) this.show(mark, focused.matches(':focus-visible') ? 'key' : 'pointer');
    });
    root.addEventListener('focusout', (event) => {
      const mark = this.markOf(event.target);
      if (!mark) return;
      (event.target as Element).removeAttribute('aria-describedby');
      if (this.anchor === mark && !this.hovered()) this.hide();
    });
    root.addEventListener('keydown', (event) => {
      // The innermost thing closes first: this Escape hides the tooltip only (the next clears a selection).
      if ((event as KeyboardEvent).key !== 'Escape' || !this.visible) return;
      event.stopPropagation();
      this.hide();
    });
  }

  disconnect(): void {
    document.removeEventListener('keydown', this.onDocumentKey);
    this.hide();
  }

  /**
   * After a redraw, a tooltip whose mark is gone goes too (a refocused mark shows its own again);
   * one whose mark stays (a keyed redraw keeps it, a tile) says its new figures.
   */
  updated(): void {
    queueMicrotask(() => {
      if (!this.anchor || !this.visible) return;
      if (this.anchor.isConnected) this.fill(this.anchor, this.how);
      else this.hide();
    });
  }

  get visible(): boolean {
    return this.element()?.hidden === false;
  }

  private element(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.tooltip');
  }

  private markOf(target: EventTarget | null): Element | undefined {
    const mark = target instanceof Element ? target.closest('.mark, [data-tip]') : null;
    return mark && this.contentOf(mark) ? mark : undefined;
  }

  /** The mark of `focused` when its focus shows the tooltip: keyboard focus, or a touch's. */
  private held(focused: Element | null): Element | undefined {
    return focused && (this.touch || focused.matches(':focus-visible')) ? this.markOf(focused) : undefined;
  }

  /** The pointer is on the mark or on the tooltip. */
  private hovered(): boolean {
    return !!this.anchor?.matches(':hover') || !!this.element()?.matches(':hover');
  }

  /** Cancels a pending hide: the pointer came (back) onto the tooltip or a mark. */
  private stay(): void {
    clearTimeout(this.leaving);
    this.leaving = undefined;
  }

  private show(mark: Element, how: 'pointer' | 'key'): void {
    this.stay();
    this.fill(mark, how);
  }

  /** Writes the mark's words into the tooltip and places it (a pending hide stays pending). */
  private fill(mark: Element, how: 'pointer' | 'key'): void {
    const tip = this.element();
    const content = this.contentOf(mark);
    if (!tip || !content) return;
    this.anchor = mark;
    this.how = how;
    const line = (text: string, className: string) => {
      const div = document.createElement('div');
      div.className = className;
      div.textContent = text;
      return div;
    };
    const lines = [line(content.title, 'tip-title'), ...content.lines.map((text) => line(text, 'tip-line'))];
    if (mark.getAttribute('role') === 'button') {
      const pressed = mark.getAttribute('aria-pressed') === 'true';
      const [zh, en] = TEXT[`${pressed ? 'clear' : 'select'}_${how}`];
      lines.push(line(this.host.language === 'en' ? en : zh, 'tip-hint'));
    }
    tip.replaceChildren(...lines);
    tip.hidden = false;
    this.place(tip, mark);
  }

  hide(): void {
    this.stay();
    const tip = this.element();
    if (tip) tip.hidden = true;
    this.anchor = undefined;
  }

  /**
   * Clear of the whole mark, its hit area included (the tooltip takes the pointer, so it must not
   * lie over the mark being pointed at): above it, else below, else beside it (a column as tall
   * as the chart), inside the figure; centred on the mark.
   */
  private place(tip: HTMLElement, mark: Element): void {
    const container = tip.offsetParent ?? tip.parentElement;
    if (!container) return;
    const frame = container.getBoundingClientRect();
    const r = mark.getBoundingClientRect();
    const box = { left: r.left - frame.left, right: r.right - frame.left, top: r.top - frame.top, bottom: r.bottom - frame.top };
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const [roomX, roomY] = [container.clientWidth, container.clientHeight];
    const clamp = (v: number, size: number, room: number) => Math.min(Math.max(GAP, v), Math.max(GAP, room - size - GAP));
    const x = clamp((box.left + box.right - width) / 2, width, roomX);
    const y = clamp((box.top + box.bottom - height) / 2, height, roomY);
    const [left, top] =
      box.top - height - GAP >= 0
        ? [x, box.top - height - GAP]
        : box.bottom + GAP + height <= roomY
          ? [x, box.bottom + GAP]
          : box.right + GAP + width <= roomX - GAP
            ? [box.right + GAP, y]
            : box.left - GAP - width >= GAP
              ? [box.left - GAP - width, y]
              : [x, box.bottom + GAP];
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(top)}px`;
  }
}

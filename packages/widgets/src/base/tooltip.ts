import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Lang } from '../i18n.ts';
import { tooltipOf, type TooltipContent } from '../renderers/marks.ts';

/** What a click (or a key) on a mark does, said under its figures; zh-CN and en. */
const TEXT = {
  select_pointer: ['点击筛选全部视图 · 双击查看明细', 'Click to filter every view · double-click for the rows'],
  select_key: ['Enter 筛选全部视图 · Shift+Enter 查看明细', 'Enter filters every view · Shift+Enter shows the rows'],
  clear_pointer: ['点击取消筛选 · 双击查看明细', 'Click to clear the filter · double-click for the rows'],
  clear_key: ['Enter 取消筛选 · Shift+Enter 查看明细', 'Enter clears the filter · Shift+Enter shows the rows'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment; readonly language: Lang };

/** Room between the mark and the tooltip, and between the tooltip and the view's edges. */
const GAP = 6;
/** How long the tooltip waits after the pointer leaves the mark or it: time to cross the gap between them. */
const GRACE_MS = 300;

/**
 * The tooltip of a view's marks (a Lit reactive controller, shared the way Shoelace shares
 * behaviour): one element in the view's shadow root, outside the SVG, shown while the pointer is
 * on a mark or a mark has keyboard focus (:focus-visible; or focus from a touch, which has no
 * hover), with the figures the renderer gave the mark and what a click or Enter does. A mouse
 * click's focus shows nothing: the tooltip goes with the pointer, off the title and its buttons.
 * Besides a chart's marks, an element the view marks `data-tip` (a KPI tile) shows what
 * `describe` says of it. WCAG 1.4.13: the pointer can move onto the tooltip (to read or copy
 * it) and it stays; it goes a moment after the pointer has left both, on blur, or on Escape
 * (dismissable without moving), and never by itself. Placed above the mark (below when there is
 * no room), clear of the whole mark so it never covers the mark under the pointer, inside the
 * view at any width, with element.style (the strict CSP allows it; markup carries no style
 * attribute). The focused mark is described by it (aria-describedby). Text only: never HTML from data.
 */
export class TooltipController implements ReactiveController {
  private anchor?: Element;
  private how: 'pointer' | 'key' = 'pointer';
  /** The last press was a touch or a pen (no hover): its focus shows the tooltip, as the keyboard's does. */
  private touch = false;
  private provider?: (element: Element) => TooltipContent | undefined;
  private leaving?: ReturnType<typeof setTimeout>;
  private listening = false;
  // Escape where focus is outside the view (the pointer alone shows the tooltip): still dismissed.
  private readonly onDocumentKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.visible) this.hide();
  };

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  /** The tooltip's element, placed once in the view's figure; the controller fills and moves it. */
  render(): TemplateResult {
    return html`<div class="tooltip" id="tooltip" role="tooltip" part="tooltip" hidden></div>`;
  }

  /** What the tooltip says of the view's own `data-tip` elements (chart marks have theirs from the renderer). */
  describe(provider: (element: Element) => TooltipContent | undefined): void {
    this.provider = provider;
  }

  hostConnected(): void {
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

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.onDocumentKey);
    this.hide();
  }

  /**
   * A redraw replaces the marks: a tooltip whose mark is gone goes too (a refocused mark shows its
   * own again); one whose element stays (a tile) says its new figures.
   */
  hostUpdated(): void {
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

  private contentOf(mark: Element): TooltipContent | undefined {
    return tooltipOf(mark) ?? this.provider?.(mark);
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

/** The tooltip's look: the view's surface and text colours (light and dark), no wider than the view. */
export const tooltipStyles = css`
  figure {
    position: relative;
  }
  .tooltip {
    position: absolute;
    z-index: 2;
    max-width: min(280px, calc(100% - 12px));
    padding: 6px 8px;
    background: var(--_surface);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: 6px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.18);
    font-size: 12px;
    line-height: 1.45;
    overflow-wrap: anywhere;
  }
  .tooltip[hidden] {
    display: none;
  }
  /* A rim over the gap to the mark (its border included): the pointer crosses from the mark onto
     the tooltip without passing over a neighbouring mark (the next bar's row just below, say). */
  .tooltip::before {
    content: '';
    position: absolute;
    inset: -${GAP + 2}px;
    z-index: -1; /* under the text, which stays selectable */
  }
  .tip-title {
    font-weight: 600;
  }
  .tip-line {
    font-variant-numeric: tabular-nums;
  }
  .tip-hint {
    margin-top: 2px;
    color: var(--_muted);
  }
`;

import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Lang } from '../i18n.ts';
import { tooltipOf } from '../renderers/marks.ts';

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

/**
 * The tooltip of a view's marks (a Lit reactive controller, shared the way Shoelace shares
 * behaviour): one element in the view's shadow root, outside the SVG, shown while the pointer is
 * on a mark or a mark has focus, with the figures the renderer gave the mark and what a click or
 * Enter does. Hidden on leave, blur and Escape (WCAG 1.4.13: dismissable without moving). It takes
 * no pointer events: over a dense chart it never stands between the pointer and a mark, and the
 * pointer moving across it stays on the mark below. The focused mark is described by it (aria-describedby). Placed above
 * the mark (below when there is no room), inside the view at any width, with element.style (the
 * strict CSP allows it; markup carries no style attribute). Text only: never HTML from data.
 */
export class TooltipController implements ReactiveController {
  private anchor?: Element;
  private listening = false;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  /** The tooltip's element, placed once in the view's figure; the controller fills and moves it. */
  render(): TemplateResult {
    return html`<div class="tooltip" id="tooltip" role="tooltip" part="tooltip" hidden></div>`;
  }

  hostConnected(): void {
    if (this.listening) return;
    this.listening = true;
    const root = this.host.renderRoot;
    root.addEventListener('pointerover', (event) => {
      const mark = this.markOf(event.target);
      if (mark) this.show(mark, 'pointer');
    });
    root.addEventListener('pointerout', (event) => {
      if (this.anchor?.contains((event as PointerEvent).relatedTarget as Node | null)) return;
      // Back to the focused mark's tooltip, if a mark has focus; else none.
      const focused = this.markOf((root as ShadowRoot).activeElement ?? null);
      if (focused) this.show(focused, 'key');
      else this.hide();
    });
    root.addEventListener('focusin', (event) => {
      const mark = this.markOf(event.target);
      if (!mark) return;
      mark.setAttribute('aria-describedby', 'tooltip');
      // Focus from a click (no focus ring) keeps the pointer's words.
      this.show(mark, mark.matches(':focus-visible') ? 'key' : 'pointer');
    });
    root.addEventListener('focusout', (event) => {
      const mark = this.markOf(event.target);
      if (!mark) return;
      mark.removeAttribute('aria-describedby');
      if (this.anchor === mark) this.hide();
    });
    root.addEventListener('keydown', (event) => {
      // The innermost thing closes first: this Escape hides the tooltip only (the next clears a selection).
      if ((event as KeyboardEvent).key !== 'Escape' || !this.visible) return;
      event.stopPropagation();
      this.hide();
    });
  }

  /** A redraw replaces the marks: a tooltip whose mark is gone goes too (a refocused mark shows its own again). */
  hostUpdated(): void {
    queueMicrotask(() => {
      if (this.anchor && !this.anchor.isConnected) this.hide();
    });
  }

  get visible(): boolean {
    return this.element()?.hidden === false;
  }

  private element(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.tooltip');
  }

  private markOf(target: EventTarget | null): Element | undefined {
    const mark = target instanceof Element ? target.closest('.mark') : null;
    return mark && tooltipOf(mark) ? mark : undefined;
  }

  private show(mark: Element, how: 'pointer' | 'key'): void {
    const tip = this.element();
    const content = tooltipOf(mark);
    if (!tip || !content) return;
    this.anchor = mark;
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
    const tip = this.element();
    if (tip) tip.hidden = true;
    this.anchor = undefined;
  }

  /** Above the mark's shape (the whole mark when the shape has no area), centred, kept inside the figure. */
  private place(tip: HTMLElement, mark: Element): void {
    const container = tip.offsetParent ?? tip.parentElement;
    if (!container) return;
    const shape = mark.querySelector('.shape')?.getBoundingClientRect();
    const box = shape && shape.width > 0 && shape.height > 0 ? shape : mark.getBoundingClientRect();
    const frame = container.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const room = container.clientWidth;
    const left = Math.min(Math.max(GAP, box.left - frame.left + box.width / 2 - width / 2), Math.max(GAP, room - width - GAP));
    const above = box.top - frame.top - height - GAP;
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(above >= 0 ? above : box.bottom - frame.top + GAP)}px`;
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
    pointer-events: none;
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

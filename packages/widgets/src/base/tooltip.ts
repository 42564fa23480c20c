import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Lang } from '../i18n.ts';
import { tooltipOf, type TooltipContent } from '../renderers/marks.ts';
import { loadCoordinator } from './load-coordinator.ts';
import type { TooltipShow } from './tooltip-show.ts';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment; readonly language: Lang };

/** Room between the mark and the tooltip (the rim below; tooltip-show.ts places it so). */
const GAP = 6;

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
 * What it does (tooltip-show.ts) comes with the views' coordinator, fetched when the view connects.
 */
export class TooltipController implements ReactiveController {
  private provider?: (element: Element) => TooltipContent | undefined;
  private show?: TooltipShow;
  private loading?: Promise<void>;

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

  /** Resolves once the tooltip shows on hover and focus (its code fetched). */
  get ready(): Promise<void> {
    // A failed fetch is tried again at the next connection.
    this.loading ??= loadCoordinator().then(
      ({ tooltipShow }) => {
        this.show ??= new tooltipShow.TooltipShow(this.host, (mark) => tooltipOf(mark) ?? this.provider?.(mark));
        if (this.host.isConnected) this.show.connect();
      },
      () => {
        this.loading = undefined;
      },
    );
    return this.loading;
  }

  hostConnected(): void {
    if (this.show) this.show.connect();
    else void this.ready;
  }

  hostDisconnected(): void {
    this.show?.disconnect();
  }

  hostUpdated(): void {
    this.show?.updated();
  }

  get visible(): boolean {
    return this.show?.visible ?? false;
  }

  hide(): void {
    this.show?.hide();
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

/**
 * The view's export menu: one button that opens a menu of formats (a menu button: arrows, Home,
 * End, Escape and Tab work as a person expects), and the message a failed export leaves in the
 * view (role=alert, in the view's language) until it is dismissed or the next export succeeds.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Lang } from '../i18n.ts';
import { et, type ExportTextKey } from './export-labels.ts';

export type ExportFormat = 'csv' | 'csv_raw' | 'xlsx' | 'svg' | 'png';

export class ExportMenu implements ReactiveController {
  open = false;
  /** The last export's failure, as shown. */
  error?: string;
  private focusIndex = -1;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly run: (format: ExportFormat) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdated(): void {
    if (this.focusIndex < 0) return;
    const root = this.host.shadowRoot;
    const items = [...(root?.querySelectorAll<HTMLElement>('[part~="export-item"]') ?? [])];
    const target = this.open ? items[this.focusIndex] : root?.querySelector<HTMLElement>('[part~="export-button"]');
    this.focusIndex = -1;
    target?.focus();
  }

  private setOpen(open: boolean, focus: number): void {
    this.open = open;
    this.focusIndex = focus;
    this.host.requestUpdate();
  }

  /** Runs an export; a failure stays in the view as an alert. */
  async choose(format: ExportFormat, lang: Lang): Promise<void> {
    this.setOpen(false, 0);
    try {
      await this.run(format);
      this.error = undefined;
    } catch (error) {
      this.error = et(lang, 'failed', { format: et(lang, format), message: (error as Error)?.message ?? String(error) });
      throw error;
    } finally {
      this.host.requestUpdate();
    }
  }

  private onButtonKey(event: KeyboardEvent, count: number): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.setOpen(true, event.key === 'ArrowDown' ? 0 : count - 1);
    }
  }

  private onMenuKey(event: KeyboardEvent, index: number, count: number): void {
    const move: Record<string, number> = { ArrowDown: (index + 1) % count, ArrowUp: (index - 1 + count) % count, Home: 0, End: count - 1 };
    if (event.key in move) {
      event.preventDefault();
      this.setOpen(true, move[event.key]!);
    } else if (event.key === 'Escape') {
      // The menu closes; the view's own Escape (clear the selection) waits for the next one.
      event.preventDefault();
      event.stopPropagation();
      this.setOpen(false, 0);
    } else if (event.key === 'Tab') {
      this.open = false;
      this.host.requestUpdate();
    }
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (this.open && !(next && (event.currentTarget as HTMLElement).contains(next))) {
      this.open = false;
      this.host.requestUpdate();
    }
  }

  render(lang: Lang, title: string, formats: readonly ExportFormat[], onError: (error: Error) => void): TemplateResult {
    const count = formats.length;
    return html`<span class="export" part="export" @focusout=${(e: FocusEvent) => this.onFocusOut(e)}>
      <button
        part="export-button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="export-menu"
        aria-label=${et(lang, 'menu_label', { title })}
        @click=${() => this.setOpen(!this.open, this.open ? -1 : 0)}
        @keydown=${(e: KeyboardEvent) => this.onButtonKey(e, count)}
      >${et(lang, 'menu')} <span aria-hidden="true">▾</span></button>
      ${this.open
        ? html`<ul id="export-menu" role="menu" part="export-menu" aria-label=${et(lang, 'menu_label', { title })}>
            ${formats.map(
              (format, i) => html`<li role="none"><button
                role="menuitem"
                tabindex="-1"
                part="export-item"
                data-format=${format}
                @click=${() => void this.choose(format, lang).catch(onError)}
                @keydown=${(e: KeyboardEvent) => this.onMenuKey(e, i, count)}
              >${et(lang, format as ExportTextKey)}</button></li>`,
            )}
          </ul>`
        : nothing}
    </span>`;
  }

  renderError(lang: Lang): TemplateResult | typeof nothing {
    if (!this.error) return nothing;
    return html`<div class="export-error" role="alert" part="export-error">
      <span>${this.error}</span>
      <button @click=${() => ((this.error = undefined), this.host.requestUpdate())}>${et(lang, 'dismiss')}</button>
    </div>`;
  }
}

export const exportStyles = css`
  .export {
    position: relative;
    display: inline-block;
  }
  [part~='export-menu'] {
    position: absolute;
    inset-inline-end: 0;
    top: calc(100% + 2px);
    z-index: 3;
    margin: 0;
    padding: 4px;
    list-style: none;
    min-width: 10em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  [part~='export-item'] {
    display: block;
    width: 100%;
    text-align: start;
    border: none;
    padding: 6px 8px;
    min-height: 32px;
    white-space: nowrap;
  }
  .export-error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: 4px 0;
    color: var(--_danger);
    font-size: 12px;
  }
  [part~='export-item']:hover,
  [part~='export-item']:focus-visible {
    background: var(--_border);
  }
`;

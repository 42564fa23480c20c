import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { maskId, maskName, type CampaignRow, type FilterClause, type FilterValue, type Strata } from '@strata/sdk';
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { baseStyles } from '../base/styles.ts';
import { dashboardContext, type DashboardState, type Theme } from '../context.ts';
import { emit } from '../events.ts';
import { clauseValuesText, codeLabel, fieldLabel, fieldNote, toLang, type Lang } from '../i18n.ts';
import { boundText } from '../renderers/text.ts';
import { ft } from './labels.ts';

/**
 * The most characters of a chip's label or a picker's option laid out (CSS cuts them to their box
 * with an ellipsis; the title has them whole): a browser lays out a whole text even where CSS
 * hides most of it. A chip is at most the bar's width: 2,000 px hold about 400 characters.
 */
const CHIP_CHARACTERS = 400;
const OPTION_CHARACTERS = 120;

interface Lists {
  months: string[];
  campaigns: CampaignRow[];
}

/** Fields whose values are codes with names in the data (a chip set from code or a URL may lack them). */
const NAMED_FIELDS = ['branch', 'manager'] as const;
type NamedField = (typeof NAMED_FIELDS)[number];

/**
 * The dashboard's filter bar: every active cross-filter clause as a chip (field and values in
 * words) with a remove button, a clear-all button, and pickers for the month end and the
 * campaign the views show.
 *
 * Removing a chip calls `strata.filters.remove(source)` on the clause's view; clear-all calls
 * `strata.filters.clear()`. The filter state announces the change (the dashboard fires
 * `strata-filter-change`); this element never fires `strata-select`, and chips follow every
 * change, from a click in a view or from code.
 *
 * The pickers do not change any view themselves: choosing a month end dispatches
 * `strata-as-of-change` and choosing a campaign `strata-campaign-change` (both bubble and are
 * composed), whose `detail` is the chosen value — 'YYYY-MM-DD' or a campaign id — or '' for the
 * default (the latest month end, the running campaign). The dashboard listens and sets its
 * `as-of` / `campaign`, which every view inside follows. The element also keeps the choice in its
 * own `asOf` / `campaign` properties.
 *
 * @element strata-filters
 * @fires strata-as-of-change - the user chose a month end; detail: 'YYYY-MM-DD', or '' for the latest
 * @fires strata-campaign-change - the user chose a campaign; detail: its campaign_id, or '' for the running one
 * @csspart bar - the whole bar
 * @csspart pickers - the month and campaign pickers
 * @csspart month-label - the month picker's label
 * @csspart month - the month end <select>
 * @csspart campaign-label - the campaign picker's label
 * @csspart campaign - the campaign <select>
 * @csspart chips - the list of active filters
 * @csspart chip - one active filter
 * @csspart remove - a chip's remove button
 * @csspart clear - the clear-all button
 * @cssprop --strata-accent - chip border and focus ring
 * @cssprop --strata-surface - background
 * @cssprop --strata-border - borders
 * @cssprop --strata-muted - the "no filters" text
 */
export class StrataFilters extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 16px;
        padding: 8px var(--_gap);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .pickers {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        font-size: 13px;
        color: var(--_muted);
      }
      select {
        font: inherit;
        font-size: 13px;
        color: var(--_fg);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 2px 6px;
        max-width: 22em;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 0;
        padding: 0;
        list-style: none;
        flex: 1 1 auto;
        align-items: center;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 1px 2px 1px 10px;
        border: 1px solid var(--_accent);
        border-radius: 999px;
        font-size: 13px;
        max-width: 100%;
      }
      .chip-label {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .chip button {
        border: none;
        border-radius: 999px;
        width: 22px;
        height: 22px;
        padding: 0;
        font-size: 15px;
        line-height: 1;
      }
      .chip button:hover {
        background: color-mix(in srgb, var(--_accent) 12%, transparent);
      }
      .none {
        color: var(--_muted);
        font-size: 13px;
      }
    `,
  ];

  /** A Strata to read from instead of the enclosing dashboard's. */
  @property({ attribute: false }) strata?: Strata;

  /** zh-CN or en; inherits the dashboard's, else the page's. */
  @property({ attribute: 'lang' }) langAttribute: string | null = null;

  /** light or dark; inherits the dashboard's. */
  @property() theme?: Theme;

  /** The month end shown as chosen (YYYY-MM-DD); the dashboard's, else the latest. Set by the picker. */
  @property({ attribute: 'as-of' }) asOf?: string;

  /** The campaign shown as chosen; the dashboard's, else the running one. Set by the picker. */
  @property() campaign?: string;

  /** Show customer ids in chips in full (masked by default, like the tables). */
  @property({ type: Boolean }) unmasked = false;

  @consume({ context: dashboardContext, subscribe: true })
  @state()
  protected dashboard?: DashboardState;

  @state() private localRevision = 0;
  /** Bumped on every filter change, so chips re-render. */
  @state() private filterRevision = 0;

  private subscribed?: Strata;
  private unsubscribe?: () => void;
  /** After a chip is removed: the index whose remove button takes the focus. */
  private focusAfterRemove?: number;

  private readonly lists = new Task(this, {
    task: async ([db], { signal }): Promise<Lists> => {
      if (!db) return { months: [], campaigns: [] };
      const [months, campaigns] = await Promise.all([db.months({ signal }), db.campaigns({ signal })]);
      return { months, campaigns: [...campaigns] };
    },
    args: () => [this.db, (this.dashboard?.revision ?? 0) * 1_000_000 + this.localRevision] as const,
  });

  /**
   * Names of the branches and managers in the clauses, asked of the SDK: the whole bank's segments
   * by that field carry each code's name. The data's name wins over a clause's label, which a URL
   * could spell as anything (a chip must never name another branch than the one it filters).
   */
  private readonly names = new Task(this, {
    task: async ([db, fields], { signal }): Promise<Map<string, string>> => {
      const names = new Map<string, string>();
      if (!db) return names;
      for (const field of fields.split(',').filter(Boolean) as NamedField[]) {
        try {
          for (const row of await db.segments({ by: field, unfiltered: true, signal })) {
            if (row.key !== null && row.label !== null) names.set(`${field}\u0000${row.key}`, row.label);
          }
        } catch (error) {
          // Without the customer file there are no segments to name them by: the chip shows the code.
          if ((error as Error).name === 'AbortError') throw error;
        }
      }
      return names;
    },
    args: () => [this.db, this.namedFields(), (this.dashboard?.revision ?? 0) * 1_000_000 + this.localRevision] as const,
  });

  /** The clauses' fields whose values have names in the data, as a key for the names task. */
  private namedFields(): string {
    const fields = new Set(this.clauses.filter((c) => (NAMED_FIELDS as readonly string[]).includes(c.field)).map((c) => c.field));
    return [...fields].sort().join(',');
  }

  /** The Strata in use: the `strata` property, else the dashboard's. */
  get db(): Strata | undefined {
    return this.strata ?? this.dashboard?.strata;
  }

  /** The language in use: the `lang` attribute, else the dashboard's, else the page's. */
  get language(): Lang {
    return toLang(this.langAttribute ?? this.dashboard?.lang ?? document.documentElement.lang);
  }

  /** The month end the picker shows: `asOf`, else the dashboard's (undefined: the latest). */
  get effectiveAsOf(): string | undefined {
    return this.asOf ?? this.dashboard?.asOf;
  }

  /** The campaign the picker shows: `campaign`, else the dashboard's (undefined: the running one). */
  get effectiveCampaign(): string | undefined {
    return this.campaign ?? this.dashboard?.campaign;
  }

  /** The active clauses, as the chips show them. */
  get clauses(): readonly FilterClause[] {
    return this.db?.filters.clauses ?? [];
  }

  /** Re-reads the month ends and campaigns (after loading data into a standalone `strata`). */
  refresh(): void {
    this.localRevision++;
  }

  // ─── labels ─────────────────────────────────────────────────────────────────────────────

  /** The words for a field, in the current language. */
  fieldLabel(field: string): string {
    return fieldLabel(this.language, field) ?? field;
  }

  /**
   * The words for one value of a field: a code's words in the current language (tiers, classes),
   * else the data's name for a branch or manager, else the name the clause carries (`label`, from
   * the view that set it), else the value. A customer's name and id are masked unless `unmasked`.
   */
  valueLabel(field: string, value: FilterValue, label?: string): string {
    const lang = this.language;
    if (value === null) return codeLabel(lang, null);
    if (typeof value === 'boolean') return field === 'has_loan' ? codeLabel(lang, String(value), field) : ft(lang, value ? 'yes' : 'no');
    if (field === 'customer_id') {
      // The name to read, the id to tell two of the same name apart.
      const id = this.unmasked ? String(value) : maskId(String(value));
      if (label === undefined || label === String(value)) return id;
      return `${this.unmasked ? label : maskName(label)}${lang === 'en' ? ` (${id})` : `（${id}）`}`;
    }
    if (field === 'campaign') {
      const campaign = this.lists.value?.campaigns.find((c) => c.campaign_id === value);
      if (campaign?.name) return campaign.name;
    }
    const words = codeLabel(lang, String(value), field);
    if (words !== String(value)) return words;
    const named = label !== undefined && label !== words ? label : undefined;
    return this.names.value?.get(`${field}\u0000${String(value)}`) ?? named ?? words;
  }

  /** A chip's text: the field's label and the values' labels. */
  clauseLabel(clause: FilterClause): string {
    const lang = this.language;
    const values = clause.values.map((v, i) => this.valueLabel(clause.field, v, clause.labels?.[i]));
    const shown = clauseValuesText(lang, clause.op, values, `${ft(lang, 'not')}${lang === 'en' ? ' ' : ''}`);
    return `${this.fieldLabel(clause.field)}${lang === 'en' ? ': ' : '：'}${shown}`;
  }

  // ─── actions ────────────────────────────────────────────────────────────────────────────

  private removeClause(source: string, index: number): void {
    this.focusAfterRemove = index;
    this.db?.filters.remove(source);
  }

  private clearAll(): void {
    this.focusAfterRemove = 0;
    this.db?.filters.clear();
  }

  private chooseMonth(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.asOf = value || undefined;
    emit(this, 'strata-as-of-change', value);
  }

  private chooseCampaign(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.campaign = value || undefined;
    emit(this, 'strata-campaign-change', value);
  }

  // ─── lifecycle ──────────────────────────────────────────────────────────────────────────

  private subscribe(): void {
    const db = this.isConnected ? this.db : undefined;
    if (db === this.subscribed) return;
    this.unsubscribe?.();
    this.subscribed = db;
    this.unsubscribe = db?.filters.onChange(() => this.filterRevision++);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.subscribed = undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.subscribe();
    this.dataset.theme = this.theme ?? this.dashboard?.theme ?? 'light';
  }

  protected override updated(): void {
    // The pickers show the choice in force (the `selected` attributes alone stop counting once a
    // user has changed a select, and the options may arrive after the value).
    const month = this.renderRoot.querySelector<HTMLSelectElement>('select.month');
    if (month && month.value !== (this.effectiveAsOf ?? '')) month.value = this.effectiveAsOf ?? '';
    const campaign = this.renderRoot.querySelector<HTMLSelectElement>('select.campaign');
    if (campaign && campaign.value !== (this.effectiveCampaign ?? '')) campaign.value = this.effectiveCampaign ?? '';
    const index = this.focusAfterRemove;
    if (index === undefined) return;
    this.focusAfterRemove = undefined;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.chip button')];
    (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLSelectElement>('select'))?.focus();
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const lang = this.language;
    const clauses = this.clauses;
    return html`<div class="bar" part="bar" role="group" aria-label=${ft(lang, 'filters')} lang=${lang}>
      <div class="pickers" part="pickers">${this.renderPickers(lang)}</div>
      <ul class="chips" part="chips" aria-label=${ft(lang, 'active_filters')} aria-live="polite">
        ${clauses.length === 0
          ? html`<li class="none">${ft(lang, 'no_filters')}</li>`
          : clauses.map((clause, i) => {
              const label = this.clauseLabel(clause);
              const note = fieldNote(lang, clause.field);
              return html`<li class="chip" part="chip" data-source=${clause.source}>
                <span class="chip-label" title=${note ? `${label}\n${note}` : label}>${boundText(label, CHIP_CHARACTERS)}</span>
                <button part="remove" aria-label=${ft(lang, 'remove', { label })} @click=${() => this.removeClause(clause.source, i)}>×</button>
              </li>`;
            })}
      </ul>
      ${clauses.length > 0 ? html`<button part="clear" class="clear" @click=${() => this.clearAll()}>${ft(lang, 'clear_all')}</button>` : nothing}
    </div>`;
  }

  private renderPickers(lang: Lang): TemplateResult {
    const lists = this.lists.value ?? { months: [], campaigns: [] };
    const asOf = this.effectiveAsOf ?? '';
    const campaign = this.effectiveCampaign ?? '';
    const latest = lists.months.at(-1);
    return html`<label part="month-label"
        >${ft(lang, 'month')}
        <select part="month" class="month" @change=${this.chooseMonth} ?disabled=${lists.months.length === 0}>
          <option value="" ?selected=${asOf === ''}>${latest ? ft(lang, 'latest_month_of', { month: latest }) : ft(lang, 'latest_month')}</option>
          ${lists.months.map((m) => html`<option value=${m} ?selected=${m === asOf}>${m}</option>`)}
        </select></label
      >
      <label part="campaign-label"
        >${ft(lang, 'campaign')}
        <select part="campaign" class="campaign" @change=${this.chooseCampaign} ?disabled=${lists.campaigns.length === 0}>
          <option value="" ?selected=${campaign === ''}>${ft(lang, 'current_campaign')}</option>
          ${lists.campaigns.map((c) => {
            const name = c.name ?? c.campaign_id;
            const shown = boundText(name, OPTION_CHARACTERS);
            return html`<option value=${c.campaign_id} ?selected=${c.campaign_id === campaign} title=${shown === name ? nothing : name}>${shown}</option>`;
          })}
        </select></label
      >`;
  }
}


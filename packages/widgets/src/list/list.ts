import { maskId, type ListOrderColumn, type ListPreset, type MarketingListRow } from '@strata/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Readings } from '../base/coordinator.ts';
import { scopeWords } from '../base/export-scope.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { emit } from '../events.ts';
import { formatCount } from '../i18n.ts';
import { exportColumns, listColumns, PHONE_WIDTH, type ListColumn } from './columns.ts';
import { lt, presetName } from './labels.ts';
import { listStyles } from './styles.ts';

/** One list as loaded: its rows and what they were asked with. */
export interface ListResult {
  preset: ListPreset | undefined;
  rows: MarketingListRow[];
  /** The list's date (the `as-of`, else the data's reference date). */
  date: string | null;
  orderBy: { column: ListOrderColumn; descending: boolean } | undefined;
  limit: number;
}

/** A manager the assign picker offers. */
export interface ListManager {
  id: string;
  name: string | null;
}

/**
 * A marketing list (名单): the customers a preset names (`strata.list`), each with the reason it is
 * on the list, cross-filtered by the dashboard (every clause but its own), sortable by a header
 * (click, Enter or Space: numbers largest first, text A→Z, again to flip), names and IDs masked
 * unless `unmasked`; exports as every view does (CSV for people or raw, xlsx), masked as shown.
 *
 * Assign: tick rows (or all on the page), choose a manager, press assign: the element fires
 * `strata-assign` with the real customer ids (and lead ids for `overdue_leads`), the preset and
 * the manager, for the portal's CRM to record. Strata writes nothing.
 *
 * The element's code is fetched on demand (its register module defines it when the chunk arrives):
 * `await customElements.whenDefined('strata-list')`.
 *
 * @element strata-list
 * @fires strata-assign - the user assigned the ticked rows to a manager; detail: { source, customerIds, leadIds?, preset, manager, managerName }
 * @fires strata-error - a query or an export failed
 * @csspart figure - the frame
 * @csspart title - the caption (the preset's name)
 * @csspart summary - the count, date, scope, order and masking line
 * @csspart assign - the manager picker and the assign button
 * @csspart list - the table of the list
 * @csspart row - a row of the list
 * @cssprop --strata-list-height - the list's scroll height (default 480px)
 * @cssprop --strata-accent - the sort arrow, focus rings and ticked rows
 * @cssprop --strata-surface - header and row background
 * @cssprop --strata-border - row lines
 */
export class StrataList extends StrataView<ListResult> {
  static override styles = [...StrataView.styles, listStyles];

  private presetValue?: string;

  /**
   * Which list: one of the sdk's presets (maturing, no_loan, overdue_leads, handoff …); none: the
   * dashboard's clauses alone. Another list drops the ticks and the last assign's note (set here,
   * not in an update: an update may wait for the new list's answer).
   */
  @property({ reflect: true, noAccessor: true })
  get preset(): string | undefined {
    return this.presetValue;
  }
  set preset(value: string | undefined) {
    const old = this.presetValue;
    if (value === old) return;
    this.presetValue = value;
    this.ticked = new Set();
    this.assignedNote = '';
    this.requestUpdate('preset', old);
  }

  /** maturing: within this many days (default 90); overdue_leads: idle more than this many days (default 14). */
  @property({ type: Number }) days?: number;

  /** Rows shown (and exported): the first `limit` in the list's order (default 100). */
  @property({ type: Number }) limit = 100;

  /** Show names and IDs in full (masked by default: 张*丰, C0*****45). */
  @property({ type: Boolean, reflect: true }) unmasked = false;

  /** The column sorted by (a sortable column's sdk name: loan_balance, next_maturity …); the preset's order when absent. */
  @property({ attribute: 'sort', reflect: true }) sortColumn?: string;

  /** Sort descending. */
  @property({ type: Boolean, reflect: true }) descending = false;

  /** The managers the assign picker offers; by default those of the list's rows. */
  @property({ attribute: false }) managers?: readonly ListManager[];

  /** Keys (customer ids, lead ids for overdue_leads) of the ticked rows. */
  @state() private ticked: ReadonlySet<string> = new Set();
  @state() private manager = '';
  /** What the last assign said, until the next change. */
  @state() private assignedNote = '';

  /** The preset asked (an unknown one is passed on: the sdk's option error names it). */
  get effectivePreset(): ListPreset | undefined {
    return (this.preset || undefined) as ListPreset | undefined;
  }

  /** Every column of the list (the sort keys and exports; a phone shows fewer). */
  get columns(): readonly ListColumn[] {
    return listColumns(this.effectivePreset);
  }

  /** The order asked: a sortable column of the list, else the preset's own. */
  get orderBy(): ListResult['orderBy'] {
    const column = this.columns.find((c) => c.sort && c.sort === this.sortColumn)?.sort;
    return column ? { column, descending: this.descending } : undefined;
  }

  /** Sorts by a column's sdk name: numbers descending first, text ascending; the same column again flips the direction. */
  sortBy(column: string): void {
    const target = this.columns.find((c) => c.sort === column);
    if (!target) return;
    if (this.orderBy?.column === column) {
      this.descending = !this.descending;
    } else {
      this.sortColumn = column;
      this.descending = Boolean(target.numeric);
    }
  }

  private get masked(): boolean {
    return !this.unmasked;
  }

  private keyOf(row: MarketingListRow): string {
    return (this.effectivePreset === 'overdue_leads' ? row.lead_id : row.customer_id) ?? '';
  }

  // ─── StrataView ─────────────────────────────────────────────────────────────────────────

  protected override heading(): string {
    const name = presetName(this.language, this.effectivePreset);
    const preset = this.effectivePreset;
    if (preset === 'maturing') return `${name} · ${lt(this.language, 'within_days', { days: this.days ?? 90 })}`;
    if (preset === 'overdue_leads') return `${name} · ${lt(this.language, 'idle_days_over', { days: this.days ?? 14 })}`;
    return name;
  }

  protected override queryKey(): unknown[] {
    const order = this.orderBy;
    return [this.effectivePreset, this.days, this.limit, this.unmasked, order?.column, order?.descending];
  }

  protected override async query(_readings: Readings, signal: AbortSignal): Promise<ListResult> {
    // A list is no metric of the click's plan: asked of the Strata itself, with the task's signal
    // (a newer filter change aborts it).
    const db = this.db!;
    const preset = this.effectivePreset;
    const asOf = this.effectiveAsOf;
    const orderBy = this.orderBy;
    const [rows, defaults] = await Promise.all([
      db.list({
        preset,
        asOf,
        days: this.days,
        ...(preset === 'overdue_leads' && this.effectiveCampaign ? { campaign: this.effectiveCampaign } : {}),
        limit: this.limit,
        orderBy,
        unmasked: this.unmasked,
        exclude: this.sourceId,
        signal,
      }),
      asOf ? undefined : db.dataDefaults({ signal }),
    ]);
    return { preset, rows: [...rows], date: asOf ?? defaults?.referenceDate ?? null, orderBy, limit: this.limit };
  }

  /** Nothing to ask ahead of a click: a list is not part of the click's plan. */
  override prefetch(): Promise<unknown> {
    return Promise.resolve();
  }

  protected override isEmpty(value: ListResult): boolean {
    return value.rows.length === 0;
  }

  protected override summary(value: ListResult): string {
    const lang = this.language;
    const n = formatCount(lang, value.rows.length);
    const date = value.date ?? '—';
    const clauses = (this.db?.filters.clauses ?? []).filter((c) => c.source !== this.sourceId && c.field !== 'as_of');
    const words = scopeWords(lang, clauses, new Map());
    const scope = [words.scope, ...words.filters].join(lang === 'en' ? '; ' : '；');
    const parts = [lt(lang, value.preset === 'overdue_leads' ? 'count_leads' : 'count', { n, date }), lt(lang, 'scope', { scope })];
    const sorted = value.orderBy && this.columns.find((c) => c.sort === value.orderBy!.column);
    if (value.orderBy && sorted) {
      parts.push(lt(lang, 'sorted_by', { column: lt(lang, sorted.label), direction: lt(lang, value.orderBy.descending ? 'descending' : 'ascending') }));
    }
    if (value.rows.length >= value.limit) parts.push(lt(lang, 'limited', { n: formatCount(lang, value.limit) }));
    if (this.masked) parts.push(lt(lang, 'masked'));
    return lang === 'en' ? `${parts.join('; ')}.` : `${parts.join('，')}。`;
  }

  protected override draw(): void {
    // No chart: the list is the content.
  }

  /** The rows shown, as the exports write them (masked as shown). */
  protected override tableData(value: ListResult): TableData<MarketingListRow> {
    return { rows: value.rows, columns: exportColumns(listColumns(value.preset), this.language, this.masked) };
  }

  // ─── assign ─────────────────────────────────────────────────────────────────────────────

  /** The managers the picker offers: the `managers` given, else those of the rows, by name. */
  private managerChoices(rows: readonly MarketingListRow[]): ListManager[] {
    if (this.managers) return [...this.managers];
    const byId = new Map<string, string | null>();
    for (const r of rows) if (r.manager_id !== null && !byId.has(r.manager_id)) byId.set(r.manager_id, r.manager_name);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'zh-CN'));
  }

  /** The ticked rows still in the list shown. */
  private tickedRows(rows: readonly MarketingListRow[]): MarketingListRow[] {
    return rows.filter((r) => this.ticked.has(this.keyOf(r)));
  }

  private tick(key: string, on: boolean): void {
    const next = new Set(this.ticked);
    if (on) next.add(key);
    else next.delete(key);
    this.ticked = next;
    this.assignedNote = '';
  }

  private tickAll(rows: readonly MarketingListRow[], on: boolean): void {
    this.ticked = on ? new Set(rows.map((r) => this.keyOf(r))) : new Set();
    this.assignedNote = '';
  }

  /** Fires strata-assign for the ticked rows and the manager chosen; the ticks are cleared. */
  assign(): void {
    const value = this.data.value;
    if (!value || !this.manager) return;
    const rows = this.tickedRows(value.rows);
    if (rows.length === 0) return;
    const chosen = this.managerChoices(value.rows).find((m) => m.id === this.manager);
    const customerIds = [...new Set(rows.flatMap((r) => (r.customer_id === null ? [] : [r.customer_id])))];
    const leads = value.preset === 'overdue_leads' ? { leadIds: rows.flatMap((r) => (r.lead_id === null ? [] : [r.lead_id])) } : {};
    emit(this, 'strata-assign', { source: this.sourceId, customerIds, ...leads, preset: value.preset ?? null, manager: this.manager, managerName: chosen?.name ?? null });
    this.ticked = new Set();
    this.assignedNote = lt(this.language, 'assigned', { n: formatCount(this.language, rows.length), manager: chosen?.name ?? this.manager });
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override renderContent(value: ListResult): TemplateResult {
    const lang = this.language;
    const phone = this.width > 0 && this.width < PHONE_WIDTH;
    const columns = listColumns(value.preset, phone);
    const ticked = this.tickedRows(value.rows).length;
    const all = ticked === value.rows.length;
    const managers = this.managerChoices(value.rows);
    return html`<div class="assign" part="assign">
        <label>${lt(lang, 'assign_to')}
          <select .value=${this.manager} @change=${(e: Event) => ((this.manager = (e.target as HTMLSelectElement).value), (this.assignedNote = ''))}>
            <option value="">${lt(lang, 'choose_manager')}</option>
            ${managers.map((m) => html`<option value=${m.id} ?selected=${m.id === this.manager}>${m.name ?? m.id}</option>`)}
          </select>
        </label>
        <button type="button" class="assign-button" ?disabled=${ticked === 0 || !this.manager} @click=${() => this.assign()}>${lt(lang, 'assign', { n: formatCount(lang, ticked) })}</button>
        <span class="done" role="status">${this.assignedNote}</span>
      </div>
      <p class="hint">${lt(lang, 'assign_hint')}</p>
      <div class="list-wrap" tabindex="0" role="region" aria-label=${this.heading()}>
        <table class=${phone ? 'list phone' : 'list'} part="list" aria-describedby="summary">
          <thead>
            <tr>
              <th scope="col" class="check">
                <input type="checkbox" aria-label=${lt(lang, 'select_all')} .checked=${all} .indeterminate=${ticked > 0 && !all}
                  @change=${(e: Event) => this.tickAll(value.rows, (e.target as HTMLInputElement).checked)} />
              </th>
              ${columns.map((c) => this.renderHeader(c, value))}
            </tr>
          </thead>
          <tbody>
            ${repeat(value.rows, (row) => this.keyOf(row), (row) => this.renderRow(row, columns))}
          </tbody>
        </table>
      </div>`;
  }

  /** A row, keyed by its customer (or lead) in the list: its DOM and tick never pass to another row. */
  private renderRow(row: MarketingListRow, columns: readonly ListColumn[]): TemplateResult {
    const lang = this.language;
    const key = this.keyOf(row);
    const on = this.ticked.has(key);
    const name = row.name ?? (this.masked ? maskId(row.customer_id) : row.customer_id) ?? key;
    return html`<tr part="row" class=${on ? 'checked' : ''} data-key=${key}>
      <td class="check"><input type="checkbox" aria-label=${lt(lang, 'select_row', { name })} .checked=${on}
        @change=${(e: Event) => this.tick(key, (e.target as HTMLInputElement).checked)} /></td>
      ${columns.map((c) => html`<td class=${c.numeric ? 'num' : c.key === 'reason' ? 'reason' : 'nowrap'}>${c.text(row, lang, this.masked)}</td>`)}
    </tr>`;
  }

  private renderHeader(column: ListColumn, value: ListResult): TemplateResult {
    const lang = this.language;
    const label = lt(lang, column.label);
    const cls = column.numeric ? 'num' : '';
    if (!column.sort) return html`<th scope="col" class=${cls}>${label}</th>`;
    const sorted = value.orderBy?.column === column.sort ? value.orderBy : undefined;
    const ariaSort = sorted ? (sorted.descending ? 'descending' : 'ascending') : nothing;
    return html`<th scope="col" class=${cls} aria-sort=${ariaSort}>
      <button type="button" class="sort" data-sort=${column.sort} title=${lt(lang, 'sort_by', { column: label })} @click=${() => this.sortBy(column.sort!)}>
        ${label}<span class="arrow" aria-hidden="true">${sorted ? (sorted.descending ? '▼' : '▲') : ''}</span>
      </button>
    </th>`;
  }
}


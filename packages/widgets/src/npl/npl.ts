import { dimension, type DimensionInput, type DimensionName, type FilterValue } from '@strata/sdk';
import { select } from 'd3';
import { type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { keyText, markKey } from '../base/keys.ts';
import { inKeyOrder } from '../base/order.ts';
import { choiceStyles } from '../base/styles.ts';
import type { Readings } from '../base/coordinator.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { emit } from '../events.ts';
import { codeLabel, fieldLabel } from '../i18n.ts';
import { barsView } from './bars.ts';
import { effectiveMix, renderMixSwitch, type MonthMix, type NplMix } from './class-mix.ts';
import { marimekkoView } from './marimekko.ts';
import { migrationStyles, migrationView, type NplMigrationResult } from './migration.ts';
import type { NplResult } from './segments.ts';
import { trendView, type NplTrendResult } from './trend.ts';
import type { NplContext, NplViewModule } from './view-module.ts';

export type { NplMigrationResult, NplResult, NplTrendResult };

/** The charts of `<strata-npl>`. */
export type NplViewName = 'bars' | 'marimekko' | 'trend' | 'migration';

const VIEWS: readonly NplViewName[] = ['bars', 'marimekko', 'trend', 'migration'];

/** What `<strata-npl>` shows, tagged by the view it was queried for. */
export type NplViewResult =
  | ({ view: 'bars' | 'marimekko' } & NplResult)
  | ({ view: 'trend' } & NplTrendResult)
  | ({ view: 'migration' } & NplMigrationResult);

/** Calls `use` with the view's module and its result (undefined when `value` is another view's or none). */
function withModule<T>(view: NplViewName, value: NplViewResult | undefined, use: <R>(module: NplViewModule<R>, result: R | undefined) => T): T {
  switch (view) {
    case 'trend':
      return use(trendView, value?.view === 'trend' ? value : undefined);
    case 'migration':
      return use(migrationView, value?.view === 'migration' ? value : undefined);
    case 'marimekko':
      return use(marimekkoView, value?.view === 'marimekko' ? value : undefined);
    default:
      return use(barsView, value?.view === 'bars' ? value : undefined);
  }
}

/**
 * Non-performing loans (不良贷款) in four views, chosen with `view`:
 * - `bars` (default): NPL ratio by segment, with the average as a reference line: 全行平均 (bank
 *   average) when no other view's filter applies, else 当前筛选平均 (filtered average) and the
 *   whole bank's line beside it, each labelled and stroked differently;
 * - `marimekko`: the same segments as columns as wide as their share of balance and as high as
 *   their NPL ratio, with the same reference lines;
 * - `trend`: the monthly NPL ratio (one line per segment when `by` is set, else bank-wide) over
 *   the monthly five-category balances: all five as stacked areas, or (`mix`, and a switch above
 *   the chart) 关注 and the three NPL classes alone as columns on their own scale, the default
 *   when 正常 holds 90 % of the balance and would flatten the others;
 * - `migration`: the five-category migration matrix between two month ends (share of each class's
 *   balance that moved to each class, or exited), with each class's migration rate (迁徙率, the
 *   regulator's: downgraded balance / (balance at start − period reductions)); the table adds
 *   the amounts behind each rate and 正常贷款迁徙率 (normal loans: pass and special mention).
 *
 * Selecting (click, or Enter/Space on a focused mark) filters every other view; Escape, a second
 * click or the clear button clears. Bars and marimekko columns select their segment (the `by`
 * field); migration cells select their starting class (`classification`), so other views show the
 * loans now in that class; trend points select their month end (`as_of`) only with `select-month`
 * (an `as_of` clause empties views that show another month end, so by default trend points are
 * focusable images, not buttons). The trend's points, its five-category months and the matrix's
 * cells are each one tab stop: the arrow keys move between them, Home and End to the ends of a row.
 * Every mark has a tooltip (hover and focus) with its figures in the view's units.
 *
 * @element strata-npl
 * @fires strata-select - the user selected or cleared a segment, a starting class or a month end; detail: source, field, values, clause
 * @fires strata-drill - the user asked for the loans behind a mark (double click, Shift+Enter)
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart toolbar - the clear-selection and export buttons
 * @csspart controls - the trend's switch between all five classes and the non-pass ones
 * @csspart summary - the text summary
 * @csspart chart - the SVG's container
 * @csspart table - the data table alternative
 * @csspart skeleton - the loading placeholder
 * @csspart empty - the empty state
 * @csspart error - the error state with its retry button
 * @csspart missing - the calm status shown when the metric needs the customer file and none is loaded
 * @cssprop --strata-accent - bar, column and first line colour; the strongest matrix cell
 * @cssprop --strata-accent-2 - second line colour
 * @cssprop --strata-select - colour of the selected mark
 * @cssprop --strata-danger - the whole bank's reference line (dashed; the filtered average is dotted in the text colour)
 * @cssprop --strata-good - pass (正常) in the five-category areas
 * @cssprop --strata-warn - special mention (关注) in the five-category areas
 * @cssprop --strata-surface - background, the weakest matrix cell, text on dark cells
 * @cssprop --strata-fg - text colour
 * @cssprop --strata-muted - axis text
 * @cssprop --strata-border - grid lines and cell borders
 * @cssprop --strata-font - font family
 */
export class StrataNpl extends StrataView<NplViewResult> {
  static override styles = [
    ...StrataView.styles,
    choiceStyles,
    migrationStyles,
  ];

  /** bars (default), marimekko, trend or migration. */
  @property() view: NplViewName = 'bars';

  /**
   * The segment dimension: industry_class, tier, product, branch, manager, lifecycle, … Bars and
   * marimekko default to industry_class; the trend draws one line per segment when it is set,
   * else one bank-wide line; the migration matrix ignores it.
   */
  @property() by?: DimensionInput;

  /**
   * First month end (YYYY-MM-DD). Trend: where the lines start (default: the first in the data).
   * Migration: the starting month end (default: the one before `to`).
   */
  @property() from?: string;

  /**
   * Last month end (YYYY-MM-DD). Trend: where the lines end; migration: the month end loans moved
   * to. Default: `as-of` (the dashboard's month end), else the latest in the data.
   */
  @property() to?: string;

  /** Trend only: points are buttons that select their month end (an `as_of` clause) for the other views. */
  @property({ type: Boolean, attribute: 'select-month' }) selectMonth = false;

  /**
   * Trend only: the five-category balances as `all` five stacked, `non-pass` (关注, 次级, 可疑,
   * 损失 on their own scale), or `auto` (default): non-pass when 正常 holds 90 % of the latest
   * balance. The switch above the chart sets it.
   */
  @property() mix: NplMix = 'auto';

  /** The view shown (an unknown `view` shows bars). */
  get mode(): NplViewName {
    return VIEWS.includes(this.view) ? this.view : 'bars';
  }

  protected override queryKey(): unknown[] {
    return [this.mode, this.by, this.from, this.to];
  }

  protected override selectField(): DimensionName | null {
    switch (this.mode) {
      case 'trend':
        return this.selectMonth ? 'as_of' : null;
      case 'migration':
        return 'classification';
      default:
        return this.dimensionName();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A selection of another field (the view or `by` changed) is no longer this view's to show: clear it.
    if (this.hasUpdated && (changed.has('view') || changed.has('by') || changed.has('selectMonth'))) {
      const db = this.db;
      const clause = db?.filters.clauses.find((c) => c.source === this.sourceId);
      if (db && clause && clause.field !== this.selectField()) {
        db.filters.remove(this.sourceId);
        emit(this, 'strata-select', { source: this.sourceId, field: clause.field, values: [], labels: [], clause: null });
      }
    }
  }

  private segmented(): boolean {
    return this.by !== undefined && this.by !== null && this.by !== '';
  }

  private dimensionName(): DimensionName {
    try {
      return dimension(this.segmented() ? this.by! : 'industry_class').name;
    } catch {
      return 'industry_class';
    }
  }

  /** A segment's name: the data's label (branch, manager names), else the code's label. */
  private label(key: FilterValue, label: string | null): string {
    // A label that is only the key's text (an industry class's '1') names nothing: the code's words then.
    const text = keyText(key);
    return text !== null && label !== null && label !== text ? label : codeLabel(this.language, text, this.dimensionName());
  }

  /** What the view modules read of the element. */
  private context(): NplContext {
    const lang = this.language;
    const name = this.dimensionName();
    return {
      lang,
      dimension: name,
      dimensionLabel: fieldLabel(lang, name) ?? name,
      segmented: this.segmented(),
      selectMonth: this.selectMonth,
      mix: this.mix,
      selected: new Set(this.selectedValues().map(markKey)),
      selectable: this.db !== undefined,
      label: (key, label) => this.label(key, label),
      select: (value) => this.toggleSelection(value),
      drill: (value) => this.drill(value),
    };
  }

  protected override renderControls() {
    const value = this.data.value;
    if (this.mode !== 'trend' || value?.view !== 'trend' || value.mix.length === 0) return super.renderControls();
    return renderMixSwitch(this.language, effectiveMix(this.mix, value.mix), (mix) => (this.mix = mix));
  }

  // ─── query ──────────────────────────────────────────────────────────────────────────────

  protected override async query(readings: Readings, signal: AbortSignal): Promise<NplViewResult> {
    const mode = this.mode;
    if (mode === 'trend') return { view: mode, ...(await this.queryTrend(readings, signal)) };
    if (mode === 'migration') return { view: mode, ...(await this.queryMigration(readings, signal)) };
    const options = { asOf: this.effectiveAsOf, exclude: this.sourceId, signal };
    const filtered = this.filteredByOthers();
    const [rows, total, bank] = await Promise.all([
      readings.npl({ ...options, by: this.segmented() ? this.by : 'industry_class' }),
      readings.npl(options),
      filtered ? readings.npl({ asOf: this.monthSelectedElsewhere() ?? this.effectiveAsOf, unfiltered: true, signal }) : undefined,
    ]);
    // In the field's own order (classes 1/2/3, tiers by rule), never by a figure a filter changes.
    return { view: mode, rows: inKeyOrder(this.dimensionName(), rows, (r) => r.key), total: total[0], filtered, bank: bank?.[0] };
  }

  private async queryTrend(readings: Readings, signal: AbortSignal): Promise<NplTrendResult> {
    const from = this.from || undefined;
    const to = this.to || this.effectiveAsOf;
    const options = { exclude: this.sourceId, signal };
    const [series, mix] = await Promise.all([
      readings.nplTrend({ ...options, by: this.segmented() ? this.by : undefined, from, to }),
      readings.classMix({ ...options, by: 'as_of', asOf: to }),
    ]);
    // The monthly mix has every month end: keep the trend's range.
    const inRange = mix.filter((r): r is MonthMix => typeof r.key === 'string' && (!from || r.key >= from) && (!to || r.key <= to));
    const months = [...new Set([...series.map((r) => r.as_of), ...inRange.map((r) => r.key)])].sort();
    return { months, series: inKeyOrder(this.dimensionName(), series, (r) => r.key), mix: inRange };
  }

  private async queryMigration(readings: Readings, signal: AbortSignal): Promise<NplMigrationResult> {
    const from = this.from || undefined;
    const to = this.to || this.effectiveAsOf;
    const options = { exclude: this.sourceId, signal, from, to };
    const [matrix, rates, months] = await Promise.all([
      readings.migration(options),
      readings.migrationRates(options),
      // The sdk's defaults (the latest month end and the one before it), to name them.
      from && to ? undefined : readings.months({ signal }),
    ]);
    const end = to ?? months?.at(-1) ?? null;
    const start = from ?? (end && months ? (months.filter((m) => m < end).at(-1) ?? null) : null);
    return { from: start, to: end, matrix: [...matrix], rates: [...rates] };
  }

  // ─── the view's module: text, table and chart ───────────────────────────────────────────

  protected override isEmpty(value: NplViewResult): boolean {
    return withModule(value.view, value, (module, result) => module.isEmpty(result!));
  }

  protected override heading(): string {
    return withModule(this.mode, this.data.value, (module, result) => module.heading(this.context(), result));
  }

  protected override summary(value: NplViewResult): string {
    return withModule(value.view, value, (module, result) => module.summary(this.context(), result!));
  }

  protected override tableData(value: NplViewResult): TableData {
    return withModule(value.view, value, (module, result) => module.table(this.context(), result!));
  }

  protected override draw(svg: SVGSVGElement, value: NplViewResult): void {
    // Redrawing replaces the marks: keep the keyboard where it was (the mark with the same key).
    const active = (this.renderRoot as ShadowRoot).activeElement;
    const focused = active && svg.contains(active) && active.classList.contains('mark') ? markOf(active) : undefined;
    const ctx = { ...this.context(), palette: this.palette(), width: Math.max(this.width - 26, 200) };
    withModule(value.view, value, (module, result) => module.draw(svg, result!, ctx));
    if (focused !== undefined) {
      const again = [...svg.querySelectorAll<SVGGElement>('.mark')].find((m) => markOf(m) === focused);
      again?.focus({ preventScroll: true });
    }
  }

  /** A selected or drilled segment's name: its row's (a branch's name), else the code's words. */
  protected override valueLabel(value: FilterValue): string {
    const result = this.data.value;
    const row = result?.view === 'bars' || result?.view === 'marimekko' ? result.rows.find((r) => markKey(r.key) === markKey(value)) : undefined;
    return row ? this.label(row.key, row.label) : super.valueLabel(value);
  }
}

/** The key of a mark's datum (every renderer binds a datum with a `key`). */
function markOf(element: Element): string | undefined {
  const datum = select(element).datum() as { key?: unknown } | undefined;
  return typeof datum?.key === 'string' ? datum.key : undefined;
}

import {
  CLASSIFICATIONS,
  dimension,
  type ClassMixRow,
  type DimensionInput,
  type DimensionName,
  type FilterValue,
  type MigrationRateRow,
  type MigrationRow,
  type NplRow,
  type NplTrendRow,
  type Strata,
} from '@strata/sdk';
import { select } from 'd3';
import { type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { inKeyOrder } from '../base/order.ts';
import { choiceStyles } from '../base/styles.ts';
import { StrataView, type TableColumn, type TableData } from '../base/view.ts';
import { emit } from '../events.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, formatPointChange, t, type Lang, type TextKey, fieldLabel } from '../i18n.ts';
import { renderBars } from '../renderers/bars.ts';
import { renderHeatmap } from '../renderers/heatmap.ts';
import { renderLines, type LineSeries } from '../renderers/lines.ts';
import { renderMarimekko } from '../renderers/marimekko.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import type { ReferenceLine } from '../renderers/reference.ts';
import { nameInText } from '../renderers/text.ts';
import { drawMix, effectiveMix, mixTitle, nonPassSummary, renderMixSwitch, type NplMix } from './class-mix.ts';
import { nt } from './labels.ts';

/** The charts of `<strata-npl>`. */
export type NplViewName = 'bars' | 'marimekko' | 'trend' | 'migration';

const VIEWS: readonly NplViewName[] = ['bars', 'marimekko', 'trend', 'migration'];

/** Where the loans went: the five classes, then loans gone by the second month end. */
const TARGETS = [...CLASSIFICATIONS, 'exited'] as const;

/** The bars' and the marimekko's data. */
export interface NplResult {
  rows: NplRow[];
  /** All segments together under the same filters (a reference line). */
  total: NplRow | undefined;
  /** Whether another view's filter applied: `total` is then the filtered average, not the whole bank's. */
  filtered: boolean;
  /** The whole bank, no filter applied (the second reference line); only when `filtered`. */
  bank: NplRow | undefined;
}

/** The trend's data: monthly NPL per segment (or bank-wide), and the monthly five-category mix. */
export interface NplTrendResult {
  /** Month ends shown (YYYY-MM-DD), ascending. */
  months: string[];
  series: NplTrendRow[];
  /** Five-category balances per month end (`key` is the month end). */
  mix: ClassMixRow[];
}

/** The migration matrix between two month ends and the migration rates. */
export interface NplMigrationResult {
  /** The first month end (YYYY-MM-DD), or null when the data has none before `to`. */
  from: string | null;
  to: string | null;
  matrix: MigrationRow[];
  rates: MigrationRateRow[];
}

/** What `<strata-npl>` shows, tagged by the view it was queried for. */
export type NplViewResult =
  | ({ view: 'bars' | 'marimekko' } & NplResult)
  | ({ view: 'trend' } & NplTrendResult)
  | ({ view: 'migration' } & NplMigrationResult);

/** A trend table row: one month end. */
interface MonthRow {
  month: string;
}

/** Percent ticks of an axis: at most one decimal. */
function tickPercent(lang: Lang, value: number): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** A month end as an axis or title shows it: YYYY-MM. */
const monthText = (date: string) => date.slice(0, 7);

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
 * focusable images, not buttons). The trend's points and the matrix's cells are one tab stop:
 * the arrow keys move between them, Home and End to the ends of a row.
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

  private dimensionLabel(): string {
    const name = this.dimensionName();
    return fieldLabel(this.language, name) ?? name;
  }

  protected override renderControls() {
    const value = this.data.value;
    if (this.mode !== 'trend' || value?.view !== 'trend' || value.mix.length === 0) return super.renderControls();
    return renderMixSwitch(this.language, effectiveMix(this.mix, value.mix), (mix) => (this.mix = mix));
  }

  // ─── query ──────────────────────────────────────────────────────────────────────────────

  protected override async query(strata: Strata, signal: AbortSignal): Promise<NplViewResult> {
    const mode = this.mode;
    if (mode === 'trend') return { view: mode, ...(await this.queryTrend(strata, signal)) };
    if (mode === 'migration') return { view: mode, ...(await this.queryMigration(strata, signal)) };
    const options = { asOf: this.effectiveAsOf, exclude: this.sourceId, signal };
    const filtered = this.filteredByOthers();
    const [rows, total, bank] = await Promise.all([
      strata.npl({ ...options, by: this.segmented() ? this.by : 'industry_class' }),
      strata.npl(options),
      filtered ? strata.npl({ asOf: this.monthSelectedElsewhere() ?? this.effectiveAsOf, unfiltered: true, signal }) : undefined,
    ]);
    // In the field's own order (classes 1/2/3, tiers by rule), never by a figure a filter changes.
    return { view: mode, rows: inKeyOrder(this.dimensionName(), rows, (r) => r.key), total: total[0], filtered, bank: bank?.[0] };
  }

  private async queryTrend(strata: Strata, signal: AbortSignal): Promise<NplTrendResult> {
    const from = this.from || undefined;
    const to = this.to || this.effectiveAsOf;
    const options = { exclude: this.sourceId, signal };
    const [series, mix] = await Promise.all([
      strata.nplTrend({ ...options, by: this.segmented() ? this.by : undefined, from, to }),
      strata.classMix({ ...options, by: 'as_of', asOf: to }),
    ]);
    // The monthly mix has every month end: keep the trend's range.
    const inRange = mix.filter((r) => r.key !== null && (!from || r.key >= from) && (!to || r.key <= to));
    const months = [...new Set([...series.map((r) => r.as_of), ...inRange.map((r) => r.key!)])].sort();
    return { months, series: inKeyOrder(this.dimensionName(), series, (r) => r.key), mix: inRange };
  }

  private async queryMigration(strata: Strata, signal: AbortSignal): Promise<NplMigrationResult> {
    const from = this.from || undefined;
    const to = this.to || this.effectiveAsOf;
    const options = { exclude: this.sourceId, signal, from, to };
    const [matrix, rates, months] = await Promise.all([
      strata.migration(options),
      strata.migrationRates(options),
      // The sdk's defaults (the latest month end and the one before it), to name them.
      from && to ? undefined : strata.months({ signal }),
    ]);
    const end = to ?? months?.at(-1) ?? null;
    const start = from ?? (end && months ? (months.filter((m) => m < end).at(-1) ?? null) : null);
    return { from: start, to: end, matrix: [...matrix], rates: [...rates] };
  }

  protected override isEmpty(value: NplViewResult): boolean {
    switch (value.view) {
      case 'trend':
        return value.series.length === 0;
      case 'migration':
        return value.matrix.every((r) => r.balance_from === 0);
      default:
        return value.rows.length === 0;
    }
  }

  // ─── text ───────────────────────────────────────────────────────────────────────────────

  protected override heading(): string {
    const lang = this.language;
    switch (this.mode) {
      case 'marimekko':
        return nt(lang, 'title_marimekko', { by: this.dimensionLabel() });
      case 'trend':
        return this.segmented() ? nt(lang, 'title_trend_by', { by: this.dimensionLabel() }) : nt(lang, 'title_trend');
      case 'migration': {
        const value = this.data.value;
        return value?.view === 'migration' && value.from && value.to
          ? nt(lang, 'title_migration_months', { from: monthText(value.from), to: monthText(value.to) })
          : nt(lang, 'title_migration');
      }
      default:
        return `${t(lang, 'npl_ratio')} · ${this.dimensionLabel()}`;
    }
  }

  /** A segment's name: the data's label (branch, manager names), else the code's label. */
  private label(key: string | null, label: string | null, field: string = this.dimensionName()): string {
    return key !== null && label !== null && label !== key ? label : codeLabel(this.language, key, field);
  }

  private selectedSuffix(selected: boolean): string {
    return selected ? `, ${t(this.language, 'selected')}` : '';
  }

  protected override summary(value: NplViewResult): string {
    const lang = this.language;
    switch (value.view) {
      case 'trend':
        // Then how the part beyond 正常 moved, which the ratio alone does not say.
        return [this.trendSummary(value), nonPassSummary(lang, value.mix)].filter(Boolean).join(lang === 'en' ? ' ' : '');
      case 'migration':
        return this.migrationSummary(value);
      case 'marimekko': {
        const worst = [...value.rows].sort((a, b) => (b.npl_ratio ?? 0) - (a.npl_ratio ?? 0))[0];
        const largest = value.rows[0];
        if (!worst || !largest) return '';
        return nt(lang, 'summary_marimekko', {
          scope: this.scopeSummary(value),
          largest: nameInText(this.label(largest.key, largest.label)),
          largestShare: formatPercent(lang, largest.balance_share),
          largestRatio: formatPercent(lang, largest.npl_ratio),
          worst: nameInText(this.label(worst.key, worst.label)),
          worstRatio: formatPercent(lang, worst.npl_ratio),
          worstShare: formatPercent(lang, worst.balance_share),
        });
      }
      default: {
        const worst = [...value.rows].sort((a, b) => (b.npl_ratio ?? 0) - (a.npl_ratio ?? 0))[0];
        if (!worst) return '';
        return nt(lang, 'summary_bars', {
          scope: this.scopeSummary(value),
          worst: nameInText(this.label(worst.key, worst.label)),
          worstRatio: formatPercent(lang, worst.npl_ratio),
          worstShare: formatPercent(lang, worst.balance_share),
        });
      }
    }
  }

  /** The average the segments are read against, named by its scope (and the whole bank's under a filter). */
  private scopeSummary(value: NplResult): string {
    const lang = this.language;
    return value.filtered
      ? nt(lang, 'scope_filtered', { ratio: formatPercent(lang, value.total?.npl_ratio), bank: formatPercent(lang, value.bank?.npl_ratio) })
      : nt(lang, 'scope_bank', { ratio: formatPercent(lang, value.total?.npl_ratio) });
  }

  /** The regulator's rates of the four classes that have one, 正常贷款迁徙率, and the reductions they deduct. */
  private migrationSummary(value: NplMigrationResult): string {
    const lang = this.language;
    const classes = value.rates.filter((r) => r.from_class !== 'normal_loans');
    const rates = classes
      .filter((r) => r.from_class !== 'loss')
      .map((r) => nt(lang, 'rate_item', { class: codeLabel(lang, r.from_class), rate: formatPercent(lang, r.rate) }))
      .join(nt(lang, 'list_separator'));
    const total = (pick: (r: MigrationRateRow) => number) => classes.reduce((sum, r) => sum + pick(r), 0);
    const amount = amountFormat(lang, [total((r) => r.reduction)]);
    const sum = (pick: (r: MigrationRateRow) => number) => amount.format(total(pick));
    return nt(lang, 'summary_migration', {
      from: value.from ?? '—',
      to: value.to ?? '—',
      rates,
      normal: formatPercent(lang, value.rates.find((r) => r.from_class === 'normal_loans')?.rate),
      reduction: sum((r) => r.reduction),
      exited: sum((r) => r.exited_balance),
      repaid: sum((r) => r.repaid),
    });
  }

  private trendSummary(value: NplTrendResult): string {
    const lang = this.language;
    const first = value.months[0]!;
    const last = value.months.at(-1)!;
    const n = value.months.length;
    if (!this.segmented()) {
      const at = (m: string) => value.series.find((r) => r.as_of === m)?.npl_ratio ?? null;
      const a = at(first);
      const b = at(last);
      if (n === 1) return nt(lang, 'summary_trend_one', { last, b: formatPercent(lang, b) });
      return nt(lang, 'summary_trend', {
        first,
        last,
        n,
        a: formatPercent(lang, a),
        b: formatPercent(lang, b),
        change: formatPointChange(lang, a !== null && b !== null ? b - a : null),
      });
    }
    const latest = value.series.filter((r) => r.as_of === last && r.npl_ratio !== null).sort((x, y) => y.npl_ratio! - x.npl_ratio!);
    const worst = latest[0];
    const best = latest.at(-1);
    if (!worst || !best) return '';
    const before = value.series.find((r) => r.as_of === first && r.key === worst.key)?.npl_ratio ?? null;
    return nt(lang, 'summary_trend_by', {
      last,
      first,
      n,
      worst: nameInText(this.label(worst.key, worst.label)),
      worstRatio: formatPercent(lang, worst.npl_ratio),
      change: formatPointChange(lang, before !== null && first !== last ? worst.npl_ratio! - before : null),
      best: nameInText(this.label(best.key, best.label)),
      bestRatio: formatPercent(lang, best.npl_ratio),
    });
  }

  // ─── drawing ────────────────────────────────────────────────────────────────────────────

  protected override draw(svg: SVGSVGElement, value: NplViewResult): void {
    // Redrawing replaces the marks: keep the keyboard where it was (the mark with the same key).
    const active = (this.renderRoot as ShadowRoot).activeElement;
    const focused = active && svg.contains(active) && active.classList.contains('mark') ? markKey(active) : undefined;
    const width = Math.max(this.width - 26, 200);
    switch (value.view) {
      case 'trend':
        this.drawTrend(svg, value, width);
        break;
      case 'migration':
        this.drawMigration(svg, value, width);
        break;
      case 'marimekko':
        this.drawMarimekko(svg, value, width);
        break;
      default:
        this.drawBars(svg, value, width);
    }
    if (focused !== undefined) {
      const again = [...svg.querySelectorAll<SVGGElement>('.mark')].find((m) => markKey(m) === focused);
      again?.focus({ preventScroll: true });
    }
  }

  /** 全行平均 alone when no other view's filter applies; else 当前筛选平均 and the whole bank's line. */
  private references(value: NplResult): ReferenceLine[] {
    const lang = this.language;
    const line = (row: NplRow | undefined, scope: ReferenceLine['scope']): ReferenceLine[] =>
      row?.npl_ratio != null ? [{ value: row.npl_ratio, scope, label: `${t(lang, scope === 'bank' ? 'bank_average' : 'filtered_average')} ${formatPercent(lang, row.npl_ratio)}` }] : [];
    return value.filtered ? [...line(value.total, 'filtered'), ...line(value.bank, 'bank')] : line(value.total, 'bank');
  }

  private drawBars(svg: SVGSVGElement, value: NplResult, width: number): void {
    const lang = this.language;
    const selected = new Set(this.selectedValues().map(String));
    const selectable = this.db !== undefined;
    renderBars(
      svg,
      value.rows.map((row) => ({
        key: row.key ?? '',
        label: this.label(row.key, row.label),
        value: row.npl_ratio ?? 0,
        valueText: formatPercent(lang, row.npl_ratio),
        selected: row.key !== null && selected.has(row.key),
      })),
      {
        width,
        palette: this.palette(),
        references: this.references(value),
        // The accessible name starts with the visible text (WCAG 2.5.3), then says what it is.
        ariaLabel: (d) => `${d.label} ${d.valueText}, ${t(lang, 'npl_ratio')}${this.selectedSuffix(d.selected)}`,
        tooltip: this.segmentTooltip(lang, value),
        onSelect: selectable ? (key) => this.toggleSelection(this.typedKey(key)) : undefined,
        onDrill: (key) => this.drill(this.typedKey(key)),
      },
    );
  }

  private drawMarimekko(svg: SVGSVGElement, value: NplResult, width: number): void {
    const lang = this.language;
    const selected = new Set(this.selectedValues().map(String));
    const selectable = this.db !== undefined;
    renderMarimekko(
      svg,
      value.rows.map((row) => ({
        key: row.key ?? '',
        label: this.label(row.key, row.label),
        share: row.balance_share ?? 0,
        value: row.npl_ratio ?? 0,
        valueText: formatPercent(lang, row.npl_ratio),
        shareText: formatPercent(lang, row.balance_share),
        selected: row.key !== null && selected.has(row.key),
      })),
      {
        width,
        height: 260,
        palette: this.palette(),
        references: this.references(value),
        tickFormat: (v) => tickPercent(lang, v),
        ariaLabel: (d) => `${nt(lang, 'column', { label: d.label, ratio: d.valueText, share: d.shareText })}${this.selectedSuffix(d.selected)}`,
        tooltip: this.segmentTooltip(lang, value),
        onSelect: selectable ? (key) => this.toggleSelection(this.typedKey(key)) : undefined,
        onDrill: (key) => this.drill(this.typedKey(key)),
      },
    );
  }

  /** The trend's lines, one per segment (or one bank-wide), in the order the sdk returns them. */
  private trendSeries(value: NplTrendResult): LineSeries[] {
    const lang = this.language;
    const selected = new Set(this.selectMonth ? this.selectedValues().map(String) : []);
    const byKey = new Map<string, { key: string; label: string; rows: Map<string, NplTrendRow> }>();
    for (const row of value.series) {
      const key = row.key ?? '';
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = { key, label: this.segmented() ? this.label(row.key, row.label) : codeLabel(lang, 'all'), rows: new Map() }));
      s.rows.set(row.as_of, row);
    }
    return [...byKey.values()].map((s) => ({
      key: s.key,
      label: s.label,
      points: value.months.map((month) => {
        const ratio = s.rows.get(month)?.npl_ratio ?? null;
        return { key: `${s.key}|${month}`, x: month, value: ratio, valueText: formatPercent(lang, ratio), selected: selected.has(month) };
      }),
    }));
  }

  private drawTrend(svg: SVGSVGElement, value: NplTrendResult, width: number): void {
    const lang = this.language;
    const palette = this.palette();
    const selectable = this.db !== undefined && this.selectMonth;
    const marginLeft = 64;
    const root = select(svg);
    root.selectAll('*').remove();

    const lines = root.append('svg').attr('class', 'trend-lines').node()!;
    renderLines(lines, this.trendSeries(value), {
      width,
      height: 220,
      palette,
      categories: value.months,
      marginLeft,
      xTickFormat: monthText,
      yTickFormat: (v) => tickPercent(lang, v),
      ariaLabel: (p, s) => `${nt(lang, 'point', { series: s.label, month: p.x, ratio: p.valueText })}${this.selectedSuffix(p.selected)}`,
      tooltip: this.trendTooltip(lang, value),
      onSelect: selectable ? (month) => this.toggleSelection(month) : undefined,
      onDrill: selectable ? (month) => this.drill(month) : undefined,
    });
    const linesHeight = Number(lines.getAttribute('height'));

    const shown = effectiveMix(this.mix, value.mix);
    const title = mixTitle(lang, shown, value.mix);
    root
      .append('text')
      .attr('class', 'subtitle')
      .attr('x', 0)
      .attr('y', linesHeight + 18)
      .attr('font-size', 12)
      .attr('font-weight', 600)
      .attr('fill', palette.fg)
      .text(title);
    // The full stack is one picture (the table holds its figures); the non-pass columns are marks, named one by one.
    const mix = root
      .append('svg')
      .attr('class', `trend-mix ${shown}`)
      .attr('y', linesHeight + 24)
      .attr('role', shown === 'all' ? 'img' : 'group')
      .attr('aria-label', title)
      .node()!;
    drawMix(mix, shown, value.mix, { lang, palette, width, months: value.months, marginLeft, xTickFormat: monthText });
    const height = linesHeight + 24 + Number(mix.getAttribute('height'));
    root.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  }

  private drawMigration(svg: SVGSVGElement, value: NplMigrationResult, width: number): void {
    const lang = this.language;
    const selected = new Set(this.selectedValues().map(String));
    const selectable = this.db !== undefined;
    const rate = new Map<string, number | null>(value.rates.map((r) => [r.from_class, r.rate]));
    renderHeatmap(
      svg,
      value.matrix.map((r) => ({
        key: `${r.from_class}|${r.to_class}`,
        row: r.from_class,
        col: r.to_class,
        value: r.share,
        valueText: formatPercent(lang, r.share),
        selected: selected.has(r.from_class),
      })),
      {
        width,
        palette: this.palette(),
        rows: CLASSIFICATIONS.map((c) => ({ key: c, label: codeLabel(lang, c) })),
        cols: TARGETS.map((c) => ({ key: c, label: codeLabel(lang, c) })),
        rowTitle: value.from ? nt(lang, 'from_title', { month: value.from }) : nt(lang, 'from_class'),
        colTitle: value.to ? nt(lang, 'to_title', { month: value.to }) : undefined,
        annotation: { title: nt(lang, 'migration_rate'), values: CLASSIFICATIONS.map((c) => formatPercent(lang, rate.get(c))) },
        ariaLabel: (c) =>
          `${nt(lang, 'cell', { from: codeLabel(lang, c.row), to: codeLabel(lang, c.col), share: c.valueText })}${
            selectable ? nt(lang, 'cell_selects', { from: codeLabel(lang, c.row) }) : ''
          }${this.selectedSuffix(c.selected)}`,
        tooltip: this.migrationTooltip(lang, value),
        onSelect: selectable ? (c) => this.toggleSelection(c.row) : undefined,
        onDrill: (c) => this.drill(c.row),
      },
    );
  }

  /** A selected or drilled segment's name: its row's (a branch's name), else the code's words. */
  protected override valueLabel(value: FilterValue): string {
    const result = this.data.value;
    const row = result?.view === 'bars' || result?.view === 'marimekko' ? result.rows.find((r) => r.key === String(value)) : undefined;
    return row ? this.label(row.key, row.label) : super.valueLabel(value);
  }

  // ─── tooltips ───────────────────────────────────────────────────────────────────────────

  /** A segment's tooltip (bars and columns): NPL ratio, NPL and total balance, share of balance, loans. Amounts in one unit per measure, as the table has them. */
  private segmentTooltip(lang: Lang, value: NplResult): (d: { key: string; label: string }) => TooltipContent {
    const byKey = new Map(value.rows.map((r) => [r.key ?? '', r]));
    const balance = amountFormat(lang, value.rows.map((r) => r.balance));
    const npl = amountFormat(lang, value.rows.map((r) => r.npl_balance));
    return (d) => {
      const r = byKey.get(d.key)!;
      return {
        title: d.label,
        lines: [
          nt(lang, 'tip_ratio', { ratio: formatPercent(lang, r.npl_ratio) }),
          nt(lang, 'tip_balances', { npl: npl.format(r.npl_balance), balance: balance.format(r.balance) }),
          nt(lang, 'tip_share', { share: formatPercent(lang, r.balance_share) }),
          nt(lang, 'tip_loans', { loans: formatCount(lang, r.loans), npl: formatCount(lang, r.npl_loans) }),
        ],
      };
    };
  }

  /** A point's tooltip: series and month, then the figures of a segment's. */
  private trendTooltip(lang: Lang, value: NplTrendResult): (p: { key: string; x: string }, s: { label: string }) => TooltipContent {
    const byKey = new Map(value.series.map((r) => [`${r.key ?? ''}|${r.as_of}`, r]));
    const balance = amountFormat(lang, value.series.map((r) => r.balance));
    const npl = amountFormat(lang, value.series.map((r) => r.npl_balance));
    return (p, s) => {
      const r = byKey.get(p.key)!;
      return {
        title: `${s.label} · ${monthText(p.x)}`,
        lines: [
          nt(lang, 'tip_ratio', { ratio: formatPercent(lang, r.npl_ratio) }),
          nt(lang, 'tip_balances', { npl: npl.format(r.npl_balance), balance: balance.format(r.balance) }),
          nt(lang, 'tip_loans', { loans: formatCount(lang, r.loans), npl: formatCount(lang, r.npl_loans) }),
        ],
      };
    };
  }

  /** A cell's tooltip: where the class went, its share of the class and the balances at both month ends. */
  private migrationTooltip(lang: Lang, value: NplMigrationResult): (c: { key: string; row: string; col: string }) => TooltipContent {
    const byKey = new Map(value.matrix.map((r) => [`${r.from_class}|${r.to_class}`, r]));
    const amount = amountFormat(lang, value.matrix.flatMap((r) => [r.balance_from, r.balance_to]));
    return (c) => {
      const r = byKey.get(c.key)!;
      return {
        title: `${codeLabel(lang, c.row)} → ${codeLabel(lang, c.col)}`,
        lines: [
          nt(lang, 'tip_cell_share', { class: codeLabel(lang, c.row), share: formatPercent(lang, r.share) }),
          nt(lang, 'tip_cell_balance', { from: amount.format(r.balance_from), to: amount.format(r.balance_to) }),
        ],
      };
    };
  }

  /** Keys come back as text; industry classes select as numbers. */
  private typedKey(key: string): string | number {
    return this.dimensionName() === 'industry_class' ? Number(key) : key;
  }

  // ─── table and CSV ──────────────────────────────────────────────────────────────────────

  protected override tableData(value: NplViewResult): TableData {
    switch (value.view) {
      case 'trend':
        return this.trendTable(value);
      case 'migration':
        return this.migrationTable(value);
      default:
        return this.segmentTable(value);
    }
  }

  private segmentTable(value: NplResult): TableData<NplRow> {
    const lang = this.language;
    // One unit for each column of amounts.
    const balance = amountFormat(lang, value.rows.map((r) => r.balance));
    const nplBalance = amountFormat(lang, value.rows.map((r) => r.npl_balance));
    return {
      rows: value.rows,
      columns: [
        { label: this.dimensionLabel(), value: (r) => this.label(r.key, r.label) },
        { label: t(lang, 'balance'), value: (r) => r.balance, format: (r) => balance.format(r.balance), numeric: true, kind: 'amount' },
        { label: t(lang, 'npl_balance'), value: (r) => r.npl_balance, format: (r) => nplBalance.format(r.npl_balance), numeric: true, kind: 'amount' },
        { label: t(lang, 'npl_ratio'), value: (r) => r.npl_ratio, format: (r) => formatPercent(lang, r.npl_ratio), numeric: true, kind: 'ratio' },
        { label: t(lang, 'loans'), value: (r) => r.loans, format: (r) => formatCount(lang, r.loans), numeric: true, kind: 'count' },
        { label: t(lang, 'special_mention_ratio'), value: (r) => r.special_mention_ratio, format: (r) => formatPercent(lang, r.special_mention_ratio), numeric: true, kind: 'ratio' },
        { label: t(lang, 'share'), value: (r) => r.balance_share, format: (r) => formatPercent(lang, r.balance_share), numeric: true, kind: 'ratio' },
      ],
    };
  }

  /** One row per month end: the NPL ratio of each line, then the five-category balances. */
  private trendTable(value: NplTrendResult): TableData<MonthRow> {
    const lang = this.language;
    const mix = new Map(value.mix.map((r) => [r.key, r]));
    const series = this.trendSeries(value);
    const ratio = new Map(value.series.map((r) => [`${r.key ?? ''}|${r.as_of}`, r.npl_ratio]));
    const total = amountFormat(lang, value.mix.map((r) => r.total));
    const columns: TableColumn<MonthRow>[] = [
      { label: t(lang, 'as_of'), value: (r) => r.month },
      ...series.map(
        (s): TableColumn<MonthRow> => ({
          label: series.length > 1 || this.segmented() ? nt(lang, 'npl_ratio_of', { series: s.label }) : t(lang, 'npl_ratio'),
          value: (r) => ratio.get(`${s.key}|${r.month}`) ?? null,
          format: (r) => formatPercent(lang, ratio.get(`${s.key}|${r.month}`)),
          numeric: true,
          kind: 'ratio',
        }),
      ),
      ...CLASSIFICATIONS.map((c): TableColumn<MonthRow> => {
        // One unit for each column of amounts.
        const amount = amountFormat(lang, value.mix.map((r) => r[c]));
        return { label: codeLabel(lang, c), value: (r) => mix.get(r.month)?.[c] ?? null, format: (r) => amount.format(mix.get(r.month)?.[c]), numeric: true, kind: 'amount' };
      }),
      {
        label: nt(lang, 'total_balance'),
        value: (r) => mix.get(r.month)?.total ?? null,
        format: (r) => total.format(mix.get(r.month)?.total),
        numeric: true,
        kind: 'amount',
      },
    ];
    return { columns, rows: value.months.map((month) => ({ month })) };
  }

  /**
   * One row per starting class, then 正常贷款 (pass and special mention): its balance, the
   * regulator's rate with the amounts it is made of, and where the balance went (the matrix; not
   * for 正常贷款).
   */
  private migrationTable(value: NplMigrationResult): TableData<MigrationRateRow> {
    const lang = this.language;
    const share = new Map(value.matrix.map((r) => [`${r.from_class}|${r.to_class}`, r.share]));
    const amount = (label: string, pick: (r: MigrationRateRow) => number): TableColumn<MigrationRateRow> => {
      // One unit for each column of amounts.
      const column = amountFormat(lang, value.rates.map(pick));
      return { label, value: pick, format: (r) => column.format(pick(r)), numeric: true, kind: 'amount' };
    };
    return {
      rows: value.rates,
      columns: [
        { label: nt(lang, 'from_class'), value: (r) => (r.from_class === 'normal_loans' ? nt(lang, 'normal_loans') : codeLabel(lang, r.from_class)) },
        amount(nt(lang, 'balance_from'), (r) => r.balance),
        amount(nt(lang, 'downgraded'), (r) => r.downgraded_balance),
        amount(nt(lang, 'reduction'), (r) => r.reduction),
        amount(nt(lang, 'exited_balance'), (r) => r.exited_balance),
        amount(nt(lang, 'repaid'), (r) => r.repaid),
        { label: nt(lang, 'migration_rate'), value: (r) => r.rate, format: (r) => formatPercent(lang, r.rate), numeric: true, kind: 'ratio' },
        // Where each class's balance went (the matrix), after the figures of the rate.
        ...TARGETS.map(
          (c): TableColumn<MigrationRateRow> => ({
            label: nt(lang, 'to_share', { class: codeLabel(lang, c) }),
            value: (r) => share.get(`${r.from_class}|${c}`) ?? null,
            format: (r) => formatPercent(lang, share.get(`${r.from_class}|${c}`)),
            numeric: true,
            kind: 'ratio',
          }),
        ),
      ],
    };
  }
}

/** The key of a mark's datum (every renderer binds a datum with a `key`). */
function markKey(element: Element): string | undefined {
  const datum = select(element).datum() as { key?: unknown } | undefined;
  return typeof datum?.key === 'string' ? datum.key : undefined;
}

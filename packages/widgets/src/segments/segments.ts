import { dimension, type DimensionInput, type DimensionName, type FilterValue, type SegmentMeasure, type SegmentRow} from '@strata/sdk';
import { TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inKeyOrder, isCorporateTier, TIER_BAND_ORDER, tierBand, tierBlocks } from '../base/order.ts';
import { choiceStyles } from '../base/styles.ts';
import type { Readings } from '../base/coordinator.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { emit } from '../events.ts';
import { keyText, markKey, rowKeyOf } from '../base/keys.ts';
import { amountFormat, codeLabel, fieldLabel, fieldNote, formatCount, formatPercent, t, type AmountFormat, type Lang } from '../i18n.ts';
import { renderBars, type BarGroup } from '../renderers/bars.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { nameInText } from '../renderers/text.ts';
import type { renderTreemap } from '../renderers/treemap.ts';
import { st } from './labels.ts';

export type SegmentChart = 'bars' | 'treemap';

/** The treemap renderer's module, fetched by the first view that shows a treemap. */
let treemapModule: Promise<typeof import('../renderers/treemap.ts')> | undefined;
/** The segments' order: the field's own (tiers in rule order, classes 1/2/3 …) or by the measure, largest first. */
export type SegmentSort = 'natural' | 'value';
/** Which tiers a tier view shows: all (对公 then 零售, each group together), or one group. */
export type TierGroup = 'all' | 'corporate' | 'retail';

const MEASURES: readonly SegmentMeasure[] = ['customers', 'balance', 'deposits', 'contribution'];

/**
 * The tier or group mix (分层分群): customers, loan balance, deposits or contribution per segment,
 * as bars or a treemap, each with its share of the total (amounts with the segment's customer
 * count). Segments keep the field's own order under every filter (tiers by rule, 对公 then 零售;
 * industry classes 1/2/3); sorting by value is the user's choice, and a tier view shows 对公 or
 * 零售 alone on request. Clicking a segment (or Enter/Space on it) selects it for every other view;
 * Escape or a second click clears.
 *
 * @element strata-segments
 * @fires strata-select - the user selected or cleared a segment; detail: source, field, values, labels (their names), clause
 * @fires strata-drill - the user asked for the customers behind a segment (double click, Shift+Enter); detail: source, field, value, label
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart toolbar - the clear-selection and export buttons
 * @csspart controls - the order (fixed or by value) and, by tier, the 对公 / 零售 choice
 * @csspart summary - the text summary (the largest segment and its share)
 * @csspart chart - the SVG's container
 * @csspart table - the data table alternative
 * @csspart skeleton - the loading placeholder
 * @csspart empty - the empty state
 * @csspart error - the error state with its retry button
 * @csspart missing - the calm status shown when the metric needs the customer file and none is loaded
 * @cssprop --strata-accent - bar and cell colour
 * @cssprop --strata-select - colour of the selected segment
 * @cssprop --strata-fg - text colour
 * @cssprop --strata-surface - background of the chart, and text on dark cells
 * @cssprop --strata-font - font family
 */
export class StrataSegments extends StrataView<SegmentRow[]> {
  static override styles = [
    ...StrataView.styles,
    choiceStyles,
  ];

  /**
   * The segment dimension: tier (default), lifecycle, has_loan (有贷户 / 无贷户: a loan at the month
   * end or not), industry_class, industry, relationship_type, branch, manager, product, kind.
   */
  @property() by: DimensionInput = 'tier';

  /** What each segment measures: customers (default), balance, deposits or contribution. */
  @property() measure: SegmentMeasure = 'customers';

  /** bars (default) or treemap. */
  @property() chart: SegmentChart = 'bars';

  /**
   * natural (default): the field's own order, the same under every filter (tiers in rule order,
   * industry classes 1/2/3, months ascending, else by code); value: by the measure, largest first.
   * The user chooses it with the view's buttons.
   */
  @property({ reflect: true }) sort: SegmentSort = 'natural';

  /**
   * By tier: all (default; 对公 tiers, then 零售, each group together, shares of the whole),
   * corporate or retail (that group alone, shares of the group). The user chooses it with the view's buttons.
   */
  @property({ reflect: true }) group: TierGroup = 'all';

  protected override queryKey(): unknown[] {
    return [this.by, this.measure];
  }

  protected override selectField(): DimensionName {
    return this.dimensionName();
  }

  private dimensionName(): DimensionName {
    try {
      return dimension(this.by).name;
    } catch {
      return 'tier';
    }
  }

  private effectiveMeasure(): SegmentMeasure {
    return MEASURES.includes(this.measure) ? this.measure : 'customers';
  }

  private dimensionLabel(lang: Lang): string {
    const name = this.dimensionName();
    return fieldLabel(lang, name) ?? name;
  }

  /** The measure's name; loan-only dimensions (product) count borrowers. */
  private measureLabel(lang: Lang): string {
    const measure = this.effectiveMeasure();
    if (measure === 'customers' && !dimension(this.dimensionName()).facts.includes('customers')) return st(lang, 'customers_borrowers');
    return t(lang, measure);
  }

  private measureValue(row: SegmentRow): number | null {
    return row[this.effectiveMeasure()];
  }

  private formatMeasure(lang: Lang, value: number | null): string {
    return this.effectiveMeasure() === 'customers' ? formatCount(lang, value) : this.measureUnit(lang).format(value);
  }

  private unit?: { rows: readonly SegmentRow[]; key: string; format: AmountFormat };

  /** One unit and precision for every segment's figure: that of the largest shown (the task keeps its rows while re-querying). */
  private measureUnit(lang: Lang): AmountFormat {
    const rows = this.data.value ?? [];
    const key = `${lang} ${this.effectiveMeasure()} ${this.tierGroup()}`;
    if (this.unit?.rows !== rows || this.unit.key !== key) this.unit = { rows, key, format: amountFormat(lang, this.shown(rows).map((r) => this.measureValue(r))) };
    return this.unit.format;
  }

  /** The measure as a bar prints it; an amount with the segment's customer count beside it. */
  private valueText(lang: Lang, row: SegmentRow): string {
    const value = this.formatMeasure(lang, this.measureValue(row));
    if (this.effectiveMeasure() === 'customers') return value;
    return `${value} · ${this.customerCount(lang, row)}`;
  }

  /** 3户 / 3 customers (borrowers on loan-only fields). */
  private customerCount(lang: Lang, row: SegmentRow): string {
    const loanOnly = !dimension(this.dimensionName()).facts.includes('customers');
    const one = row.customers === 1;
    return st(lang, loanOnly ? (one ? 'n_borrower' : 'n_borrowers') : one ? 'n_customer' : 'n_customers', { n: formatCount(lang, row.customers) });
  }

  protected override heading(): string {
    const lang = this.language;
    return `${this.measureLabel(lang)} · ${this.dimensionLabel(lang)}`;
  }

  protected override headingNote(): string | undefined {
    return fieldNote(this.language, this.dimensionName());
  }

  protected override async query(readings: Readings, signal: AbortSignal): Promise<SegmentRow[]> {
    const rows = await readings.segments({ by: this.by, measure: this.measure, asOf: this.effectiveAsOf, exclude: this.sourceId, signal });
    return [...rows];
  }

  protected override isEmpty(value: SegmentRow[]): boolean {
    return !this.shown(value).some((row) => (this.measureValue(row) ?? 0) !== 0);
  }

  private tierGroup(): TierGroup {
    return this.dimensionName() === 'tier' && (this.group === 'corporate' || this.group === 'retail') ? this.group : 'all';
  }

  /**
   * The rows as the view lists them: a tier group alone (shares then of the group), in the field's
   * order or by value as the user chose; 对公 and 零售 tiers stay apart either way.
   */
  private shown(value: readonly SegmentRow[]): SegmentRow[] {
    const field = this.dimensionName();
    const group = this.tierGroup();
    let rows = group === 'all' ? [...value] : value.filter((row) => typeof row.key === 'string' && isCorporateTier(row.key) === (group === 'corporate'));
    if (group !== 'all') {
      const total = rows.reduce((sum, row) => sum + (this.measureValue(row) ?? 0), 0);
      rows = rows.map((row) => ({ ...row, share: total === 0 || this.measureValue(row) === null ? null : (this.measureValue(row) ?? 0) / total }));
    }
    rows = inKeyOrder(field, rows, (row) => row.key);
    if (this.sort !== 'value') return rows;
    // A stable sort: equal values keep the field's order. Tiers sort within their group.
    const band = (row: SegmentRow) => (field === 'tier' ? TIER_BAND_ORDER[tierBand(keyText(row.key))] : 0);
    return rows.sort((a, b) => band(a) - band(b) || (this.measureValue(b) ?? -Infinity) - (this.measureValue(a) ?? -Infinity));
  }

  /**
   * By tier with both groups shown: the runs of 对公 and 零售 tiers the bars are drawn in, each
   * labelled (an unknown tier, last, on its own); else none.
   */
  private barGroups(lang: Lang, rows: readonly SegmentRow[]): BarGroup[] | undefined {
    if (this.dimensionName() !== 'tier' || this.tierGroup() !== 'all') return undefined;
    return tierBlocks(
      rows.map((row) => keyText(row.key)),
      (band) => (band === 'unknown' ? codeLabel(lang, null, 'tier') : st(lang, band)),
    );
  }

  /** '（零售）' / ' (retail)' when one tier group is shown alone: the shares are of it. */
  private groupNote(lang: Lang): string {
    const group = this.tierGroup();
    if (group === 'all') return '';
    return lang === 'en' ? ` (${st(lang, group).toLowerCase()})` : `（${st(lang, group)}）`;
  }

  protected override renderControls(): TemplateResult | typeof nothing {
    // Nothing to order in an error or the missing-data status.
    if (this.data.status === TaskStatus.ERROR) return nothing;
    const lang = this.language;
    const choice = <T extends SegmentSort | TierGroup>(label: string, current: T, options: readonly T[], set: (v: T) => void) =>
      html`<span class="choice" role="group" aria-label=${label}
        >${label}${options.map(
          (option) => html`<button type="button" data-choice=${option} aria-pressed=${current === option ? 'true' : 'false'} @click=${() => set(option)}>${st(lang, option)}</button>`,
        )}</span
      >`;
    return html`<div class="controls" part="controls">
      ${this.dimensionName() === 'tier' ? choice(st(lang, 'group'), this.tierGroup(), ['all', 'corporate', 'retail'] as const, (v) => (this.group = v)) : nothing}
      ${choice(st(lang, 'sort'), this.sort === 'value' ? 'value' : 'natural', ['natural', 'value'] as const, (v) => (this.sort = v))}
    </div>`;
  }

  /** The name a selected or drilled segment goes by: its row's (a branch's name), else the code's words. */
  protected override valueLabel(value: FilterValue): string {
    const row = this.data.value?.find((r) => markKey(r.key) === markKey(value));
    return row ? this.label(row) : super.valueLabel(value);
  }

  /** The row's name (a branch's), else the words for its code: a label that is only the key's text names nothing. */
  private label(row: SegmentRow): string {
    const text = keyText(row.key);
    return text !== null && row.label !== null && row.label !== text ? row.label : codeLabel(this.language, text, this.dimensionName());
  }

  private isSelected(row: SegmentRow, selected: readonly FilterValue[]): boolean {
    return selected.some((v) => markKey(v) === markKey(row.key));
  }

  protected override summary(value: SegmentRow[]): string {
    const lang = this.language;
    const rows = this.shown(value);
    let largest: SegmentRow | undefined;
    for (const row of rows) if (largest === undefined || (this.measureValue(row) ?? 0) > (this.measureValue(largest) ?? 0)) largest = row;
    if (!largest) return '';
    const measure = this.measureLabel(lang);
    const text = st(lang, this.effectiveMeasure() === 'customers' ? 'summary_count' : 'summary_amount', {
      by: `${lang === 'en' ? this.dimensionLabel(lang).toLowerCase() : this.dimensionLabel(lang)}${this.groupNote(lang)}`,
      measure: lang === 'en' ? measure.toLowerCase() : measure,
      name: nameInText(this.label(largest)),
      value: this.formatMeasure(lang, this.measureValue(largest)),
      share: formatPercent(lang, largest.share),
      n: rows.length,
    });
    const selected = this.selectedValues();
    const names = rows.filter((row) => this.isSelected(row, selected)).map((row) => nameInText(this.label(row)));
    const note = fieldNote(lang, this.dimensionName());
    const space = lang === 'en' ? ' ' : '';
    return [text, note, names.length > 0 ? st(lang, 'selected', { name: names.join(', ') }) : undefined].filter(Boolean).join(space);
  }

  /** The treemap's renderer once fetched; a failed fetch leaves the bars (and says why). */
  @state() private treemap?: typeof renderTreemap | Error;

  /**
   * The treemap renderer (with d3-hierarchy), fetched when a view first shows a treemap (the view
   * draws when it arrives); if it cannot be fetched, the view draws bars.
   */
  private treemapRenderer(): typeof renderTreemap | 'loading' | undefined {
    if (this.treemap === undefined) {
      treemapModule ??= import('../renderers/treemap.ts');
      treemapModule.then(
        (module) => {
          this.treemap ??= module.renderTreemap;
        },
        (error: unknown) => {
          treemapModule = undefined;
          if (this.treemap !== undefined) return;
          this.treemap = error instanceof Error ? error : new Error(String(error));
          emit(this, 'strata-error', { error: this.treemap, source: this.sourceId });
        },
      );
      return 'loading';
    }
    return this.treemap instanceof Error ? undefined : this.treemap;
  }

  protected override draw(svg: SVGSVGElement, value: SegmentRow[]): void {
    const lang = this.language;
    const selected = this.selectedValues();
    const measure = this.measureLabel(lang);
    const rows = this.shown(value);
    const shareOf = new Map(rows.map((row) => [markKey(row.key), row.share]));
    const rowOf = new Map(rows.map((row) => [markKey(row.key), row]));
    // A mark carries its key's text; a click selects the row's own typed key (rowKeyOf).
    const select = (mark: string, act: (value: FilterValue) => void) => {
      const key = rowKeyOf(rows, mark);
      if (key !== undefined) act(key);
    };
    const data = rows.map((row) => ({
      key: markKey(row.key),
      label: this.label(row),
      value: this.measureValue(row) ?? 0,
      valueText: this.valueText(lang, row),
      selected: this.isSelected(row, selected),
    }));
    const ariaLabel = (d: { key: string; label: string; valueText: string; selected: boolean }) =>
      // The accessible name starts with the visible text (WCAG 2.5.3), then says what it is.
      `${d.label} ${d.valueText}, ${measure}, ${t(lang, 'share')} ${formatPercent(lang, shareOf.get(d.key))}${d.selected ? `, ${t(lang, 'selected')}` : ''}`;
    const options = {
      width: Math.max(this.width - 26, 200),
      palette: this.palette(),
      ariaLabel,
      tooltip: (d: { key: string }) => this.tooltipOf(lang, rowOf.get(d.key)!),
      onSelect: this.db !== undefined ? (mark: string) => select(mark, (key) => this.toggleSelection(key)) : undefined,
      onDrill: (mark: string) => select(mark, (key) => this.drill(key)),
    };
    // The height follows the number of segments, never the width: a height that followed the
    // width would resize the element inside its own ResizeObserver callback.
    const treemap = this.chart === 'treemap' ? this.treemapRenderer() : undefined;
    if (treemap === 'loading') return;
    if (treemap) treemap(svg, data, { ...options, height: Math.min(320, Math.max(200, 28 * data.length)) });
    else renderBars(svg, data, { ...options, groups: this.barGroups(lang, rows) });
  }

  /** A mark's tooltip: the segment, its measure with the unit, its share of the total and its customers. */
  private tooltipOf(lang: Lang, row: SegmentRow): TooltipContent {
    const measure = this.measureLabel(lang);
    const count = this.customerCount(lang, row);
    const share = st(lang, 'tip_share', { measure: lang === 'en' ? measure.toLowerCase() : measure, share: formatPercent(lang, row.share) });
    if (this.effectiveMeasure() === 'customers') return { title: this.label(row), lines: [st(lang, 'tip_measure', { measure, value: count }), share] };
    return { title: this.label(row), lines: [st(lang, 'tip_measure', { measure, value: this.formatMeasure(lang, this.measureValue(row)) }), share, count] };
  }

  protected override tableData(value: SegmentRow[]): TableData<SegmentRow> {
    const lang = this.language;
    // One unit for each column of amounts.
    const unit = (m: 'balance' | 'deposits' | 'contribution') => amountFormat(lang, this.shown(value).map((r) => r[m]));
    const [balance, deposits, contribution] = [unit('balance'), unit('deposits'), unit('contribution')];
    const loanOnly = !dimension(this.dimensionName()).facts.includes('customers');
    return {
      rows: this.shown(value),
      columns: [
        { label: this.dimensionLabel(lang), value: (r) => this.label(r), code: (r) => keyText(r.key) },
        { label: loanOnly ? st(lang, 'customers_borrowers') : t(lang, 'customers'), value: (r) => r.customers, format: (r) => formatCount(lang, r.customers), numeric: true, kind: 'count' },
        { label: t(lang, 'balance'), value: (r) => r.balance, format: (r) => balance.format(r.balance), numeric: true, kind: 'amount' },
        { label: t(lang, 'deposits'), value: (r) => r.deposits, format: (r) => deposits.format(r.deposits), numeric: true, kind: 'amount' },
        { label: t(lang, 'contribution'), value: (r) => r.contribution, format: (r) => contribution.format(r.contribution), numeric: true, kind: 'amount' },
        { label: t(lang, 'npl_ratio'), value: (r) => r.npl_ratio, format: (r) => formatPercent(lang, r.npl_ratio), numeric: true, kind: 'ratio' },
        { label: `${t(lang, 'share')} (${this.measureLabel(lang)})`, value: (r) => r.share, format: (r) => formatPercent(lang, r.share), numeric: true, kind: 'ratio' },
      ],
    };
  }
}

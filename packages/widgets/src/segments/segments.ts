import { dimension, type DimensionInput, type DimensionName, type FilterValue, type SegmentMeasure, type SegmentRow, type Strata } from '@strata/sdk';
import { property } from 'lit/decorators.js';
import { StrataView, type TableData } from '../base/view.ts';
import { codeLabel, fieldLabel, fieldNote, formatAmount, formatCount, formatPercent, t, type Lang } from '../i18n.ts';
import { renderBars } from '../renderers/bars.ts';
import { nameInText } from '../renderers/text.ts';
import { renderTreemap } from '../renderers/treemap.ts';
import { st } from './labels.ts';

export type SegmentChart = 'bars' | 'treemap';

const MEASURES: readonly SegmentMeasure[] = ['customers', 'balance', 'deposits', 'contribution'];

/** A mark's key for a segment whose key is NULL (filter values never contain NUL). */
const NULL_KEY = '\u0000';

/**
 * The tier or group mix (分层分群): customers, loan balance, deposits or contribution per segment,
 * as bars or a treemap, each with its share of the total. Clicking a segment (or Enter/Space on
 * it) selects it for every other view; Escape or a second click clears.
 *
 * @element strata-segments
 * @fires strata-select - the user selected or cleared a segment; detail: source, field, values, clause
 * @fires strata-drill - the user asked for the customers behind a segment (double click, Shift+Enter)
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart toolbar - the clear-selection and export buttons
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
  /**
   * The segment dimension: tier (default), lifecycle, has_loan (有贷户 / 无贷户: a loan at the month
   * end or not), industry_class, industry, relationship_type, branch, manager, product, kind.
   */
  @property() by: DimensionInput = 'tier';

  /** What each segment measures: customers (default), balance, deposits or contribution. */
  @property() measure: SegmentMeasure = 'customers';

  /** bars (default) or treemap. */
  @property() chart: SegmentChart = 'bars';

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
    return this.effectiveMeasure() === 'customers' ? formatCount(lang, value) : formatAmount(lang, value);
  }

  protected override heading(): string {
    const lang = this.language;
    return `${this.measureLabel(lang)} · ${this.dimensionLabel(lang)}`;
  }

  protected override headingNote(): string | undefined {
    return fieldNote(this.language, this.dimensionName());
  }

  protected override async query(strata: Strata, signal: AbortSignal): Promise<SegmentRow[]> {
    const rows = await strata.segments({ by: this.by, measure: this.measure, asOf: this.effectiveAsOf, exclude: this.sourceId, signal });
    return [...rows];
  }

  protected override isEmpty(value: SegmentRow[]): boolean {
    return !value.some((row) => (this.measureValue(row) ?? 0) !== 0);
  }

  private label(row: SegmentRow): string {
    const { key, label } = row;
    return key !== null && label !== null && label !== key ? label : codeLabel(this.language, key, this.dimensionName());
  }

  /** Keys come back as text: industry classes select as numbers, flags as booleans, NULL as null. */
  private typedKey(key: string): FilterValue {
    if (key === NULL_KEY) return null;
    const type = dimension(this.dimensionName()).type;
    if (type === 'int') return Number(key);
    if (type === 'bool') return key === 'true';
    return key;
  }

  private isSelected(row: SegmentRow, selected: readonly FilterValue[]): boolean {
    return selected.some((v) => (v === null ? row.key === null : row.key !== null && String(v) === row.key));
  }

  protected override summary(value: SegmentRow[]): string {
    const lang = this.language;
    let largest: SegmentRow | undefined;
    for (const row of value) if (largest === undefined || (this.measureValue(row) ?? 0) > (this.measureValue(largest) ?? 0)) largest = row;
    if (!largest) return '';
    const measure = this.measureLabel(lang);
    const text = st(lang, this.effectiveMeasure() === 'customers' ? 'summary_count' : 'summary_amount', {
      by: lang === 'en' ? this.dimensionLabel(lang).toLowerCase() : this.dimensionLabel(lang),
      measure: lang === 'en' ? measure.toLowerCase() : measure,
      name: nameInText(this.label(largest)),
      value: this.formatMeasure(lang, this.measureValue(largest)),
      share: formatPercent(lang, largest.share),
      n: value.length,
    });
    const selected = this.selectedValues();
    const names = value.filter((row) => this.isSelected(row, selected)).map((row) => nameInText(this.label(row)));
    const note = fieldNote(lang, this.dimensionName());
    const space = lang === 'en' ? ' ' : '';
    return [text, note, names.length > 0 ? st(lang, 'selected', { name: names.join(', ') }) : undefined].filter(Boolean).join(space);
  }

  protected override draw(svg: SVGSVGElement, value: SegmentRow[]): void {
    const lang = this.language;
    const selected = this.selectedValues();
    const measure = this.measureLabel(lang);
    const shareOf = new Map(value.map((row) => [row.key ?? NULL_KEY, row.share]));
    const data = value.map((row) => ({
      key: row.key ?? NULL_KEY,
      label: this.label(row),
      value: this.measureValue(row) ?? 0,
      valueText: this.formatMeasure(lang, this.measureValue(row)),
      selected: this.isSelected(row, selected),
    }));
    const ariaLabel = (d: { key: string; label: string; valueText: string; selected: boolean }) =>
      // The accessible name starts with the visible text (WCAG 2.5.3), then says what it is.
      `${d.label} ${d.valueText}, ${measure}, ${t(lang, 'share')} ${formatPercent(lang, shareOf.get(d.key))}${d.selected ? `, ${t(lang, 'selected')}` : ''}`;
    const options = {
      width: Math.max(this.width - 26, 200),
      palette: this.palette(),
      ariaLabel,
      onSelect: this.db !== undefined ? (key: string) => this.toggleSelection(this.typedKey(key)) : undefined,
      onDrill: (key: string) => this.drill(this.typedKey(key)),
    };
    // The height follows the number of segments, never the width: a height that followed the
    // width would resize the element inside its own ResizeObserver callback.
    if (this.chart === 'treemap') renderTreemap(svg, data, { ...options, height: Math.min(320, Math.max(200, 28 * data.length)) });
    else renderBars(svg, data, options);
  }

  protected override tableData(value: SegmentRow[]): TableData<SegmentRow> {
    const lang = this.language;
    const loanOnly = !dimension(this.dimensionName()).facts.includes('customers');
    return {
      rows: value,
      columns: [
        { label: this.dimensionLabel(lang), value: (r) => this.label(r) },
        { label: loanOnly ? st(lang, 'customers_borrowers') : t(lang, 'customers'), value: (r) => r.customers, format: (r) => formatCount(lang, r.customers), numeric: true },
        { label: t(lang, 'balance'), value: (r) => r.balance, format: (r) => formatAmount(lang, r.balance), numeric: true },
        { label: t(lang, 'deposits'), value: (r) => r.deposits, format: (r) => formatAmount(lang, r.deposits), numeric: true },
        { label: t(lang, 'contribution'), value: (r) => r.contribution, format: (r) => formatAmount(lang, r.contribution), numeric: true },
        { label: t(lang, 'npl_ratio'), value: (r) => r.npl_ratio, format: (r) => formatPercent(lang, r.npl_ratio), numeric: true },
        { label: `${t(lang, 'share')} (${this.measureLabel(lang)})`, value: (r) => r.share, format: (r) => formatPercent(lang, r.share), numeric: true },
      ],
    };
  }
}

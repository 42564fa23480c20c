import { dimension, type DimensionInput, type DimensionName, type NplRow, type Strata } from '@strata/sdk';
import { property } from 'lit/decorators.js';
import { StrataView, type TableData } from '../base/view.ts';
import { codeLabel, formatAmount, formatCount, formatPercent, t } from '../i18n.ts';
import { renderBars } from '../renderers/bars.ts';

export interface NplResult {
  rows: NplRow[];
  /** The bank-wide figures under the same filters (the reference line). */
  total: NplRow | undefined;
}

/**
 * NPL (不良率) by segment, with the bank-wide ratio as a reference line. Clicking a bar (or
 * Enter/Space on it) selects that segment for every other view; Escape or a second click clears.
 *
 * @element strata-npl
 * @fires strata-select - the user selected or cleared a segment
 * @fires strata-drill - the user asked for the loans behind a segment (double click, Shift+Enter)
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart summary - the text summary
 * @csspart chart - the SVG's container
 * @csspart table - the data table alternative
 * @cssprop --strata-accent - bar colour
 * @cssprop --strata-select - colour of the selected bar
 * @cssprop --strata-danger - the bank-wide reference line
 */
export class StrataNpl extends StrataView<NplResult> {
  /** The segment dimension: industry_class, tier, product, branch, manager, lifecycle, … */
  @property() by: DimensionInput = 'industry_class';

  protected override queryKey(): unknown[] {
    return [this.by];
  }

  protected override selectField(): DimensionName {
    return this.dimensionName();
  }

  private dimensionName(): DimensionName {
    try {
      return dimension(this.by).name;
    } catch {
      return 'industry_class';
    }
  }

  protected override heading(): string {
    const lang = this.language;
    return `${t(lang, 'npl_ratio')} · ${t(lang, this.dimensionName() as 'tier')}`;
  }

  protected override async query(strata: Strata, signal: AbortSignal): Promise<NplResult> {
    const options = { asOf: this.effectiveAsOf, exclude: this.sourceId, signal };
    const [rows, total] = await Promise.all([strata.npl({ ...options, by: this.by }), strata.npl(options)]);
    return { rows: [...rows], total: total[0] };
  }

  protected override isEmpty(value: NplResult): boolean {
    return value.rows.length === 0;
  }

  private label(key: string | null, label: string | null): string {
    return key !== null && label !== null && label !== key ? label : codeLabel(this.language, key, this.dimensionName());
  }

  protected override summary(value: NplResult): string {
    const lang = this.language;
    const worst = [...value.rows].sort((a, b) => (b.npl_ratio ?? 0) - (a.npl_ratio ?? 0))[0];
    const bank = formatPercent(lang, value.total?.npl_ratio);
    if (!worst) return '';
    const name = this.label(worst.key, worst.label);
    return lang === 'en'
      ? `NPL ratio ${bank} bank-wide; highest in ${name} at ${formatPercent(lang, worst.npl_ratio)} (${formatPercent(lang, worst.balance_share)} of balance).`
      : `全行不良率${bank}；${name}最高，为${formatPercent(lang, worst.npl_ratio)}（余额占比${formatPercent(lang, worst.balance_share)}）。`;
  }

  protected override draw(svg: SVGSVGElement, value: NplResult): void {
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
        width: Math.max(this.width - 26, 200),
        palette: this.palette(),
        reference: value.total?.npl_ratio != null ? { value: value.total.npl_ratio, label: `${t(lang, 'bank_average')} ${formatPercent(lang, value.total.npl_ratio)}` } : undefined,
        ariaLabel: (d) => `${d.label}: ${t(lang, 'npl_ratio')} ${d.valueText}${d.selected ? `, ${t(lang, 'selected')}` : ''}`,
        onSelect: selectable ? (key) => this.toggleSelection(this.typedKey(key)) : undefined,
        onDrill: (key) => this.drill(this.typedKey(key)),
      },
    );
  }

  /** Keys come back as text; industry classes select as numbers. */
  private typedKey(key: string): string | number {
    return this.dimensionName() === 'industry_class' ? Number(key) : key;
  }

  protected override table(value: NplResult): TableData<NplRow> {
    const lang = this.language;
    const data: TableData<NplRow> = {
      rows: value.rows,
      columns: [
        { label: t(lang, this.dimensionName() as 'tier'), value: (r) => this.label(r.key, r.label) },
        { label: t(lang, 'balance'), value: (r) => r.balance, format: (r) => formatAmount(lang, r.balance), numeric: true },
        { label: t(lang, 'npl_balance'), value: (r) => r.npl_balance, format: (r) => formatAmount(lang, r.npl_balance), numeric: true },
        { label: t(lang, 'npl_ratio'), value: (r) => r.npl_ratio, format: (r) => formatPercent(lang, r.npl_ratio), numeric: true },
        { label: t(lang, 'loans'), value: (r) => r.loans, format: (r) => formatCount(lang, r.loans), numeric: true },
        { label: t(lang, 'special_mention_ratio'), value: (r) => r.special_mention_ratio, format: (r) => formatPercent(lang, r.special_mention_ratio), numeric: true },
        { label: t(lang, 'share'), value: (r) => r.balance_share, format: (r) => formatPercent(lang, r.balance_share), numeric: true },
      ],
    };
    return data;
  }
}

import type { AttainmentRow, Strata, TargetMetric, TargetScope } from '@strata/sdk';
import { property } from 'lit/decorators.js';
import { StrataView, type TableData } from '../base/view.ts';
import { formatAmount, formatCount, formatPercent, t, type Lang } from '../i18n.ts';
import { renderBullets } from '../renderers/bullet.ts';
import { at } from './strings.ts';

const METRICS: readonly TargetMetric[] = ['loan_amount', 'cards', 'installment_amount', 'new_customers'];

/**
 * Campaign target attainment (完成率) per branch or relationship manager as a ranked bullet chart:
 * the bar is the actual, the tick the target, the dashed line the pace (序时进度, days elapsed /
 * days in the campaign, at the month end shown). Each row states its rank, whether it is ahead of
 * or behind pace, and the bottom five (后5名, when there are more than five) are banded and
 * labelled ▼后5名. Selecting a row (click, Enter or Space) selects that branch or manager for
 * every other view; a second click or Escape clears it.
 *
 * @element strata-attainment
 * @fires strata-select - the user selected or cleared a branch or manager (field `branch` or `manager`)
 * @fires strata-drill - the user asked for the rows behind a branch or manager (double click, Shift+Enter)
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart summary - the text summary
 * @csspart chart - the SVG's container
 * @csspart table - the data table alternative
 * @cssprop --strata-accent - actual bars
 * @cssprop --strata-fg - target ticks
 * @cssprop --strata-warn - the pace line, and "behind pace"
 * @cssprop --strata-good - "ahead of pace"
 * @cssprop --strata-danger - the bottom-five band and label
 * @cssprop --strata-select - the selected row's bar
 */
export class StrataAttainment extends StrataView<AttainmentRow[]> {
  /** Rank branches (`branch`, default) or relationship managers (`manager`). */
  @property() by: TargetScope = 'branch';

  /** The target metric: loan_amount (default), cards, installment_amount or new_customers. */
  @property() metric: TargetMetric = 'loan_amount';

  private get scope(): TargetScope {
    return this.by === 'manager' ? 'manager' : 'branch';
  }

  /** Amount metrics print as 万/亿, the others as counts. */
  private format(lang: Lang, value: number | null): string {
    return this.metric === 'loan_amount' || this.metric === 'installment_amount' ? formatAmount(lang, value) : formatCount(lang, value);
  }

  protected override queryKey(): unknown[] {
    return [this.scope, this.metric];
  }

  protected override selectField(): TargetScope {
    return this.scope;
  }

  protected override heading(): string {
    const lang = this.language;
    const metric = METRICS.includes(this.metric) ? at(lang, this.metric) : String(this.metric);
    return at(lang, 'title', { metric, by: t(lang, this.scope) });
  }

  protected override async query(strata: Strata, signal: AbortSignal): Promise<AttainmentRow[]> {
    const rows = await strata.attainment({
      campaign: this.effectiveCampaign,
      by: this.scope,
      metric: this.metric,
      asOf: this.effectiveAsOf,
      exclude: this.sourceId,
      signal,
    });
    return [...rows];
  }

  protected override isEmpty(value: AttainmentRow[]): boolean {
    return value.length === 0;
  }

  private name(row: AttainmentRow): string {
    return row.label ?? row.key;
  }

  private status(lang: Lang, row: AttainmentRow): string {
    return row.attainment === null ? at(lang, 'no_target') : at(lang, row.ahead ? 'ahead' : 'behind');
  }

  /** The accessible name of a row: rank, the SDK's figures, pace status and the flag. */
  private markLabel(lang: Lang, row: AttainmentRow, selected: boolean): string {
    const text = at(lang, 'mark', {
      rank: formatCount(lang, row.rank),
      name: this.name(row),
      attainment: formatPercent(lang, row.attainment),
      actual: this.format(lang, row.actual),
      target: this.format(lang, row.target),
      pace: formatPercent(lang, row.pace),
      status: this.status(lang, row),
    });
    return `${text}${row.bottom_five ? at(lang, 'mark_flag') : ''}${selected ? `, ${t(lang, 'selected')}` : ''}`;
  }

  protected override summary(value: AttainmentRow[]): string {
    const lang = this.language;
    const scored = value.filter((r) => r.attainment !== null);
    const ahead = scored.filter((r) => r.ahead).length;
    let text = at(lang, 'summary', {
      n: formatCount(lang, value.length),
      units: at(lang, this.scope === 'branch' ? 'units_branch' : 'units_manager'),
      pace: formatPercent(lang, value[0]?.pace),
      ahead: formatCount(lang, ahead),
      behind: formatCount(lang, scored.length - ahead),
    });
    if (scored.length < value.length) text += at(lang, 'summary_no_target', { n: formatCount(lang, value.length - scored.length) });
    const top = scored[0];
    if (top) {
      text += at(lang, 'summary_top', { name: this.name(top), attainment: formatPercent(lang, top.attainment) });
      const bottom = value.filter((r) => r.bottom_five);
      text += bottom.length > 0 ? at(lang, 'summary_bottom', { names: bottom.map((r) => this.name(r)).join(at(lang, 'list_sep')) }) : at(lang, 'summary_few');
    }
    return text.trim();
  }

  protected override draw(svg: SVGSVGElement, value: AttainmentRow[]): void {
    const lang = this.language;
    const selected = new Set(this.selectedValues().map(String));
    const byKey = new Map(value.map((row) => [row.key, row]));
    const pace = value[0]?.pace;
    renderBullets(
      svg,
      value.map((row) => ({
        key: row.key,
        label: this.name(row),
        rankText: formatCount(lang, row.rank),
        value: row.attainment,
        valueText: formatPercent(lang, row.attainment),
        detailText: row.target === null ? `${this.format(lang, row.actual)} / ${at(lang, 'no_target')}` : at(lang, 'detail', { actual: this.format(lang, row.actual), target: this.format(lang, row.target) }),
        statusText: this.status(lang, row),
        ahead: row.ahead,
        flagged: row.bottom_five,
        flagText: at(lang, 'bottom_five'),
        selected: selected.has(row.key),
      })),
      {
        width: Math.max(this.width - 26, 260),
        palette: this.palette(),
        pace: pace === undefined ? null : { value: pace, label: `${t(lang, 'pace')} ${formatPercent(lang, pace)}` },
        legend: { actual: t(lang, 'actual'), target: t(lang, 'target') },
        tickFormat: (v) => `${Math.round(v * 100)}%`,
        ariaLabel: (d) => this.markLabel(lang, byKey.get(d.key)!, d.selected),
        onSelect: this.db ? (key) => this.toggleSelection(key) : undefined,
        onDrill: (key) => this.drill(key),
      },
    );
  }

  protected override tableData(value: AttainmentRow[]): TableData<AttainmentRow> {
    const lang = this.language;
    return {
      rows: value,
      columns: [
        { label: at(lang, 'rank'), value: (r) => r.rank, format: (r) => formatCount(lang, r.rank), numeric: true },
        { label: t(lang, this.scope), value: (r) => this.name(r) },
        { label: t(lang, 'actual'), value: (r) => r.actual, format: (r) => this.format(lang, r.actual), numeric: true },
        { label: t(lang, 'target'), value: (r) => r.target, format: (r) => this.format(lang, r.target), numeric: true },
        { label: t(lang, 'attainment'), value: (r) => r.attainment, format: (r) => formatPercent(lang, r.attainment), numeric: true },
        { label: t(lang, 'pace'), value: (r) => r.pace, format: (r) => formatPercent(lang, r.pace), numeric: true },
        { label: at(lang, 'status'), value: (r) => this.status(lang, r) },
        { label: at(lang, 'bottom_five'), value: (r) => at(lang, r.bottom_five ? 'yes' : 'no') },
      ],
    };
  }
}

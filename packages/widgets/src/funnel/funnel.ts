import type { FilterValue, FunnelRow, LostReasonRow, OverdueRow, TargetMetric } from '@strata/sdk';
import { property } from 'lit/decorators.js';
import type { Readings } from '../base/coordinator.ts';
import { keyText } from '../base/keys.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, t, type Lang } from '../i18n.ts';
import { renderFunnel, type FunnelList, type FunnelPanel } from '../renderers/funnel.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { nameInText } from '../renderers/text.ts';
import { ft, moreText } from './strings.ts';

/** How the funnel is split into small multiples. */
export type FunnelSplit = 'none' | 'channel' | 'branch';

export interface FunnelResult {
  /** The whole pipeline, one row per stage. */
  total: FunnelRow[];
  /** One funnel per split key (rows by key, then stage); empty when not split. */
  groups: FunnelRow[];
  lost: LostReasonRow[];
  overdue: OverdueRow[];
}

/** How many overdue managers and lost reasons the lists under the funnel name. */
const LIST_ITEMS = 5;

const METRICS: readonly TargetMetric[] = ['loan_amount', 'cards', 'installment_amount', 'new_customers'];

/**
 * The marketing pipeline (营销进度) of a campaign: leads reaching each stage from 线索 to 已放款,
 * with amounts and the step and overall conversions; optionally one small funnel per channel or
 * branch. Under it, the overdue follow-ups (待跟进) per manager and the lost reasons.
 *
 * The disbursed stage also shows what counts towards the campaign's target for `metric`
 * (计入贷款投放: exactly the actual `<strata-attainment>` shows for the same metric, month end and
 * filters), since not every disbursed lead counts (a card is not a loan); the summary states it.
 *
 * Selecting a stage (click, Enter or Space) sets the clause `stage in [that stage]`: every other
 * view then shows the leads currently at that stage, not those that went past it. A second click
 * or Escape clears it.
 *
 * @element strata-funnel
 * @fires strata-select - the user selected or cleared a stage (field `stage`)
 * @fires strata-drill - the user asked for the leads at a stage (double click, Shift+Enter)
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart summary - the text summary
 * @csspart chart - the SVG's container
 * @csspart table - the data table alternative
 * @csspart missing - the calm status shown when the metric needs the customer file and none is loaded
 * @cssprop --strata-accent - stage bars
 * @cssprop --strata-accent-2 - lost-reason share bars
 * @cssprop --strata-select - the selected stage
 * @cssprop --strata-muted - conversions between stages
 */
export class StrataFunnel extends StrataView<FunnelResult> {
  /** Small multiples per `channel` or per `branch`; `none` (default) draws one funnel. */
  @property() split: FunnelSplit = 'none';

  /** The target metric whose actual the disbursed stage states: loan_amount (default), cards, installment_amount or new_customers. */
  @property() metric: TargetMetric = 'loan_amount';

  /** Open leads with no update for more than this many days count as overdue follow-ups (default 14). */
  @property({ type: Number, attribute: 'overdue-days' }) overdueDays = 14;

  private get splitBy(): 'channel' | 'branch' | undefined {
    return this.split === 'channel' || this.split === 'branch' ? this.split : undefined;
  }

  private get days(): number {
    const days = Number(this.overdueDays);
    return Number.isInteger(days) && days >= 0 ? days : 14;
  }

  private get targetMetric(): TargetMetric {
    return METRICS.includes(this.metric) ? this.metric : 'loan_amount';
  }

  protected override queryKey(): unknown[] {
    return [this.splitBy, this.days, this.targetMetric];
  }

  /**
   * An amount in the view's one unit and precision: that of the largest amount it shows (stages,
   * splits, what counts towards the target, overdue leads and their total); the task keeps the
   * value while re-querying.
   */
  private formatAmount(lang: Lang, value: number | null): string {
    const v = this.data.value;
    const overdue = v?.overdue.map((r) => r.amount) ?? [];
    const counted = this.targetMetric === 'loan_amount' || this.targetMetric === 'installment_amount';
    const amounts = [...(v ? [...v.total, ...v.groups] : []).flatMap((r) => [r.amount, counted ? r.target_actual : null]), ...overdue, overdue.reduce((a, b) => a + b, 0)];
    return amountFormat(lang, amounts).format(value);
  }

  /** What counts towards the target, as the metric counts it: 万/亿 for amounts, else a count. */
  private formatTarget(lang: Lang, value: number | null): string {
    const metric = this.targetMetric;
    return metric === 'loan_amount' || metric === 'installment_amount' ? this.formatAmount(lang, value) : formatCount(lang, value);
  }

  /** The target metric's name mid-sentence (贷款投放, loan amount). */
  private metricName(lang: Lang): string {
    const name = codeLabel(lang, this.targetMetric);
    return lang === 'en' ? name.toLowerCase() : name;
  }

  /** "计入贷款投放 950.3万" for the disbursed stage; '' for the others. */
  private countsTowards(lang: Lang, row: FunnelRow, key: 'counts_towards' | 'mark_counts_towards'): string {
    return row.target_actual === null ? '' : ft(lang, key, { metric: this.metricName(lang), value: this.formatTarget(lang, row.target_actual) });
  }

  protected override selectField(): 'stage' {
    return 'stage';
  }

  protected override heading(): string {
    const lang = this.language;
    return this.splitBy ? `${ft(lang, 'title')} · ${t(lang, this.splitBy)}` : ft(lang, 'title');
  }

  protected override async query(readings: Readings, signal: AbortSignal): Promise<FunnelResult> {
    const options = { campaign: this.effectiveCampaign, exclude: this.sourceId, signal };
    // The month end and metric make the disbursed stage's target actual equal attainment's.
    const funnel = { ...options, metric: this.targetMetric, asOf: this.effectiveAsOf };
    const by = this.splitBy;
    const [total, groups, lost, overdue] = await Promise.all([
      readings.funnel(funnel),
      by ? readings.funnel({ ...funnel, by }) : Promise.resolve([]),
      readings.lostReasons(options),
      readings.overdueFollowUps({ ...options, days: this.days, by: 'manager' }),
    ]);
    return { total: [...total], groups: [...groups], lost: [...lost], overdue: [...overdue] };
  }

  protected override isEmpty(value: FunnelResult): boolean {
    return value.total.length === 0;
  }

  private stageLabel(stage: string): string {
    return codeLabel(this.language, stage);
  }

  /** A split key's name: a branch's own name, a channel's label. */
  private keyLabel(key: FilterValue, label: string | null): string {
    const text = keyText(key);
    return text !== null && label !== null && label !== text ? label : codeLabel(this.language, text, this.splitBy);
  }

  /** The rows of each split key, biggest first (by leads), as [key, label, rows]. */
  private panelsOf(value: FunnelResult): { key: string; label: string; rows: FunnelRow[] }[] {
    const byKey = new Map<string, FunnelRow[]>();
    for (const row of value.groups) {
      const key = keyText(row.key) ?? '';
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    return [...byKey.entries()]
      .map(([key, rows]) => ({ key, label: this.keyLabel(rows[0]!.key, rows[0]!.label), rows }))
      .sort((a, b) => (b.rows[0]?.count ?? 0) - (a.rows[0]?.count ?? 0) || a.key.localeCompare(b.key));
  }

  /** The accessible name of a stage (the figures the SDK computed, and what selecting does). */
  private markLabel(lang: Lang, row: FunnelRow, panel: string | null, selected: boolean): string {
    const conversions = row.step_conversion === null ? '' : ft(lang, 'mark_conversions', { step: formatPercent(lang, row.step_conversion), overall: formatPercent(lang, row.overall_conversion) });
    const text = ft(lang, 'mark', {
      stage: this.stageLabel(row.stage),
      count: formatCount(lang, row.count),
      amount: this.formatAmount(lang, row.amount),
      conversions,
      current: formatCount(lang, row.current),
    });
    return `${panel === null ? '' : `${panel} · `}${text}${this.countsTowards(lang, row, 'mark_counts_towards')}${selected ? `, ${t(lang, 'selected')}` : ''}${ft(lang, 'mark_select')}`;
  }

  /** A stage's tooltip: leads reached, amount, leads at the stage now, conversions, what counts towards the target. */
  private tooltipOf(lang: Lang, row: FunnelRow, panel: string | null): TooltipContent {
    const lines = [
      ft(lang, 'tip_reached', { count: formatCount(lang, row.count), amount: this.formatAmount(lang, row.amount) }),
      ft(lang, 'tip_current', { current: formatCount(lang, row.current) }),
    ];
    if (row.step_conversion !== null) lines.push(ft(lang, 'tip_conversion', { step: formatPercent(lang, row.step_conversion), overall: formatPercent(lang, row.overall_conversion) }));
    const counts = this.countsTowards(lang, row, 'counts_towards');
    if (counts) lines.push(counts);
    return { title: `${panel === null ? '' : `${panel} · `}${this.stageLabel(row.stage)}`, lines };
  }

  protected override summary(value: FunnelResult): string {
    const lang = this.language;
    const first = value.total[0];
    const last = value.total[value.total.length - 1];
    if (!first || !last) return '';
    let text = ft(lang, 'summary', {
      leads: formatCount(lang, first.count),
      disbursed: formatCount(lang, last.count),
      overall: formatPercent(lang, last.overall_conversion),
    });
    if (last.target_actual !== null) {
      text += ft(lang, 'summary_counts', { metric: this.metricName(lang), value: this.formatTarget(lang, last.target_actual), amount: this.formatAmount(lang, last.amount) });
    }
    const weakest = value.total
      .map((row, i) => ({ row, prev: value.total[i - 1] }))
      .filter((s) => s.prev && s.row.step_conversion !== null)
      .sort((a, b) => (a.row.step_conversion ?? 1) - (b.row.step_conversion ?? 1))[0];
    if (weakest?.prev) {
      text += ft(lang, 'summary_weakest', { from: this.stageLabel(weakest.prev.stage), to: this.stageLabel(weakest.row.stage), step: formatPercent(lang, weakest.row.step_conversion) });
    }
    const lost = value.lost.reduce((n, r) => n + r.count, 0);
    const top = value.lost[0];
    text += ft(lang, 'summary_lists', {
      overdue: formatCount(lang, value.overdue.reduce((n, r) => n + r.count, 0)),
      days: this.days,
      lost: formatCount(lang, lost),
      reason: top ? ft(lang, 'summary_reason', { reason: top.reason === null ? ft(lang, 'no_reason') : nameInText(top.reason) }) : '',
    });
    if (this.splitBy) text += ft(lang, 'summary_split', { by: t(lang, this.splitBy) });
    return (text + ft(lang, 'summary_select')).trim();
  }

  private lists(value: FunnelResult): FunnelList[] {
    const lang = this.language;
    const days = this.days;
    const overdueCount = value.overdue.reduce((n, r) => n + r.count, 0);
    const overdueAmount = value.overdue.reduce((n, r) => n + r.amount, 0);
    const overdue: FunnelList =
      value.overdue.length === 0
        ? { title: ft(lang, 'overdue_none', { days }), items: [] }
        : {
            title: ft(lang, 'overdue_title', { days }),
            valueText: ft(lang, 'overdue_total', { count: formatCount(lang, overdueCount), amount: this.formatAmount(lang, overdueAmount) }),
            items: value.overdue.slice(0, LIST_ITEMS).map((r) => ({
              label: this.keyLabel(r.key, r.label),
              valueText: ft(lang, 'overdue_item', { count: formatCount(lang, r.count), amount: this.formatAmount(lang, r.amount), idle: formatCount(lang, r.max_days) }),
            })),
            note: value.overdue.length > LIST_ITEMS ? moreText(lang, 'manager', value.overdue.length - LIST_ITEMS) : undefined,
          };
    const lostCount = value.lost.reduce((n, r) => n + r.count, 0);
    const lost: FunnelList =
      value.lost.length === 0
        ? { title: ft(lang, 'lost_none'), items: [] }
        : {
            title: ft(lang, 'lost_title'),
            valueText: ft(lang, 'lost_total', { count: formatCount(lang, lostCount) }),
            items: value.lost.slice(0, LIST_ITEMS).map((r) => ({
              label: r.reason ?? ft(lang, 'no_reason'),
              valueText: ft(lang, 'lost_item', { count: formatCount(lang, r.count), share: formatPercent(lang, r.share) }),
              share: r.share ?? 0,
            })),
            note: value.lost.length > LIST_ITEMS ? moreText(lang, 'reason', value.lost.length - LIST_ITEMS) : undefined,
          };
    return [overdue, lost];
  }

  protected override draw(svg: SVGSVGElement, value: FunnelResult): void {
    const lang = this.language;
    const selected = new Set(this.selectedValues().map(String));
    const rowsByStage = new Map<string, FunnelRow>();
    const stages = (rows: FunnelRow[], split: boolean) =>
      rows.map((row) => {
        rowsByStage.set(`${keyText(row.key) ?? ''}\u0000${row.stage}`, row);
        return {
          stage: row.stage,
          label: this.stageLabel(row.stage),
          count: row.count,
          valueText: split
            ? ft(lang, 'value_split', { count: formatCount(lang, row.count), overall: formatPercent(lang, row.overall_conversion) })
            : ft(lang, 'value', { count: formatCount(lang, row.count), amount: this.formatAmount(lang, row.amount), current: formatCount(lang, row.current) }),
          noteText: split ? undefined : this.countsTowards(lang, row, 'counts_towards') || undefined,
          conversionText:
            row.step_conversion === null ? null : ft(lang, 'conversion', { step: formatPercent(lang, row.step_conversion), overall: formatPercent(lang, row.overall_conversion) }),
          selected: selected.has(row.stage),
        };
      });
    const panels: FunnelPanel[] = this.splitBy
      ? this.panelsOf(value).map((p) => ({ key: p.key, label: p.label, stages: stages(p.rows, true) }))
      : [{ key: keyText(value.total[0]?.key ?? null) ?? 'all', label: null, stages: stages(value.total, false) }];
    renderFunnel(svg, panels, {
      width: Math.max(this.width - 26, 260),
      palette: this.palette(),
      lists: this.lists(value),
      ariaLabel: (d, panel) => this.markLabel(lang, rowsByStage.get(`${panel.key}\u0000${d.stage}`)!, panel.label, d.selected),
      tooltip: (d, panel) => this.tooltipOf(lang, rowsByStage.get(`${panel.key}\u0000${d.stage}`)!, panel.label),
      onSelect: this.db ? (stage) => this.toggleSelection(stage) : undefined,
      onDrill: (stage) => this.drill(stage),
    });
  }

  protected override tableData(value: FunnelResult): TableData<FunnelRow> {
    const lang = this.language;
    const split = this.splitBy;
    const rows = split ? [...value.total, ...this.panelsOf(value).flatMap((p) => p.rows)] : value.total;
    const columns: TableData<FunnelRow>['columns'] = [
      { label: t(lang, 'stage'), value: (r) => this.stageLabel(r.stage) },
      { label: ft(lang, 'reached'), value: (r) => r.count, format: (r) => formatCount(lang, r.count), numeric: true, kind: 'count' },
      { label: ft(lang, 'current'), value: (r) => r.current, format: (r) => formatCount(lang, r.current), numeric: true, kind: 'count' },
      { label: t(lang, 'amount'), value: (r) => r.amount, format: (r) => this.formatAmount(lang, r.amount), numeric: true, kind: 'amount' },
      { label: ft(lang, 'step'), value: (r) => r.step_conversion, format: (r) => formatPercent(lang, r.step_conversion), numeric: true, kind: 'ratio' },
      { label: ft(lang, 'overall'), value: (r) => r.overall_conversion, format: (r) => formatPercent(lang, r.overall_conversion), numeric: true, kind: 'ratio' },
      {
        label: ft(lang, 'counts_column', { metric: this.metricName(lang) }),
        value: (r) => r.target_actual,
        format: (r) => (r.target_actual === null ? '' : this.formatTarget(lang, r.target_actual)),
        numeric: true,
        kind: this.targetMetric === 'loan_amount' || this.targetMetric === 'installment_amount' ? 'amount' : 'count',
      },
    ];
    if (split) {
      columns.unshift({ label: t(lang, split), value: (r) => (value.total.includes(r) ? ft(lang, 'all') : this.keyLabel(r.key, r.label)) });
    }
    return { rows, columns };
  }
}

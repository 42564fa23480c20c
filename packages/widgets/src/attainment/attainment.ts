import type { AttainmentRow, CampaignRow, FilterValue, TargetMetric, TargetScope } from '@strata/sdk';
import { property } from 'lit/decorators.js';
import type { Readings } from '../base/coordinator.ts';
import { optional } from '../base/optional.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, t, untargetedNote, type Lang } from '../i18n.ts';
import { renderBullets, type BulletDatum } from '../renderers/bullet.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { nameInText } from '../renderers/text.ts';
import { at } from './strings.ts';

const METRICS: readonly TargetMetric[] = ['loan_amount', 'cards', 'installment_amount', 'new_customers'];

/** What `<strata-attainment>` shows: the SDK's rows, and the campaign when it has not started (for its start date). */
export interface AttainmentResult {
  rows: AttainmentRow[];
  campaign: CampaignRow | undefined;
}

/**
 * How the rows read: `ranked` (完成率 against pace, ranks, 后5名), `not_started` (every row says
 * so: no pace, ranks or flags) or `share` (a filter targets do not follow: no 完成率, the bar is
 * the share of each key's own actual the filter keeps).
 */
type Mode = 'ranked' | 'not_started' | 'share';

function modeOf(rows: readonly AttainmentRow[]): Mode {
  const first = rows[0];
  if (first?.period === 'not_started') return 'not_started';
  return first && first.untargeted.length > 0 ? 'share' : 'ranked';
}

/**
 * Campaign target attainment (完成率) per branch or relationship manager as a ranked bullet chart:
 * the bar is the actual, the tick the target, the dashed line the pace (序时进度, days elapsed /
 * days in the campaign, at the month end shown). Each row states its rank (— without one),
 * whether it is ahead of or behind pace (after the end: whether it met the target), and the
 * bottom five (后5名, only among rows with an attainment, more than five, never splitting a tie)
 * are banded and labelled ▼后5名. Before the campaign starts every row says 未开始 and the summary
 * says when it starts. Under a filter targets do not follow (a tier, a product …) there is no
 * 完成率: a note says so, each bar is the share of that row's actual the filter keeps, and the
 * rows keep the unfiltered ranking's order (the summary says so).
 * Selecting a row (click, Enter or Space) selects that branch or manager for every other view; a
 * second click or Escape clears it.
 *
 * @element strata-attainment
 * @fires strata-select - the user selected or cleared a branch or manager (field `branch` or `manager`)
 * @fires strata-drill - the user asked for the rows behind a branch or manager (double click, Shift+Enter)
 * @fires strata-error - the query failed
 * @csspart figure - the chart's frame
 * @csspart title - the caption
 * @csspart summary - the text summary
 * @csspart note - what the figures do not follow (targets under another filter)
 * @csspart chart - the SVG's container
 * @csspart table - the data table alternative
 * @csspart missing - the calm status shown when the metric needs the customer file and none is loaded
 * @cssprop --strata-accent - actual bars
 * @cssprop --strata-fg - target ticks
 * @cssprop --strata-warn - the pace line, "behind pace", and the note's edge
 * @cssprop --strata-good - "ahead of pace"
 * @cssprop --strata-danger - the bottom-five band and label
 * @cssprop --strata-select - the selected row's bar
 */
export class StrataAttainment extends StrataView<AttainmentResult> {
  /** Rank branches (`branch`, default) or relationship managers (`manager`). */
  @property() by: TargetScope = 'branch';

  /** The target metric: loan_amount (default), cards, installment_amount or new_customers. */
  @property() metric: TargetMetric = 'loan_amount';

  private get scope(): TargetScope {
    return this.by === 'manager' ? 'manager' : 'branch';
  }

  /**
   * Amount metrics print as 万/亿, the others as counts; every amount of the view (actuals and
   * targets, bars, tooltips, summary and table) in the unit of the largest (the task keeps it while re-querying).
   */
  private format(lang: Lang, value: number | null): string {
    if (this.metric !== 'loan_amount' && this.metric !== 'installment_amount') return formatCount(lang, value);
    // Nothing is nothing in any unit: 0元, not 0.00万.
    if (value === 0) return lang === 'en' ? '¥0' : '0元';
    const rows = this.data.value?.rows ?? [];
    // Targets are not shown beside a share of the actual: they do not set its unit.
    const share = modeOf(rows) === 'share';
    return amountFormat(lang, rows.flatMap((r) => (share ? [r.actual] : [r.actual, r.target]))).format(value);
  }

  protected override queryKey(): unknown[] {
    return [this.scope, this.metric];
  }

  protected override selectField(): TargetScope {
    return this.scope;
  }

  protected override heading(): string {
    const lang = this.language;
    const metric = METRICS.includes(this.metric) ? codeLabel(lang, this.metric) : String(this.metric);
    const rows = this.data.value?.rows ?? [];
    return at(lang, modeOf(rows) === 'share' ? 'title_actual' : 'title', { metric, by: t(lang, this.scope) });
  }

  protected override async query(readings: Readings, signal: AbortSignal): Promise<AttainmentResult> {
    const options = { campaign: this.effectiveCampaign, by: this.scope, metric: this.metric, asOf: this.effectiveAsOf, signal };
    // Everything the result may need is asked at once, so the view takes part in the click's one
    // plan only: the whole bank's ranking and the campaign are cached answers after the first click.
    const [filtered, ranked, campaign] = await Promise.all([
      readings.attainment({ ...options, exclude: this.sourceId }),
      readings.attainment({ ...options, unfiltered: true }),
      optional(readings.campaign({ campaign: this.effectiveCampaign, asOf: this.effectiveAsOf, signal })),
    ]);
    let rows = [...filtered];
    if (modeOf(rows) === 'share') {
      // A filter targets do not follow must not reorder the rows (the SDK gives them by key): they
      // keep the unfiltered ranking's order (the whole bank's; a branch filter keeps its relative order).
      const place = new Map(ranked.map((r, i) => [r.key, i]));
      rows = rows.map((row, i) => ({ row, order: place.get(row.key) ?? ranked.length + i })).sort((a, b) => a.order - b.order).map((r) => r.row);
    }
    return { rows, campaign: modeOf(rows) === 'not_started' ? campaign() : undefined };
  }

  protected override isEmpty(value: AttainmentResult): boolean {
    return value.rows.length === 0;
  }

  private name(row: AttainmentRow): string {
    return row.label ?? row.key;
  }

  /** A selected or drilled branch's or manager's name, from its row. */
  protected override valueLabel(value: FilterValue): string {
    const row = this.data.value?.rows.find((r) => r.key === value);
    return row ? this.name(row) : super.valueLabel(value);
  }

  private units(lang: Lang): string {
    return at(lang, this.scope === 'branch' ? 'units_branch' : 'units_manager');
  }

  /** A ranked row's status: ahead of or behind pace (after the end: met or missed), or no target. */
  private status(lang: Lang, row: AttainmentRow): string {
    if (row.period === 'not_started') return t(lang, 'not_started');
    if (row.attainment === null) return at(lang, 'no_target');
    if (row.ahead === null) return '';
    if (row.period === 'ended') return at(lang, row.ahead ? 'met' : 'missed');
    return at(lang, row.ahead ? 'ahead' : 'behind');
  }

  /** The accessible name of a row: the SDK's figures in words, as the row shows them. */
  private markLabel(lang: Lang, row: AttainmentRow, mode: Mode, selected: boolean): string {
    const actual = this.format(lang, row.actual);
    const target = this.format(lang, row.target);
    let text: string;
    if (mode === 'not_started') text = at(lang, 'mark_not_started', { name: this.name(row), actual, target });
    else if (mode === 'share') text = at(lang, 'mark_share', { name: this.name(row), actual, share: formatPercent(lang, row.actual_share) });
    else {
      text = `${row.rank === null ? '' : at(lang, 'mark_rank', { rank: formatCount(lang, row.rank) })}${at(lang, 'mark', {
        name: this.name(row),
        attainment: formatPercent(lang, row.attainment),
        actual,
        target,
        pace: formatPercent(lang, row.pace),
        status: this.status(lang, row),
      })}`;
    }
    return `${text}${row.bottom_five ? at(lang, 'mark_flag') : ''}${selected ? `, ${t(lang, 'selected')}` : ''}`;
  }

  /** A row's tooltip: the name, then its figures with their units, in the view's mode. */
  private tooltipOf(lang: Lang, row: AttainmentRow, mode: Mode): TooltipContent {
    const figures = at(lang, 'tip_figures', { actual: this.format(lang, row.actual), target: row.target === null ? at(lang, 'no_target') : this.format(lang, row.target) });
    if (mode === 'not_started') return { title: this.name(row), lines: [t(lang, 'not_started'), figures] };
    if (mode === 'share') {
      return { title: this.name(row), lines: [at(lang, 'tip_share', { actual: this.format(lang, row.actual), share: formatPercent(lang, row.actual_share) })] };
    }
    const lines = [at(lang, 'tip_attainment', { attainment: formatPercent(lang, row.attainment) }), figures];
    const status = this.status(lang, row);
    if (row.pace !== null) lines.push(status ? at(lang, 'tip_pace', { pace: formatPercent(lang, row.pace), status }) : `${t(lang, 'pace')} ${formatPercent(lang, row.pace)}`);
    if (row.rank !== null) lines.push(`${at(lang, 'tip_rank', { rank: formatCount(lang, row.rank) })}${row.bottom_five ? at(lang, 'mark_flag') : ''}`);
    return { title: this.name(row), lines };
  }

  protected override note(value: AttainmentResult): string | undefined {
    const first = value.rows[0];
    return first && modeOf(value.rows) === 'share' ? untargetedNote(this.language, first.untargeted) : undefined;
  }

  protected override summary(value: AttainmentResult): string {
    const lang = this.language;
    const rows = value.rows;
    const n = formatCount(lang, rows.length);
    switch (modeOf(rows)) {
      case 'not_started':
        return at(lang, 'summary_not_started', {
          campaign: value.campaign?.name ? nameInText(value.campaign.name) : at(lang, 'this_campaign'),
          start: value.campaign?.start_date ?? '—',
          n,
          units: this.units(lang),
        });
      case 'share': {
        const order = at(lang, 'summary_order');
        // Nothing counts under the filter: no row is "largest".
        if (rows.every((r) => r.actual === 0)) return at(lang, 'summary_share_none', { n, units: this.units(lang), zero: this.format(lang, 0) }) + order;
        const top = [...rows].sort((a, b) => (b.actual_share ?? -1) - (a.actual_share ?? -1))[0]!;
        return at(lang, 'summary_share', { n, units: this.units(lang), name: nameInText(this.name(top)), share: formatPercent(lang, top.actual_share), actual: this.format(lang, top.actual) }) + order;
      }
      default:
        return this.rankedSummary(rows);
    }
  }

  private rankedSummary(rows: AttainmentRow[]): string {
    const lang = this.language;
    const scored = rows.filter((r) => r.attainment !== null);
    const ahead = scored.filter((r) => r.ahead).length;
    const counts = { n: formatCount(lang, rows.length), units: this.units(lang), ahead: formatCount(lang, ahead), behind: formatCount(lang, scored.length - ahead) };
    let text = rows[0]?.period === 'ended' ? at(lang, 'summary_ended', counts) : at(lang, 'summary', { ...counts, pace: formatPercent(lang, rows[0]?.pace) });
    if (scored.length < rows.length) text += at(lang, 'summary_no_target', { n: formatCount(lang, rows.length - scored.length) });
    const top = scored[0];
    if (top) {
      text += at(lang, 'summary_top', { name: nameInText(this.name(top)), attainment: formatPercent(lang, top.attainment) });
      const bottom = rows.filter((r) => r.bottom_five);
      if (bottom.length > 0) text += at(lang, 'summary_bottom', { names: bottom.map((r) => nameInText(this.name(r))).join(at(lang, 'list_sep')) });
      else text += at(lang, scored.length > 5 ? 'summary_tied' : 'summary_few');
    }
    return text.trim();
  }

  /** A row as the bullet chart draws it, in the view's mode. */
  private datum(lang: Lang, row: AttainmentRow, mode: Mode, selected: boolean): BulletDatum {
    const common = { key: row.key, label: this.name(row), flagged: row.bottom_five, flagText: at(lang, 'bottom_five'), selected };
    const detail = row.target === null ? `${this.format(lang, row.actual)} / ${at(lang, 'no_target')}` : at(lang, 'detail', { actual: this.format(lang, row.actual), target: this.format(lang, row.target) });
    if (mode === 'not_started') {
      // The target's tick with an empty bar: nothing counts before the start.
      return { ...common, rankText: '', value: row.target === null ? null : 0, valueText: t(lang, 'not_started'), detailText: detail, statusText: '', ahead: null };
    }
    if (mode === 'share') {
      return {
        ...common,
        rankText: '',
        value: row.actual_share,
        valueText: formatPercent(lang, row.actual_share),
        detailText: at(lang, 'detail_actual', { actual: this.format(lang, row.actual) }),
        // What the ratio is, the legend says once.
        statusText: '',
        ahead: null,
      };
    }
    return {
      ...common,
      rankText: formatCount(lang, row.rank),
      value: row.attainment,
      valueText: formatPercent(lang, row.attainment),
      detailText: detail,
      statusText: this.status(lang, row),
      ahead: row.attainment === null ? null : row.ahead,
    };
  }

  protected override draw(svg: SVGSVGElement, value: AttainmentResult): void {
    const lang = this.language;
    const mode = modeOf(value.rows);
    const selected = new Set(this.selectedValues().map(String));
    const byKey = new Map(value.rows.map((row) => [row.key, row]));
    const pace = mode === 'ranked' ? (value.rows[0]?.pace ?? null) : null;
    renderBullets(
      svg,
      value.rows.map((row) => this.datum(lang, row, mode, selected.has(row.key))),
      {
        width: Math.max(this.width - 26, 260),
        palette: this.palette(),
        pace: pace === null ? null : { value: pace, label: `${t(lang, 'pace')} ${formatPercent(lang, pace)}` },
        legend: mode === 'share' ? { actual: t(lang, 'actual_share') } : { actual: t(lang, 'actual'), target: t(lang, 'target') },
        tickFormat: (v) => `${Math.round(v * 100)}%`,
        ariaLabel: (d) => this.markLabel(lang, byKey.get(d.key)!, mode, d.selected),
        tooltip: (d) => this.tooltipOf(lang, byKey.get(d.key)!, mode),
        onSelect: this.db ? (key) => this.toggleSelection(key) : undefined,
        onDrill: (key) => this.drill(key),
      },
    );
  }

  protected override tableData(value: AttainmentResult): TableData<AttainmentRow> {
    const lang = this.language;
    const mode = modeOf(value.rows);
    const name = { label: t(lang, this.scope), value: (r: AttainmentRow) => this.name(r), code: (r: AttainmentRow) => r.key };
    const amountKind = this.metric === 'loan_amount' || this.metric === 'installment_amount' ? ('amount' as const) : ('count' as const);
    const actual = { label: t(lang, 'actual'), value: (r: AttainmentRow) => r.actual, format: (r: AttainmentRow) => this.format(lang, r.actual), numeric: true, kind: amountKind };
    const target = { label: t(lang, 'target'), value: (r: AttainmentRow) => r.target, format: (r: AttainmentRow) => this.format(lang, r.target), numeric: true, kind: amountKind };
    const status = { label: at(lang, 'status'), value: (r: AttainmentRow) => this.status(lang, r) };
    if (mode === 'share') {
      return {
        rows: value.rows,
        columns: [name, actual, { label: t(lang, 'actual_share'), value: (r) => r.actual_share, format: (r) => formatPercent(lang, r.actual_share), numeric: true, kind: 'ratio' }],
      };
    }
    if (mode === 'not_started') return { rows: value.rows, columns: [name, actual, target, status] };
    return {
      rows: value.rows,
      columns: [
        { label: at(lang, 'rank'), value: (r) => r.rank, format: (r) => formatCount(lang, r.rank), numeric: true, kind: 'count' },
        name,
        actual,
        target,
        { label: t(lang, 'attainment'), value: (r) => r.attainment, format: (r) => formatPercent(lang, r.attainment), numeric: true, kind: 'ratio' },
        { label: t(lang, 'pace'), value: (r) => r.pace, format: (r) => formatPercent(lang, r.pace), numeric: true, kind: 'ratio' },
        status,
        { label: at(lang, 'bottom_five'), value: (r) => at(lang, r.bottom_five ? 'yes' : 'no') },
      ],
    };
  }
}

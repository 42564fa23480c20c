import type { KpiName, KpiRow } from '@strata/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { styleProps } from '../base/style-props.ts';
import type { Readings } from '../base/coordinator.ts';
import { optional } from '../base/optional.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { fieldList, formatCount, formatPercent, formatPointChange, t, untargetedNote, type Lang } from '../i18n.ts';
import { kt } from './labels.ts';
import { campaignMode, CUSTOMER_FIGURES, direction, figureAmounts, FLAT, KIND_OF, stripLargest, type Direction, type Kind, type KpiResult } from './figures.ts';
import { tileTooltip } from './tile-tip.ts';

/** The tiles, in order: how each figure is formatted and whether a rise is bad news. */
const TILES: readonly { metric: KpiName; kind: Kind; riseIsBad: boolean }[] = [
  { metric: 'loans', kind: 'count', riseIsBad: false },
  { metric: 'balance', kind: 'amount', riseIsBad: false },
  { metric: 'npl_ratio', kind: 'ratio', riseIsBad: true },
  { metric: 'special_mention_ratio', kind: 'ratio', riseIsBad: true },
  { metric: 'customers', kind: 'count', riseIsBad: false },
  { metric: 'deposits', kind: 'amount', riseIsBad: false },
  { metric: 'attainment', kind: 'ratio', riseIsBad: false },
];

/** A figure of `row` (this month's or last month's); amounts in the strip's unit (`strip`: its largest amount), or the tile's own where much smaller. */
function formatValue(lang: Lang, kind: Kind, value: number | null | undefined, row: KpiRow | undefined, strip: number): string {
  return kind === 'count' ? formatCount(lang, value) : kind === 'amount' ? figureAmounts(lang, row, strip)(value) : formatPercent(lang, value);
}

/** The change of `row` with its sign: percentage points for ratios, its figure's unit for amounts. */
export function formatChange(lang: Lang, kind: Kind, row: KpiRow | undefined, strip: number): string {
  const change = row?.change ?? null;
  if (change === null || !Number.isFinite(change)) return '—';
  if (kind === 'ratio') return formatPointChange(lang, Math.abs(change) < FLAT.ratio ? 0 : change);
  if (Math.abs(change) < FLAT[kind]) return formatValue(lang, kind, 0, row, strip);
  return `${change > 0 ? '+' : '-'}${formatValue(lang, kind, Math.abs(change), row, strip)}`;
}

const ARROW: Record<Direction, string> = { up: '▲', down: '▼', flat: '▬', none: '' };

/**
 * The dashboard's headline figures as tiles: loans, loan balance, NPL and special-mention
 * ratios, customers, deposits and campaign attainment against pace, each with its change from
 * the previous month end (an arrow, its text equivalent and a colour: a rise in NPL or special
 * mention is bad news, a rise elsewhere good news). Tiles are not selectable; the figures follow
 * every other view's selection. The CSV export holds the figures behind the tiles. Each figure is
 * a tab stop (named by its tile's term and figure) with a tooltip, on hover and on keyboard focus:
 * the figure in full with its unit, last month's and the change, and what the figure covers. Each
 * tile reads in its own unit (400.00万 beside 25.75亿), its change in its figure's unit.
 *
 * The attainment tile follows the campaign's period and the filters: before the start it says
 * 未开始 and when the campaign starts; under a filter targets do not follow (a tier, a product …)
 * it shows the campaign's actual in 万/亿 with its share of the actual without that filter, and
 * says why, instead of a ratio. Customers and deposits show — when no customer file is loaded.
 *
 * @element strata-kpis
 * @fires strata-error - the query failed
 * @csspart figure - the frame
 * @csspart title - the caption
 * @csspart toolbar - the export button
 * @csspart summary - the text summary
 * @csspart tiles - the list of tiles (a description list)
 * @csspart tile - one figure's tile
 * @csspart value - a tile's figure (focusable: it shows the tile's tooltip)
 * @csspart tooltip - the tooltip of the tile under the pointer or in focus
 * @csspart change - a tile's change from the previous month end
 * @csspart pace - the attainment tile's pace line (ahead or behind; the start date; the share of the unfiltered actual)
 * @csspart note - a tile's note (targets that do not follow a filter, no customer file)
 * @csspart skeleton - the loading placeholder
 * @csspart empty - the empty state
 * @csspart error - the error state with its retry button
 * @csspart missing - the calm status shown when the metric needs the customer file and none is loaded
 * @cssprop --strata-good - a change for the better, and attainment ahead of pace
 * @cssprop --strata-danger - a change for the worse, and attainment behind pace
 * @cssprop --strata-muted - labels and unchanged figures
 * @cssprop --strata-border - tile borders
 * @cssprop --strata-accent - the attainment meter
 * @cssprop --strata-fg - text colour
 * @cssprop --strata-font - font family
 */
export class StrataKpis extends StrataView<KpiResult> {
  static override styles = [
    ...StrataView.styles,
    css`
      /* Seven tiles, attainment two wide: eight units, so 1, 2, 4 or 8 columns fill every row (no
         tile left alone on a row). The strip is the container: tiles size their figures by it. */
      .strip {
        container-type: inline-size;
      }
      .tiles {
        --cols: 1;
        display: grid;
        grid-template-columns: repeat(var(--cols), minmax(0, 1fr));
        gap: 8px;
        margin: 0;
        padding: 0;
      }
      @container (min-width: 240px) {
        .tiles {
          --cols: 2;
        }
        .tile.wide {
          grid-column: span 2;
        }
      }
      @container (min-width: 600px) {
        .tiles {
          --cols: 4;
        }
      }
      @container (min-width: 1080px) {
        .tiles {
          --cols: 8;
        }
      }
      .tile {
        display: flex;
        flex-direction: column;
        gap: 2px;
        min-width: 0;
        padding: 8px 10px;
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) - 2px);
        overflow-wrap: anywhere;
      }
      dt {
        color: var(--_muted);
        font-size: 12px;
      }
      dd {
        margin: 0;
      }
      /* The figure takes the focus for its tile: the ring goes round the tile. */
      .value:focus-visible {
        outline: none;
      }
      .tile:has(.value:focus-visible) {
        outline: 2px solid var(--_accent);
        outline-offset: 2px;
      }
      /* A figure is one line (never 5579.57 / 万): sized to a one-column tile's width, 22px at most. */
      .value {
        font-size: clamp(13px, calc((100cqi - (var(--cols) - 1) * 8px) / var(--cols) * 0.13), 22px);
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        line-height: 1.25;
        white-space: nowrap;
        overflow-wrap: normal;
      }
      .change,
      .pace {
        font-size: 12px;
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        column-gap: 4px;
      }
      .versus,
      .missing {
        color: var(--_muted);
      }
      .missing {
        font-size: 12px;
      }
      .tile .note {
        font-size: 12px;
        padding: 2px 6px;
        margin-top: 2px;
      }
      .good {
        color: var(--_good);
      }
      .bad {
        color: var(--_danger);
      }
      .neutral {
        color: var(--_muted);
      }
      .arrow {
        font-size: 10px;
      }
      .meter {
        position: relative;
        display: block;
        flex: 1 0 100%;
        height: 6px;
        margin-top: 4px;
        border-radius: 3px;
        background: var(--_border);
      }
      .meter .fill {
        position: absolute;
        inset: 0 auto 0 0;
        border-radius: 3px;
        background: var(--_accent);
      }
      .meter .marker {
        position: absolute;
        top: -3px;
        bottom: -3px;
        width: 2px;
        margin-left: -1px;
        background: var(--_fg);
      }
    `,
  ];

  /** The figures the tiles show: their tooltips say them in full. */
  private shown?: KpiResult;

  constructor() {
    super();
    this.tooltip.describe((tile) => this.shown && tileTooltip(this.language, (tile as HTMLElement).dataset.metric as KpiName, this.shown));
  }

  protected override heading(): string {
    return kt(this.language, 'heading');
  }

  protected override async query(readings: Readings, signal: AbortSignal): Promise<KpiResult> {
    // The campaign is asked with the figures (a cached answer after the first click), so the view
    // takes part in the click's one plan only.
    const [rows, campaign] = await Promise.all([
      readings.kpis({ asOf: this.effectiveAsOf, campaign: this.effectiveCampaign, exclude: this.sourceId, signal }),
      optional(readings.campaign({ campaign: this.effectiveCampaign, asOf: this.effectiveAsOf, signal })),
    ]);
    return { rows: [...rows], campaign: campaignMode(rows) === 'not_started' ? campaign() : undefined };
  }

  /** Nothing matches: no loans and no customers under the current filters. */
  protected override isEmpty(value: KpiResult): boolean {
    const figure = (metric: KpiName) => value.rows.find((r) => r.metric === metric)?.value ?? 0;
    return value.rows.length === 0 || (figure('loans') === 0 && figure('customers') === 0);
  }

  protected override summary(value: KpiResult): string {
    const lang = this.language;
    const row = (metric: KpiName) => value.rows.find((r) => r.metric === metric);
    const strip = stripLargest(value.rows);
    const parts: string[] = [];
    const balance = row('balance');
    if (balance?.value != null) {
      parts.push(kt(lang, 'summary_balance', { value: formatValue(lang, 'amount', balance.value, balance, strip), change: formatChange(lang, 'amount', balance, strip) }));
    }
    const npl = row('npl_ratio');
    if (npl?.value != null) parts.push(kt(lang, 'summary_npl', { value: formatPercent(lang, npl.value), change: formatChange(lang, 'ratio', npl, strip) }));
    const campaign = this.campaignSummary(value);
    if (campaign) parts.push(campaign);
    const asOf = value.rows[0]?.as_of;
    return `${asOf ? kt(lang, 'summary_as_of', { date: asOf }) : ''}${parts.join(kt(lang, 'separator'))}${kt(lang, 'end')}`;
  }

  /** The campaign's part of the summary, as the attainment tile reads. */
  private campaignSummary(value: KpiResult): string | undefined {
    const lang = this.language;
    const row = (metric: KpiName) => value.rows.find((r) => r.metric === metric);
    switch (campaignMode(value.rows)) {
      case 'not_started':
        return kt(lang, 'summary_not_started', { date: value.campaign?.start_date ?? '—' });
      case 'share': {
        const untargeted = row('attainment')?.untargeted ?? [];
        return kt(lang, 'summary_share', {
          value: formatValue(lang, 'amount', row('actual')?.value, row('actual'), stripLargest(value.rows)),
          share: formatPercent(lang, row('actual_share')?.value),
          fields: fieldList(lang, untargeted),
          filter: t(lang, untargeted.length > 1 ? 'filter_many' : 'filter_one'),
        });
      }
      default: {
        const attainment = row('attainment')?.value;
        const pace = row('pace')?.value;
        if (attainment == null || pace == null) return undefined;
        return kt(lang, 'summary_attainment', { value: formatPercent(lang, attainment), pace: formatPercent(lang, pace), ahead: this.verdict(lang, value.rows, attainment >= pace) });
      }
    }
  }

  /** Ahead of or behind pace; after the campaign's end, whether the target was met. */
  private verdict(lang: Lang, rows: readonly KpiRow[], ahead: boolean): string {
    const ended = rows.find((r) => r.metric === 'attainment')?.period === 'ended';
    return kt(lang, ended ? (ahead ? 'met' : 'missed') : ahead ? 'ahead' : 'behind');
  }

  /** Tiles draw no SVG. */
  protected override draw(): void {}

  protected override renderContent(value: KpiResult): TemplateResult {
    const lang = this.language;
    const byMetric = new Map(value.rows.map((r) => [r.metric, r]));
    const strip = stripLargest(value.rows);
    this.shown = value;
    return html`<div class="strip"><dl class="tiles" part="tiles">
      ${TILES.map(({ metric, kind, riseIsBad }) => {
        if (metric === 'attainment') return this.renderCampaign(lang, value, byMetric);
        const row = byMetric.get(metric);
        const missing = CUSTOMER_FIGURES.has(metric) && row !== undefined && row.value === null;
        return html`<div class="tile" part="tile" data-metric=${metric} data-tip>
          ${this.termAndValue(metric, t(lang, metric), formatValue(lang, kind, row?.value, row, strip))}
          ${missing ? html`<dd class="missing" part="note">${t(lang, 'no_customer_file')}</dd>` : this.renderChange(lang, kind, riseIsBad, row, strip)}
        </div>`;
      })}
    </dl></div>`;
  }

  /** A tile's term and figure: the figure is a tab stop named by both, and shows the tile's tooltip. */
  private termAndValue(metric: string, term: string, value: string): TemplateResult {
    return html`<dt id="term-${metric}">${term}</dt>
      <dd class="value" part="value" id="value-${metric}" tabindex="0" aria-labelledby="term-${metric} value-${metric}">${value}</dd>`;
  }

  private renderChange(lang: Lang, kind: Kind, riseIsBad: boolean, row: KpiRow | undefined, strip: number): TemplateResult {
    const dir = direction(kind, row?.change ?? null);
    if (dir === 'none') {
      // Deposits come from the customer file, one snapshot: say so rather than "no previous month", whichever month end is chosen.
      const words = row?.metric === 'deposits' ? kt(lang, 'deposits_snapshot') : kt(lang, 'no_previous');
      return html`<dd class="change neutral" part="change" data-direction="none"><span class="versus">${words}</span></dd>`;
    }
    const tone = dir === 'flat' ? 'neutral' : (dir === 'up') !== riseIsBad ? 'good' : 'bad';
    return html`<dd class="change ${tone}" part="change" data-direction=${dir}>
      <span class="arrow" aria-hidden="true">${ARROW[dir]}</span><span class="visually-hidden">${kt(lang, dir)}</span>
      <span class="delta">${formatChange(lang, kind, row, strip)}</span>
      <span class="versus">${t(lang, 'change')}</span>
    </dd>`;
  }

  /** The campaign's tile: 完成率 against pace, or 未开始 and the start, or the actual and its share with the note. */
  private renderCampaign(lang: Lang, value: KpiResult, byMetric: Map<KpiName, KpiRow>): TemplateResult {
    const strip = stripLargest(value.rows);
    const attainment = byMetric.get('attainment');
    switch (campaignMode(value.rows)) {
      case 'not_started':
        return html`<div class="tile wide" part="tile" data-metric="attainment" data-period="not_started" data-tip>
          ${this.termAndValue('attainment', t(lang, 'attainment'), t(lang, 'not_started'))}
          <dd class="pace neutral" part="pace"><span class="versus">${kt(lang, 'starts', { date: value.campaign?.start_date ?? '—' })}</span></dd>
        </div>`;
      case 'share': {
        const actual = byMetric.get('actual');
        return html`<div class="tile wide" part="tile" data-metric="attainment" data-untargeted=${attainment?.untargeted.join(' ') ?? ''} data-tip>
          ${this.termAndValue('attainment', kt(lang, 'actual_tile'), formatValue(lang, 'amount', actual?.value, actual, strip))}
          <dd class="pace neutral" part="pace"><span class="versus">${t(lang, 'actual_share')} ${formatPercent(lang, byMetric.get('actual_share')?.value)}</span></dd>
          <dd class="note" part="note">${untargetedNote(lang, attainment?.untargeted ?? [])}</dd>
          ${this.renderChange(lang, 'amount', false, actual, strip)}
        </div>`;
      }
      default:
        return html`<div class="tile wide" part="tile" data-metric="attainment" data-tip>
          ${this.termAndValue('attainment', t(lang, 'attainment'), formatPercent(lang, attainment?.value))}
          ${this.renderPace(lang, value.rows, attainment, byMetric.get('pace'))}
          ${this.renderChange(lang, 'ratio', false, attainment, strip)}
        </div>`;
    }
  }

  /** Attainment against pace (序时进度): the pace, ahead or behind, and a meter with a pace mark. */
  private renderPace(lang: Lang, rows: readonly KpiRow[], attainment: KpiRow | undefined, pace: KpiRow | undefined): TemplateResult {
    const a = attainment?.value ?? null;
    const p = pace?.value ?? null;
    const ahead = a !== null && p !== null ? a >= p : null;
    const clamp = (v: number) => `${Math.round(Math.min(1, Math.max(0, v)) * 1000) / 10}%`;
    return html`<dd class="pace ${ahead === null ? 'neutral' : ahead ? 'good' : 'bad'}" part="pace" data-ahead=${ahead === null ? 'unknown' : String(ahead)}>
      <span class="versus">${t(lang, 'pace')} ${formatPercent(lang, p)}</span>
      ${ahead === null ? nothing : html`<span class="verdict">${this.verdict(lang, rows, ahead)}</span>`}
      ${a !== null && p !== null
        ? html`<span class="meter" aria-hidden="true"
            ><span class="fill" style=${styleProps({ width: clamp(a) })}></span><span class="marker" style=${styleProps({ left: clamp(p) })}></span
          ></span>`
        : nothing}
    </dd>`;
  }

  /** A row's name in the table: the campaign's actual and target say whose they are. */
  private metricLabel(lang: Lang, metric: KpiName): string {
    return metric === 'actual' ? kt(lang, 'actual_tile') : metric === 'target' ? kt(lang, 'target_row') : t(lang, metric);
  }

  /** What a row's figure does not say by itself: not started, targets that do not follow a filter, no customer file. */
  private rowNote(lang: Lang, row: KpiRow): string {
    if (CUSTOMER_FIGURES.has(row.metric) && row.value === null) return t(lang, 'no_customer_file');
    if (row.period === 'not_started') return t(lang, 'not_started');
    if (row.untargeted.length > 0 && (row.metric === 'attainment' || row.metric === 'actual_share')) return untargetedNote(lang, row.untargeted);
    return '';
  }

  protected override tableData(value: KpiResult): TableData<KpiRow> {
    const lang = this.language;
    const kind = (r: KpiRow) => KIND_OF[r.metric] ?? 'count';
    const rows = value.rows;
    const strip = stripLargest(rows);
    return {
      rows,
      columns: [
        { label: kt(lang, 'metric'), value: (r) => this.metricLabel(lang, r.metric) },
        { label: `${kt(lang, 'value')} (${rows[0]?.as_of ?? ''})`, value: (r) => r.value, format: (r) => formatValue(lang, kind(r), r.value, r, strip), numeric: true, kind },
        { label: `${kt(lang, 'previous')} (${rows[0]?.previous_as_of ?? ''})`, value: (r) => r.previous, format: (r) => formatValue(lang, kind(r), r.previous, r, strip), numeric: true, kind },
        { label: t(lang, 'change'), value: (r) => r.change, format: (r) => formatChange(lang, kind(r), r, strip), numeric: true, kind },
        { label: kt(lang, 'note'), value: (r) => this.rowNote(lang, r) },
      ],
    };
  }
}

import type { KpiName, KpiRow, Strata } from '@strata/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { styleProps } from '../base/style-props.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { baseStyles } from '../base/styles.ts';
import { formatAmount, formatCount, formatPercent, formatPointChange, t, type Lang } from '../i18n.ts';
import { kt } from './labels.ts';

type Kind = 'count' | 'amount' | 'ratio';

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

const KIND_OF: Record<KpiName, Kind> = {
  loans: 'count',
  balance: 'amount',
  npl_ratio: 'ratio',
  special_mention_ratio: 'ratio',
  customers: 'count',
  deposits: 'amount',
  attainment: 'ratio',
  pace: 'ratio',
};

/** Below these a change is no change (float noise in ratios, fractions of a yuan). */
const FLAT: Record<Kind, number> = { count: 0.5, amount: 0.5, ratio: 5e-7 };

export type Direction = 'up' | 'down' | 'flat' | 'none';

export function direction(kind: Kind, change: number | null): Direction {
  if (change === null || !Number.isFinite(change)) return 'none';
  if (Math.abs(change) < FLAT[kind]) return 'flat';
  return change > 0 ? 'up' : 'down';
}

function formatValue(lang: Lang, kind: Kind, value: number | null): string {
  return kind === 'count' ? formatCount(lang, value) : kind === 'amount' ? formatAmount(lang, value) : formatPercent(lang, value);
}

/** A change with its sign: percentage points for ratios, 万/亿 for amounts. */
export function formatChange(lang: Lang, kind: Kind, change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  if (kind === 'ratio') return formatPointChange(lang, Math.abs(change) < FLAT.ratio ? 0 : change);
  if (Math.abs(change) < FLAT[kind]) return kind === 'count' ? formatCount(lang, 0) : formatAmount(lang, 0);
  const sign = change > 0 ? '+' : '-';
  return `${sign}${kind === 'count' ? formatCount(lang, Math.abs(change)) : formatAmount(lang, Math.abs(change))}`;
}

const ARROW: Record<Direction, string> = { up: '▲', down: '▼', flat: '▬', none: '' };

/**
 * The dashboard's headline figures as tiles: loans, loan balance, NPL and special-mention
 * ratios, customers, deposits and campaign attainment against pace, each with its change from
 * the previous month end (an arrow, its text equivalent and a colour: a rise in NPL or special
 * mention is bad news, a rise elsewhere good news). Tiles are not selectable; the figures follow
 * every other view's selection. The CSV export holds the figures behind the tiles.
 *
 * @element strata-kpis
 * @fires strata-error - the query failed
 * @csspart figure - the frame
 * @csspart title - the caption
 * @csspart toolbar - the export button
 * @csspart summary - the text summary
 * @csspart tiles - the list of tiles (a description list)
 * @csspart tile - one figure's tile
 * @csspart value - a tile's figure
 * @csspart change - a tile's change from the previous month end
 * @csspart pace - the attainment tile's pace line (ahead or behind)
 * @csspart skeleton - the loading placeholder
 * @csspart empty - the empty state
 * @csspart error - the error state with its retry button
 * @cssprop --strata-good - a change for the better, and attainment ahead of pace
 * @cssprop --strata-danger - a change for the worse, and attainment behind pace
 * @cssprop --strata-muted - labels and unchanged figures
 * @cssprop --strata-border - tile borders
 * @cssprop --strata-accent - the attainment meter
 * @cssprop --strata-fg - text colour
 * @cssprop --strata-font - font family
 */
export class StrataKpis extends StrataView<KpiRow[]> {
  static override styles = [
    baseStyles,
    css`
      .tiles {
        container-type: inline-size;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 136px), 1fr));
        gap: 8px;
        margin: 0;
        padding: 0;
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
      /* Attainment takes two columns wherever there are two: eight units fill rows of 2, 4 and 8. */
      @container (min-width: 280px) {
        .tile.wide {
          grid-column: span 2;
        }
      }
      dt {
        color: var(--_muted);
        font-size: 12px;
      }
      dd {
        margin: 0;
      }
      .value {
        font-size: 22px;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        line-height: 1.25;
      }
      .change,
      .pace {
        font-size: 12px;
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        column-gap: 4px;
      }
      .versus {
        color: var(--_muted);
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

  protected override heading(): string {
    return kt(this.language, 'heading');
  }

  protected override async query(strata: Strata, signal: AbortSignal): Promise<KpiRow[]> {
    const rows = await strata.kpis({ asOf: this.effectiveAsOf, campaign: this.effectiveCampaign, exclude: this.sourceId, signal });
    return [...rows];
  }

  /** Nothing matches: no loans and no customers under the current filters. */
  protected override isEmpty(value: KpiRow[]): boolean {
    const figure = (metric: KpiName) => value.find((r) => r.metric === metric)?.value ?? 0;
    return value.length === 0 || (figure('loans') === 0 && figure('customers') === 0);
  }

  protected override summary(value: KpiRow[]): string {
    const lang = this.language;
    const row = (metric: KpiName) => value.find((r) => r.metric === metric);
    const parts: string[] = [];
    const balance = row('balance');
    if (balance?.value != null) {
      parts.push(kt(lang, 'summary_balance', { value: formatAmount(lang, balance.value), change: formatChange(lang, 'amount', balance.change) }));
    }
    const npl = row('npl_ratio');
    if (npl?.value != null) parts.push(kt(lang, 'summary_npl', { value: formatPercent(lang, npl.value), change: formatChange(lang, 'ratio', npl.change) }));
    const attainment = row('attainment');
    const pace = row('pace');
    if (attainment?.value != null && pace?.value != null) {
      parts.push(
        kt(lang, 'summary_attainment', {
          value: formatPercent(lang, attainment.value),
          pace: formatPercent(lang, pace.value),
          ahead: kt(lang, attainment.value >= pace.value ? 'ahead' : 'behind'),
        }),
      );
    }
    const asOf = value[0]?.as_of;
    return `${asOf ? kt(lang, 'summary_as_of', { date: asOf }) : ''}${parts.join(kt(lang, 'separator'))}${kt(lang, 'end')}`;
  }

  /** Tiles draw no SVG. */
  protected override draw(): void {}

  protected override renderContent(value: KpiRow[]): TemplateResult {
    const lang = this.language;
    const byMetric = new Map(value.map((r) => [r.metric, r]));
    return html`<dl class="tiles" part="tiles">
      ${TILES.map(({ metric, kind, riseIsBad }) => {
        const row = byMetric.get(metric);
        return html`<div class="tile ${metric === 'attainment' ? 'wide' : ''}" part="tile" data-metric=${metric}>
          <dt>${t(lang, metric)}</dt>
          <dd class="value" part="value">${formatValue(lang, kind, row?.value ?? null)}</dd>
          ${metric === 'attainment' ? this.renderPace(lang, row, byMetric.get('pace')) : nothing}
          ${this.renderChange(lang, kind, riseIsBad, row)}
        </div>`;
      })}
    </dl>`;
  }

  private renderChange(lang: Lang, kind: Kind, riseIsBad: boolean, row: KpiRow | undefined): TemplateResult {
    const dir = direction(kind, row?.change ?? null);
    if (dir === 'none') {
      return html`<dd class="change neutral" part="change" data-direction="none"><span class="versus">${kt(lang, 'no_previous')}</span></dd>`;
    }
    const tone = dir === 'flat' ? 'neutral' : (dir === 'up') !== riseIsBad ? 'good' : 'bad';
    return html`<dd class="change ${tone}" part="change" data-direction=${dir}>
      <span class="arrow" aria-hidden="true">${ARROW[dir]}</span><span class="visually-hidden">${kt(lang, dir)}</span>
      <span class="delta">${formatChange(lang, kind, row?.change ?? null)}</span>
      <span class="versus">${t(lang, 'change')}</span>
    </dd>`;
  }

  /** Attainment against pace (序时进度): the pace, ahead or behind, and a meter with a pace mark. */
  private renderPace(lang: Lang, attainment: KpiRow | undefined, pace: KpiRow | undefined): TemplateResult {
    const a = attainment?.value ?? null;
    const p = pace?.value ?? null;
    const ahead = a !== null && p !== null ? a >= p : null;
    const clamp = (v: number) => `${Math.round(Math.min(1, Math.max(0, v)) * 1000) / 10}%`;
    return html`<dd class="pace ${ahead === null ? 'neutral' : ahead ? 'good' : 'bad'}" part="pace" data-ahead=${ahead === null ? 'unknown' : String(ahead)}>
      <span class="versus">${t(lang, 'pace')} ${formatPercent(lang, p)}</span>
      ${ahead === null ? nothing : html`<span class="verdict">${kt(lang, ahead ? 'ahead' : 'behind')}</span>`}
      ${a !== null && p !== null
        ? html`<span class="meter" aria-hidden="true"
            ><span class="fill" style=${styleProps({ width: clamp(a) })}></span><span class="marker" style=${styleProps({ left: clamp(p) })}></span
          ></span>`
        : nothing}
    </dd>`;
  }

  protected override tableData(value: KpiRow[]): TableData<KpiRow> {
    const lang = this.language;
    const kind = (r: KpiRow) => KIND_OF[r.metric] ?? 'count';
    return {
      rows: value,
      columns: [
        { label: kt(lang, 'metric'), value: (r) => t(lang, r.metric) },
        { label: `${kt(lang, 'value')} (${value[0]?.as_of ?? ''})`, value: (r) => r.value, format: (r) => formatValue(lang, kind(r), r.value), numeric: true },
        { label: `${kt(lang, 'previous')} (${value[0]?.previous_as_of ?? ''})`, value: (r) => r.previous, format: (r) => formatValue(lang, kind(r), r.previous), numeric: true },
        { label: t(lang, 'change'), value: (r) => r.change, format: (r) => formatChange(lang, kind(r), r.change), numeric: true },
      ],
    };
  }
}

import type { KpiName, KpiRow } from '@strata/sdk';
import { formatPointChange, t, untargetedNote, type Lang } from '../i18n.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { campaignMode, CUSTOMER_FIGURES, direction, KIND_OF, type Kind, type KpiResult } from './figures.ts';
import { kt, type KpiTextKey } from './labels.ts';

/** What a tile's tooltip says beside the figure of `row`. */
interface Tip {
  metric: KpiName;
  row: KpiRow | undefined;
  /** The tile's name, when it is not the metric's (the campaign's actual). */
  title?: string;
  /** Lines after the figure: the campaign's actual and target, pace, share. */
  extra?: readonly string[];
  /** Said instead of a figure: no customer file, not started. */
  instead?: string;
}

/** Every yuan to the fen (the tile rounds to its 万 or 亿), every count with its unit, a ratio to 0.01 %. */
function inFull(lang: Lang, metric: KpiName, value: number): string {
  const kind = KIND_OF[metric];
  if (kind === 'ratio') return new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  if (kind === 'amount') {
    const n = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(value));
    return `${value < 0 ? '-' : ''}${kt(lang, 'yuan', { n })}`;
  }
  const one = Math.abs(value) === 1;
  const key: KpiTextKey = metric === 'customers' ? (one ? 'n_customer' : 'n_customers') : one ? 'n_loan' : 'n_loans';
  return kt(lang, key, { n: new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value) });
}

/** The change as the tile reads it (no change below its noise), written out whole. */
function changeInFull(lang: Lang, metric: KpiName, change: number): string {
  const kind: Kind = KIND_OF[metric];
  if (direction(kind, change) === 'flat') return kt(lang, 'flat');
  if (kind === 'ratio') return formatPointChange(lang, change);
  return `${change > 0 ? '+' : ''}${inFull(lang, metric, change)}`;
}

function tip(lang: Lang, { metric, row, title, extra = [], instead }: Tip): TooltipContent {
  const lines: string[] = [];
  if (instead !== undefined) lines.push(instead);
  else if (row?.value != null) lines.push(kt(lang, 'tip_this', { date: row.as_of ?? '', value: inFull(lang, metric, row.value) }));
  lines.push(...extra);
  if (instead === undefined && row?.previous != null && row.change != null && Number.isFinite(row.change)) {
    lines.push(kt(lang, 'tip_previous', { date: row.previous_as_of ?? '', value: inFull(lang, metric, row.previous) }));
    lines.push(kt(lang, 'tip_change', { value: changeInFull(lang, metric, row.change) }));
  }
  lines.push(kt(lang, `scope_${metric}` as KpiTextKey));
  return { title: title ?? t(lang, metric), lines };
}

/**
 * The tooltip of the tile of `metric` (shown on hover and focus), from the figures the tiles show:
 * read with the tile, it leaves nothing rounded or unsaid.
 */
export function tileTooltip(lang: Lang, metric: KpiName, value: KpiResult): TooltipContent {
  const byMetric = new Map(value.rows.map((r) => [r.metric, r]));
  if (metric !== 'attainment') {
    const row = byMetric.get(metric);
    const missing = CUSTOMER_FIGURES.has(metric) && row !== undefined && row.value === null;
    return tip(lang, { metric, row, instead: missing ? t(lang, 'no_customer_file') : undefined });
  }
  const attainment = byMetric.get('attainment');
  const full = (m: KpiName) => {
    const v = byMetric.get(m)?.value;
    return v == null ? '—' : inFull(lang, m, v);
  };
  switch (campaignMode(value.rows)) {
    case 'not_started':
      return tip(lang, { metric, row: attainment, instead: kt(lang, 'starts', { date: value.campaign?.start_date ?? '—' }) });
    case 'share':
      return tip(lang, {
        metric: 'actual',
        row: byMetric.get('actual'),
        title: kt(lang, 'actual_tile'),
        extra: [kt(lang, 'tip_share', { share: full('actual_share') }), untargetedNote(lang, attainment?.untargeted ?? [])],
      });
    default:
      return tip(lang, { metric, row: attainment, extra: [kt(lang, 'tip_actual_target', { actual: full('actual'), target: full('target') }), kt(lang, 'tip_pace', { pace: full('pace') })] });
  }
}

/** What the bars and the marimekko share: one row per segment, read against the average. */
import type { FilterValue, NplRow } from '@strata/sdk';
import { keyText, markKey, rowKeyOf } from '../base/keys.ts';
import { tierBlocks } from '../base/order.ts';
import type { TableData } from '../base/view.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, t } from '../i18n.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { nameInText } from '../renderers/text.ts';
import type { ReferenceLine } from '../renderers/reference.ts';
import { nt } from './labels.ts';
import type { NplContext } from './view-module.ts';

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

export const isEmptySegments = (value: NplResult) => value.rows.length === 0;

/** The row with the most of `measure`; on a tie the first in the rows' (key) order. Rows are in key order, not by value. */
function topBy(rows: readonly NplRow[], measure: (row: NplRow) => number | null): NplRow | undefined {
  return rows.reduce<NplRow | undefined>((top, row) => (top === undefined || (measure(row) ?? 0) > (measure(top) ?? 0) ? row : top), undefined);
}

/** The segment with the highest NPL ratio; none when no segment has an NPL (a "highest" 0.00 % would mislead). */
export function worstSegment(value: NplResult): NplRow | undefined {
  const worst = topBy(value.rows, (r) => r.npl_ratio);
  return worst && (worst.npl_ratio ?? 0) > 0 ? worst : undefined;
}

/** The segment with the largest share of balance. */
export const largestSegment = (value: NplResult): NplRow | undefined => topBy(value.rows, (r) => r.balance_share);

/**
 * A summary's name for the top segment, and those that print the same figure beside it ("1类行业（与3类行业并列）"):
 * naming the first of a tie alone would say it stands apart.
 */
export function nameWithTies<R extends { key: FilterValue; label: string | null }>(ctx: NplContext, rows: readonly R[], top: R, ratio: (row: R) => number | null): string {
  const shown = (row: R) => formatPercent(ctx.lang, ratio(row));
  const name = (row: R) => nameInText(ctx.label(row.key, row.label));
  const others = rows.filter((row) => row !== top && shown(row) === shown(top)).map(name);
  return others.length === 0 ? name(top) : nt(ctx.lang, 'tied', { name: name(top), others: others.join(nt(ctx.lang, 'list_separator')) });
}

/** The average the segments are read against, named by its scope (and the whole bank's under a filter). */
export function scopeSummary(lang: NplContext['lang'], value: NplResult): string {
  return value.filtered
    ? nt(lang, 'scope_filtered', { ratio: formatPercent(lang, value.total?.npl_ratio), bank: formatPercent(lang, value.bank?.npl_ratio) })
    : nt(lang, 'scope_bank', { ratio: formatPercent(lang, value.total?.npl_ratio) });
}

/** 全行平均 alone when no other view's filter applies; else 当前筛选平均 and the whole bank's line. */
export function references(lang: NplContext['lang'], value: NplResult): ReferenceLine[] {
  const line = (row: NplRow | undefined, scope: ReferenceLine['scope']): ReferenceLine[] =>
    row?.npl_ratio != null ? [{ value: row.npl_ratio, scope, label: `${t(lang, scope === 'bank' ? 'bank_average' : 'filtered_average')} ${formatPercent(lang, row.npl_ratio)}` }] : [];
  return value.filtered ? [...line(value.total, 'filtered'), ...line(value.bank, 'bank')] : line(value.total, 'bank');
}

/** A segment's tooltip (bars and columns): NPL ratio, NPL and total balance, share of balance, loans. Amounts in one unit per measure, as the table has them. */
export function segmentTooltip(lang: NplContext['lang'], value: NplResult): (d: { key: string; label: string }) => TooltipContent {
  const byKey = new Map(value.rows.map((r) => [markKey(r.key), r]));
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

/** By tier: the 对公 and 零售 blocks the bars or columns are drawn in (renderers' \`groups\`); else none. */
export function tierGroups(ctx: NplContext, value: NplResult): { label: string; size: number }[] | undefined {
  if (ctx.dimension !== 'tier') return undefined;
  return tierBlocks(
    value.rows.map((row) => keyText(row.key)),
    (band) => (band === 'unknown' ? codeLabel(ctx.lang, null, 'tier') : nt(ctx.lang, band)),
  );
}

/** A mark's action (select, drill) on the typed key of the row it stands for: never its text parsed back. */
export function onRow(value: NplResult, act: (key: FilterValue) => void): (mark: string) => void {
  return (mark) => {
    const key = rowKeyOf(value.rows, mark);
    if (key !== undefined) act(key);
  };
}

/** One row per segment: balances, NPL ratio, loans, special mention ratio, share of balance. */
export function segmentTable(ctx: NplContext, value: NplResult): TableData<NplRow> {
  const { lang } = ctx;
  // One unit for each column of amounts.
  const balance = amountFormat(lang, value.rows.map((r) => r.balance));
  const nplBalance = amountFormat(lang, value.rows.map((r) => r.npl_balance));
  return {
    rows: value.rows,
    columns: [
      { label: ctx.dimensionLabel, value: (r) => ctx.label(r.key, r.label), code: (r) => keyText(r.key) },
      { label: t(lang, 'balance'), value: (r) => r.balance, format: (r) => balance.format(r.balance), numeric: true, kind: 'amount' },
      { label: t(lang, 'npl_balance'), value: (r) => r.npl_balance, format: (r) => nplBalance.format(r.npl_balance), numeric: true, kind: 'amount' },
      { label: t(lang, 'npl_ratio'), value: (r) => r.npl_ratio, format: (r) => formatPercent(lang, r.npl_ratio), numeric: true, kind: 'ratio' },
      { label: t(lang, 'loans'), value: (r) => r.loans, format: (r) => formatCount(lang, r.loans), numeric: true, kind: 'count' },
      { label: t(lang, 'special_mention_ratio'), value: (r) => r.special_mention_ratio, format: (r) => formatPercent(lang, r.special_mention_ratio), numeric: true, kind: 'ratio' },
      { label: t(lang, 'share'), value: (r) => r.balance_share, format: (r) => formatPercent(lang, r.balance_share), numeric: true, kind: 'ratio' },
    ],
  };
}

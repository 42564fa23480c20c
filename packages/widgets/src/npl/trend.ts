import { CLASSIFICATIONS, type NplTrendRow } from '@strata/sdk';
import { markKey } from '../base/keys.ts';
import { select } from 'd3';
import type { TableColumn, TableData } from '../base/view.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, formatPointChange, t, type Lang } from '../i18n.ts';
import { claim, part } from '../renderers/join.ts';
import { renderLines, type LineSeries } from '../renderers/lines.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { wrapText } from '../renderers/fit-text.ts';
import { nameInText } from '../renderers/text.ts';
import { drawMix, effectiveMix, mixTitle, nonPassSummary, type MonthMix } from './class-mix.ts';
import { nt } from './labels.ts';
import { nameWithTies } from './segments.ts';
import { monthText, selectedSuffix, tickPercent, type NplContext, type NplViewModule } from './view-module.ts';

/** The trend's data: monthly NPL per segment (or bank-wide), and the monthly five-category mix. */
export interface NplTrendResult {
  /** Month ends shown (YYYY-MM-DD), ascending. */
  months: string[];
  series: NplTrendRow[];
  /** Five-category balances per month end (`key` is the month end). */
  mix: MonthMix[];
}

/** A trend table row: one month end. */
interface MonthRow {
  month: string;
}

/** The trend's lines, one per segment (or one bank-wide), in the order the sdk returns them. */
function trendSeries(ctx: NplContext, value: NplTrendResult): LineSeries[] {
  const { lang } = ctx;
  const selected = ctx.selectMonth ? ctx.selected : new Set<string>();
  const byKey = new Map<string, { key: string; label: string; rows: Map<string, NplTrendRow> }>();
  for (const row of value.series) {
    const key = markKey(row.key);
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { key, label: ctx.segmented ? ctx.label(row.key, row.label) : codeLabel(lang, 'all'), rows: new Map() }));
    s.rows.set(row.as_of, row);
  }
  return [...byKey.values()].map((s) => ({
    key: s.key,
    label: s.label,
    points: value.months.map((month) => {
      const ratio = s.rows.get(month)?.npl_ratio ?? null;
      return { key: `${s.key}|${month}`, x: month, value: ratio, valueText: formatPercent(lang, ratio), selected: selected.has(month) };
    }),
  }));
}

/** A point's tooltip: series and month, then the figures of a segment's. */
function pointTooltip(lang: Lang, value: NplTrendResult): (p: { key: string; x: string }, s: { label: string }) => TooltipContent {
  const byKey = new Map(value.series.map((r) => [`${markKey(r.key)}|${r.as_of}`, r]));
  const balance = amountFormat(lang, value.series.map((r) => r.balance));
  const npl = amountFormat(lang, value.series.map((r) => r.npl_balance));
  return (p, s) => {
    const r = byKey.get(p.key)!;
    return {
      title: `${s.label} · ${monthText(p.x)}`,
      lines: [
        nt(lang, 'tip_ratio', { ratio: formatPercent(lang, r.npl_ratio) }),
        nt(lang, 'tip_balances', { npl: npl.format(r.npl_balance), balance: balance.format(r.balance) }),
        nt(lang, 'tip_loans', { loans: formatCount(lang, r.loans), npl: formatCount(lang, r.npl_loans) }),
      ],
    };
  };
}

/** How the ratio moved from the first month end to the last (bank-wide), or where the segments stand at the last. */
function ratioSummary(ctx: NplContext, value: NplTrendResult): string {
  const { lang } = ctx;
  const first = value.months[0]!;
  const last = value.months.at(-1)!;
  const n = value.months.length;
  if (!ctx.segmented) {
    const at = (m: string) => value.series.find((r) => r.as_of === m)?.npl_ratio ?? null;
    const a = at(first);
    const b = at(last);
    if (n === 1) return nt(lang, 'summary_trend_one', { last, b: formatPercent(lang, b) });
    return nt(lang, 'summary_trend', {
      first,
      last,
      n,
      a: formatPercent(lang, a),
      b: formatPercent(lang, b),
      change: formatPointChange(lang, a !== null && b !== null ? b - a : null),
    });
  }
  const latest = value.series.filter((r) => r.as_of === last && r.npl_ratio !== null).sort((x, y) => y.npl_ratio! - x.npl_ratio!);
  const worst = latest[0];
  const best = latest.at(-1);
  if (!worst || !best) return '';
  if (worst.npl_ratio === 0) return nt(lang, 'summary_trend_by_none', { last, n });
  const before = value.series.find((r) => r.as_of === first && r.key === worst.key)?.npl_ratio ?? null;
  return nt(lang, 'summary_trend_by', {
    last,
    first,
    n,
    worst: nameWithTies(ctx, latest, worst, (r) => r.npl_ratio),
    worstRatio: formatPercent(lang, worst.npl_ratio),
    change: formatPointChange(lang, before !== null && first !== last ? worst.npl_ratio! - before : null),
    best: nameInText(ctx.label(best.key, best.label)),
    bestRatio: formatPercent(lang, best.npl_ratio),
  });
}

/** One row per month end: the NPL ratio of each line, then the five-category balances. */
function trendTable(ctx: NplContext, value: NplTrendResult): TableData<MonthRow> {
  const { lang } = ctx;
  const mix = new Map(value.mix.map((r) => [r.key, r]));
  const series = trendSeries(ctx, value);
  const ratio = new Map(value.series.map((r) => [`${r.key ?? ''}|${r.as_of}`, r.npl_ratio]));
  const total = amountFormat(lang, value.mix.map((r) => r.total));
  const columns: TableColumn<MonthRow>[] = [
    { label: t(lang, 'as_of'), value: (r) => r.month },
    ...series.map(
      (s): TableColumn<MonthRow> => ({
        label: series.length > 1 || ctx.segmented ? nt(lang, 'npl_ratio_of', { series: s.label }) : t(lang, 'npl_ratio'),
        value: (r) => ratio.get(`${s.key}|${r.month}`) ?? null,
        format: (r) => formatPercent(lang, ratio.get(`${s.key}|${r.month}`)),
        numeric: true,
        kind: 'ratio',
      }),
    ),
    ...CLASSIFICATIONS.map((c): TableColumn<MonthRow> => {
      // One unit for each column of amounts.
      const amount = amountFormat(lang, value.mix.map((r) => r[c]));
      return { label: codeLabel(lang, c), value: (r) => mix.get(r.month)?.[c] ?? null, format: (r) => amount.format(mix.get(r.month)?.[c]), numeric: true, kind: 'amount' };
    }),
    {
      label: nt(lang, 'total_balance'),
      value: (r) => mix.get(r.month)?.total ?? null,
      format: (r) => total.format(mix.get(r.month)?.total),
      numeric: true,
      kind: 'amount',
    },
  ];
  return { columns, rows: value.months.map((month) => ({ month })) };
}

/**
 * `view="trend"`: the monthly NPL ratio (a line per segment, or bank-wide) over the monthly
 * five-category balances (class-mix.ts: all five stacked, or the non-pass classes alone).
 */
export const trendView: NplViewModule<NplTrendResult> = {
  heading: (ctx) => (ctx.segmented ? nt(ctx.lang, 'title_trend_by', { by: ctx.dimensionLabel }) : nt(ctx.lang, 'title_trend')),
  isEmpty: (value) => value.series.length === 0,
  // Then how the part beyond 正常 moved, which the ratio alone does not say.
  summary: (ctx, value) => [ratioSummary(ctx, value), nonPassSummary(ctx.lang, value.mix)].filter(Boolean).join(ctx.lang === 'en' ? ' ' : ''),
  table: trendTable,
  draw(svg, value, ctx) {
    const { lang, palette, width } = ctx;
    const selectable = ctx.selectable && ctx.selectMonth;
    const marginLeft = 64;
    // The lines keyed (a redraw moves their points), in an SVG of their own kept across draws.
    claim(svg, 'trend');
    const root = select(svg);
    const lines = part(root, 'svg', 'trend-lines').node() as SVGSVGElement;
    renderLines(lines, trendSeries(ctx, value), {
      width,
      height: 220,
      palette,
      categories: value.months,
      marginLeft,
      xTickFormat: monthText,
      yTickFormat: (v) => tickPercent(lang, v),
      ariaLabel: (p, s) => `${nt(lang, 'point', { series: s.label, month: p.x, ratio: p.valueText })}${selectedSuffix(lang, p.selected)}`,
      tooltip: pointTooltip(lang, value),
      onSelect: selectable ? (month) => ctx.select(month) : undefined,
      onDrill: selectable ? (month) => ctx.drill(month) : undefined,
    });
    const linesHeight = Number(lines.getAttribute('height'));

    const shown = effectiveMix(ctx.mix, value.mix);
    const title = mixTitle(lang, shown, value.mix);
    // Wrapped, not cut, on a phone (the estimate is of regular text: a fifth's margin for the bold).
    const titleLines = wrapText(title, width * 0.8, 12, 3);
    part(root, 'text', 'subtitle')
      .attr('y', linesHeight + 18)
      .attr('font-size', 12)
      .attr('font-weight', 600)
      .attr('fill', palette.fg)
      .selectAll('tspan')
      .data(titleLines)
      .join('tspan')
      .attr('x', 0)
      .attr('dy', (_, i) => (i === 0 ? 0 : 15))
      .text((line) => line);
    const mixTop = linesHeight + 24 + (titleLines.length - 1) * 15;
    // Either mix is a group of marks (a month's column), each named with its figures.
    const mix = part(root, 'svg', 'trend-mix')
      .attr('class', `trend-mix ${shown}`)
      .attr('y', mixTop)
      .attr('role', 'group')
      .attr('aria-label', title)
      .node() as SVGSVGElement;
    drawMix(mix, shown, value.mix, { lang, palette, width, months: value.months, marginLeft, xTickFormat: monthText });
    const height = mixTop + Number(mix.getAttribute('height'));
    root.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  },
};

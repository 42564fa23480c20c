import { CLASSIFICATIONS, NPL_CLASSES, type ClassMixRow } from '@strata/sdk';
import { html, type TemplateResult } from 'lit';
import type { Palette } from '../base/view.ts';
import { amountFormat, codeLabel, formatPercent, type Lang } from '../i18n.ts';
import { renderClassTrend, type ClassTrendColumn } from '../renderers/class-trend.ts';
import { renderStackedArea } from '../renderers/stacked-area.ts';
import { nt } from './labels.ts';

/**
 * The trend's five-category balances: `all` stacks the five classes; `non-pass` draws 关注 and the
 * three NPL classes alone, on their own scale (正常 left out, its share said in the subtitle);
 * `auto` is `non-pass` when 正常 dominates the latest month end.
 */
export type NplMix = 'auto' | 'all' | 'non-pass';

export const NPL_MIXES: readonly NplMix[] = ['auto', 'all', 'non-pass'];

/** From this share of the balance in 正常 on, the other four classes are slivers in a full stack. */
export const PASS_DOMINATES = 0.9;

const NON_PASS = CLASSIFICATIONS.filter((c) => c !== 'pass');

/** A month end's balances in each class: classMix by as_of keys its rows by month end (YYYY-MM-DD text). */
export type MonthMix = ClassMixRow & { key: string };

const nonPassOf = (r: ClassMixRow) => NON_PASS.reduce((sum, c) => sum + r[c], 0);
const nplOf = (r: ClassMixRow) => NPL_CLASSES.reduce((sum, c) => sum + r[c], 0);

/** Month ends ascending (first and latest are read from the ends). */
const byMonth = (rows: readonly MonthMix[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));

/** The mix shown: the chosen one, or under `auto` non-pass when 正常 holds PASS_DOMINATES of the latest balance. */
export function effectiveMix(mix: NplMix, rows: readonly MonthMix[]): 'all' | 'non-pass' {
  if (mix === 'all' || mix === 'non-pass') return mix;
  const latest = byMonth(rows).at(-1);
  return latest && latest.total > 0 && latest.pass / latest.total >= PASS_DOMINATES ? 'non-pass' : 'all';
}

/** The 非正常类 / 全部五类 switch: toggle buttons in a labelled group, the shown one pressed. */
export function renderMixSwitch(lang: Lang, shown: 'all' | 'non-pass', choose: (mix: 'all' | 'non-pass') => void): TemplateResult {
  const button = (mix: 'all' | 'non-pass', key: 'mix_all' | 'mix_non_pass') =>
    html`<button type="button" data-mix=${mix} aria-pressed=${String(shown === mix)} @click=${() => choose(mix)}>${nt(lang, key)}</button>`;
  return html`<div class="controls" part="controls">
    <span class="choice" role="group" aria-label=${nt(lang, 'mix_label')}>${nt(lang, 'mix_label')}${button('non-pass', 'mix_non_pass')}${button('all', 'mix_all')}</span>
  </div>`;
}

/** What the non-pass part did over the months: the total, of which NPL, first to last month end. */
export function nonPassSummary(lang: Lang, mix: readonly MonthMix[]): string {
  const rows = byMonth(mix);
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return '';
  const amount = amountFormat(lang, rows.flatMap((r) => [nonPassOf(r), nplOf(r)]));
  const share = formatPercent(lang, last.total > 0 ? nonPassOf(last) / last.total : null);
  if (first === last) return nt(lang, 'summary_non_pass_one', { last: last.key, b: amount.format(nonPassOf(last)), share, npl: amount.format(nplOf(last)) });
  return nt(lang, 'summary_non_pass', {
    first: first.key,
    last: last.key,
    a: amount.format(nonPassOf(first)),
    b: amount.format(nonPassOf(last)),
    share,
    nplA: amount.format(nplOf(first)),
    nplB: amount.format(nplOf(last)),
  });
}

export interface MixDrawing {
  lang: Lang;
  palette: Palette;
  width: number;
  months: readonly string[];
  marginLeft: number;
  xTickFormat: (month: string) => string;
}

/** The subtitle of the mix shown (the non-pass one says what 正常 held at the latest month end). */
export function mixTitle(lang: Lang, shown: 'all' | 'non-pass', rows: readonly MonthMix[]): string {
  if (shown === 'all') return nt(lang, 'class_mix');
  const last = byMonth(rows).at(-1);
  return nt(lang, 'class_mix_non_pass', { share: formatPercent(lang, last && last.total > 0 ? last.pass / last.total : null) });
}

/** Draws the mix shown into `svg`: the five stacked areas, or the four non-pass classes as columns; either way each month is a mark, named and with a tooltip of its figures in the view's one unit. */
export function drawMix(svg: SVGSVGElement, shown: 'all' | 'non-pass', rows: readonly MonthMix[], d: MixDrawing): void {
  const { lang, palette } = d;
  if (shown === 'all') {
    // The axis's unit (that of the tallest stack) for every tick and every figure of a month.
    const amount = amountFormat(lang, rows.map((r) => r.total));
    const ofMonth = new Map(rows.map((r) => [r.key, r]));
    const totalText = (month: string) => amount.format(ofMonth.get(month)?.total ?? 0);
    // Each class's balance and its share of the month's total.
    const shares = (month: string) => {
      const r = ofMonth.get(month);
      return CLASSIFICATIONS.map((c) =>
        nt(lang, 'class_share', { class: codeLabel(lang, c), value: amount.format(r?.[c] ?? 0), share: formatPercent(lang, r && r.total > 0 ? r[c] / r.total : null) }),
      );
    };
    renderStackedArea(
      svg,
      rows.map((r) => ({ key: r.key, values: Object.fromEntries(CLASSIFICATIONS.map((c) => [c, r[c]])) })),
      {
        width: d.width,
        height: 170,
        palette,
        layers: CLASSIFICATIONS.map((c) => ({ key: c, label: codeLabel(lang, c) })),
        categories: d.months,
        marginLeft: d.marginLeft,
        xTickFormat: d.xTickFormat,
        yTickFormat: (v) => amount.tick(v),
        ariaLabel: (row) => nt(lang, 'all_column', { month: row.key, total: totalText(row.key), figures: shares(row.key).join(nt(lang, 'list_separator')) }),
        tooltip: (row) => ({ title: nt(lang, 'all_title', { month: row.key, total: totalText(row.key) }), lines: shares(row.key) }),
      },
    );
    return;
  }
  // One unit for the ticks, the totals and every figure of the columns: that of the tallest column.
  const amount = amountFormat(lang, rows.map(nonPassOf));
  const columns = rows.map((r): ClassTrendColumn => ({ key: r.key, values: Object.fromEntries(NON_PASS.map((c) => [c, r[c]])), totalText: amount.format(nonPassOf(r)) }));
  const figures = (c: ClassTrendColumn) => NON_PASS.map((k) => nt(lang, 'class_figure', { class: codeLabel(lang, k), value: amount.format(c.values[k] ?? 0) }));
  renderClassTrend(svg, columns, {
    width: d.width,
    height: 190,
    palette,
    layers: NON_PASS.map((c) => ({ key: c, label: codeLabel(lang, c) })),
    colors: palette.classes.slice(1),
    categories: d.months,
    marginLeft: d.marginLeft,
    xTickFormat: d.xTickFormat,
    yTickFormat: (v) => amount.tick(v),
    ariaLabel: (c) => nt(lang, 'non_pass_column', { month: c.key, total: c.totalText, figures: figures(c).join(nt(lang, 'list_separator')) }),
    tooltip: (c) => ({ title: nt(lang, 'non_pass_title', { month: c.key, total: c.totalText }), lines: figures(c) }),
  });
}

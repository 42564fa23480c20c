import { markKey } from '../base/keys.ts';
import { formatPercent } from '../i18n.ts';
import { renderMarimekko } from '../renderers/marimekko.ts';
import { nt } from './labels.ts';
import { isEmptySegments, largestSegment, nameWithTies, references, scopeSummary, segmentTable, segmentTooltip, tierGroups, onRow, worstSegment, type NplResult } from './segments.ts';
import { selectedSuffix, tickPercent, type NplViewModule } from './view-module.ts';

/** `view="marimekko"`: the segments as columns as wide as their share of balance and as high as their NPL ratio. */
export const marimekkoView: NplViewModule<NplResult> = {
  heading: (ctx) => nt(ctx.lang, 'title_marimekko', { by: ctx.dimensionLabel }),
  isEmpty: isEmptySegments,
  summary(ctx, value) {
    const { lang } = ctx;
    const largest = largestSegment(value);
    if (!largest) return '';
    const worst = worstSegment(value);
    const facts = {
      scope: scopeSummary(lang, value),
      largest: nameWithTies(ctx, value.rows, largest, (r) => r.balance_share),
      largestShare: formatPercent(lang, largest.balance_share),
      largestRatio: formatPercent(lang, largest.npl_ratio),
    };
    if (!worst) return nt(lang, 'summary_marimekko_none', facts);
    return nt(lang, 'summary_marimekko', {
      ...facts,
      worst: nameWithTies(ctx, value.rows, worst, (r) => r.npl_ratio),
      worstRatio: formatPercent(lang, worst.npl_ratio),
      worstShare: formatPercent(lang, worst.balance_share),
    });
  },
  table: segmentTable,
  draw(svg, value, ctx) {
    const { lang } = ctx;
    renderMarimekko(
      svg,
      value.rows.map((row) => ({
        key: markKey(row.key),
        label: ctx.label(row.key, row.label),
        share: row.balance_share ?? 0,
        value: row.npl_ratio ?? 0,
        valueText: formatPercent(lang, row.npl_ratio),
        shareText: formatPercent(lang, row.balance_share),
        selected: ctx.selected.has(markKey(row.key)),
      })),
      {
        width: ctx.width,
        height: 260,
        palette: ctx.palette,
        references: references(lang, value),
        groups: tierGroups(ctx, value),
        tickFormat: (v) => tickPercent(lang, v),
        ariaLabel: (d) => `${nt(lang, 'column', { label: d.label, ratio: d.valueText, share: d.shareText })}${selectedSuffix(lang, d.selected)}`,
        tooltip: segmentTooltip(lang, value),
        onSelect: ctx.selectable ? onRow(value, ctx.select) : undefined,
        onDrill: onRow(value, ctx.drill),
      },
    );
  },
};

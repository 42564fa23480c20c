import { formatPercent } from '../i18n.ts';
import { renderMarimekko } from '../renderers/marimekko.ts';
import { nameInText } from '../renderers/text.ts';
import { nt } from './labels.ts';
import { isEmptySegments, references, scopeSummary, segmentTable, segmentTooltip, tierGroups, typedKey, worstSegment, type NplResult } from './segments.ts';
import { selectedSuffix, tickPercent, type NplViewModule } from './view-module.ts';

/** `view="marimekko"`: the segments as columns as wide as their share of balance and as high as their NPL ratio. */
export const marimekkoView: NplViewModule<NplResult> = {
  heading: (ctx) => nt(ctx.lang, 'title_marimekko', { by: ctx.dimensionLabel }),
  isEmpty: isEmptySegments,
  summary(ctx, value) {
    const { lang } = ctx;
    const worst = worstSegment(value);
    const largest = value.rows[0];
    if (!worst || !largest) return '';
    return nt(lang, 'summary_marimekko', {
      scope: scopeSummary(lang, value),
      largest: nameInText(ctx.label(largest.key, largest.label)),
      largestShare: formatPercent(lang, largest.balance_share),
      largestRatio: formatPercent(lang, largest.npl_ratio),
      worst: nameInText(ctx.label(worst.key, worst.label)),
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
        key: row.key ?? '',
        label: ctx.label(row.key, row.label),
        share: row.balance_share ?? 0,
        value: row.npl_ratio ?? 0,
        valueText: formatPercent(lang, row.npl_ratio),
        shareText: formatPercent(lang, row.balance_share),
        selected: row.key !== null && ctx.selected.has(row.key),
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
        onSelect: ctx.selectable ? (key) => ctx.select(typedKey(ctx, key)) : undefined,
        onDrill: (key) => ctx.drill(typedKey(ctx, key)),
      },
    );
  },
};

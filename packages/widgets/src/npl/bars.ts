import { markKey } from '../base/keys.ts';
import { formatPercent, t } from '../i18n.ts';
import { renderBars } from '../renderers/bars.ts';
import { nt } from './labels.ts';
import { isEmptySegments, nameWithTies, references, scopeSummary, segmentTable, segmentTooltip, tierGroups, onRow, worstSegment, type NplResult } from './segments.ts';
import { selectedSuffix, type NplViewModule } from './view-module.ts';

/** `view="bars"` (the default): the NPL ratio by segment, with the average as a reference line. */
export const barsView: NplViewModule<NplResult> = {
  heading: (ctx) => `${t(ctx.lang, 'npl_ratio')} · ${ctx.dimensionLabel}`,
  isEmpty: isEmptySegments,
  summary(ctx, value) {
    if (value.rows.length === 0) return '';
    const worst = worstSegment(value);
    if (!worst) return nt(ctx.lang, 'summary_bars_none', { scope: scopeSummary(ctx.lang, value) });
    return nt(ctx.lang, 'summary_bars', {
      scope: scopeSummary(ctx.lang, value),
      worst: nameWithTies(ctx, value.rows, worst, (r) => r.npl_ratio),
      worstRatio: formatPercent(ctx.lang, worst.npl_ratio),
      worstShare: formatPercent(ctx.lang, worst.balance_share),
    });
  },
  table: segmentTable,
  draw(svg, value, ctx) {
    const { lang } = ctx;
    renderBars(
      svg,
      value.rows.map((row) => ({
        key: markKey(row.key),
        label: ctx.label(row.key, row.label),
        value: row.npl_ratio ?? 0,
        valueText: formatPercent(lang, row.npl_ratio),
        selected: ctx.selected.has(markKey(row.key)),
      })),
      {
        width: ctx.width,
        palette: ctx.palette,
        references: references(lang, value),
        groups: tierGroups(ctx, value),
        // The accessible name starts with the visible text (WCAG 2.5.3), then says what it is.
        ariaLabel: (d) => `${d.label} ${d.valueText}, ${t(lang, 'npl_ratio')}${selectedSuffix(lang, d.selected)}`,
        tooltip: segmentTooltip(lang, value),
        onSelect: ctx.selectable ? onRow(value, ctx.select) : undefined,
        onDrill: onRow(value, ctx.drill),
      },
    );
  },
};

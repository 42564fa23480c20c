import { CLASSIFICATIONS, type MigrationRateRow, type MigrationRow } from '@strata/sdk';
import { css } from 'lit';
import type { TableColumn, TableData } from '../base/view.ts';
import { amountFormat, codeLabel, formatPercent, type Lang } from '../i18n.ts';
import { renderHeatmap } from '../renderers/heatmap.ts';
import type { TooltipContent } from '../renderers/marks.ts';
import { nt } from './labels.ts';
import { monthText, selectedSuffix, type NplViewModule } from './view-module.ts';

/** The migration matrix between two month ends and the migration rates. */
export interface NplMigrationResult {
  /** The first month end (YYYY-MM-DD), or null when the data has none before `to`. */
  from: string | null;
  to: string | null;
  matrix: MigrationRow[];
  rates: MigrationRateRow[];
}

/** Where the loans went: the five classes, then loans gone by the second month end. */
const TARGETS = [...CLASSIFICATIONS, 'exited'] as const;

/** A cell's tooltip: where the class went, its share of the class and the balances at both month ends. */
function cellTooltip(lang: Lang, value: NplMigrationResult): (c: { key: string; row: string; col: string }) => TooltipContent {
  const byKey = new Map(value.matrix.map((r) => [`${r.from_class}|${r.to_class}`, r]));
  const amount = amountFormat(lang, value.matrix.flatMap((r) => [r.balance_from, r.balance_to]));
  return (c) => {
    const r = byKey.get(c.key)!;
    return {
      title: `${codeLabel(lang, c.row)} → ${codeLabel(lang, c.col)}`,
      lines: [
        nt(lang, 'tip_cell_share', { class: codeLabel(lang, c.row), share: formatPercent(lang, r.share) }),
        nt(lang, 'tip_cell_balance', { from: amount.format(r.balance_from), to: amount.format(r.balance_to) }),
      ],
    };
  };
}

/**
 * One row per starting class, then 正常贷款 (pass and special mention): its balance, the
 * regulator's rate with the amounts it is made of, and where the balance went (the matrix; not
 * for 正常贷款).
 */
function migrationTable(lang: Lang, value: NplMigrationResult): TableData<MigrationRateRow> {
  const share = new Map(value.matrix.map((r) => [`${r.from_class}|${r.to_class}`, r.share]));
  const amount = (label: string, pick: (r: MigrationRateRow) => number): TableColumn<MigrationRateRow> => {
    // One unit for each column of amounts.
    const column = amountFormat(lang, value.rates.map(pick));
    return { label, value: pick, format: (r) => column.format(pick(r)), numeric: true, kind: 'amount' };
  };
  return {
    rows: value.rates,
    columns: [
      { label: nt(lang, 'from_class'), value: (r) => (r.from_class === 'normal_loans' ? nt(lang, 'normal_loans') : codeLabel(lang, r.from_class)) },
      amount(nt(lang, 'balance_from'), (r) => r.balance),
      amount(nt(lang, 'downgraded'), (r) => r.downgraded_balance),
      amount(nt(lang, 'reduction'), (r) => r.reduction),
      amount(nt(lang, 'exited_balance'), (r) => r.exited_balance),
      amount(nt(lang, 'repaid'), (r) => r.repaid),
      { label: nt(lang, 'migration_rate'), value: (r) => r.rate, format: (r) => formatPercent(lang, r.rate), numeric: true, kind: 'ratio' },
      // Where each class's balance went (the matrix), after the figures of the rate.
      ...TARGETS.map(
        (c): TableColumn<MigrationRateRow> => ({
          label: nt(lang, 'to_share', { class: codeLabel(lang, c) }),
          value: (r) => share.get(`${r.from_class}|${c}`) ?? null,
          format: (r) => formatPercent(lang, share.get(`${r.from_class}|${c}`)),
          numeric: true,
          kind: 'ratio',
        }),
      ),
    ],
  };
}

/**
 * The matrix keeps its natural size (no text under 11 px, every value whole): wider than the view,
 * it scrolls sideways inside it, with a shade on each edge where columns are out of view (as the
 * table's). Keyed on the heatmap's own marks, so the frame of the other views is left as it is.
 */
export const migrationStyles = css`
  .chart:has(> svg > .heatmap) {
    display: flex;
    align-items: flex-start;
    overflow: auto hidden;
  }
  .chart > svg:has(> .heatmap) {
    flex: none;
    max-width: none;
  }
  /* Sticky at the edges; opaque while the view can scroll that way (none when it cannot scroll). */
  .chart:has(> svg > .heatmap)::before,
  .chart:has(> svg > .heatmap)::after {
    content: '';
    position: sticky;
    flex: none;
    align-self: stretch;
    width: 14px;
    pointer-events: none;
    opacity: 0;
    background: linear-gradient(to left, transparent, color-mix(in srgb, var(--_fg) 35%, transparent));
    animation: strata-edge linear both reverse;
    animation-timeline: scroll(nearest inline);
  }
  .chart:has(> svg > .heatmap)::before {
    left: 0;
    margin-right: -14px;
  }
  .chart:has(> svg > .heatmap)::after {
    right: 0;
    margin-left: -14px;
    transform: scaleX(-1);
    animation-direction: normal;
  }
  @keyframes strata-edge {
    0%,
    96% {
      opacity: 1;
    }
    to {
      opacity: 0;
    }
  }
`;

/**
 * `view="migration"`: the five-category migration matrix between two month ends, with each
 * class's migration rate (迁徙率); a cell selects its starting class.
 */
export const migrationView: NplViewModule<NplMigrationResult> = {
  heading: (ctx, value) =>
    value?.from && value.to ? nt(ctx.lang, 'title_migration_months', { from: monthText(value.from), to: monthText(value.to) }) : nt(ctx.lang, 'title_migration'),
  isEmpty: (value) => value.matrix.every((r) => r.balance_from === 0),
  /** The regulator's rates of the four classes that have one, 正常贷款迁徙率, and the reductions they deduct. */
  summary({ lang }, value) {
    const classes = value.rates.filter((r) => r.from_class !== 'normal_loans');
    const rates = classes
      .filter((r) => r.from_class !== 'loss')
      .map((r) => nt(lang, 'rate_item', { class: codeLabel(lang, r.from_class), rate: formatPercent(lang, r.rate) }))
      .join(nt(lang, 'list_separator'));
    const total = (pick: (r: MigrationRateRow) => number) => classes.reduce((sum, r) => sum + pick(r), 0);
    const amount = amountFormat(lang, [total((r) => r.reduction)]);
    const sum = (pick: (r: MigrationRateRow) => number) => amount.format(total(pick));
    return nt(lang, 'summary_migration', {
      from: value.from ?? '—',
      to: value.to ?? '—',
      rates,
      normal: formatPercent(lang, value.rates.find((r) => r.from_class === 'normal_loans')?.rate),
      reduction: sum((r) => r.reduction),
      exited: sum((r) => r.exited_balance),
      repaid: sum((r) => r.repaid),
    });
  },
  table: (ctx, value) => migrationTable(ctx.lang, value),
  draw(svg, value, ctx) {
    const { lang, selectable } = ctx;
    const rate = new Map<string, number | null>(value.rates.map((r) => [r.from_class, r.rate]));
    renderHeatmap(
      svg,
      value.matrix.map((r) => ({
        key: `${r.from_class}|${r.to_class}`,
        row: r.from_class,
        col: r.to_class,
        value: r.share,
        valueText: formatPercent(lang, r.share),
        selected: ctx.selected.has(r.from_class),
      })),
      {
        width: ctx.width,
        palette: ctx.palette,
        rows: CLASSIFICATIONS.map((c) => ({ key: c, label: codeLabel(lang, c) })),
        cols: TARGETS.map((c) => ({ key: c, label: codeLabel(lang, c) })),
        rowTitle: value.from ? nt(lang, 'from_title', { month: value.from }) : nt(lang, 'from_class'),
        colTitle: value.to ? nt(lang, 'to_title', { month: value.to }) : undefined,
        annotation: { title: nt(lang, 'migration_rate'), values: CLASSIFICATIONS.map((c) => formatPercent(lang, rate.get(c))) },
        ariaLabel: (c) =>
          `${nt(lang, 'cell', { from: codeLabel(lang, c.row), to: codeLabel(lang, c.col), share: c.valueText })}${
            selectable ? nt(lang, 'cell_selects', { from: codeLabel(lang, c.row) }) : ''
          }${selectedSuffix(lang, c.selected)}`,
        tooltip: cellTooltip(lang, value),
        onSelect: selectable ? (c) => ctx.select(c.row) : undefined,
        onDrill: (c) => ctx.drill(c.row),
      },
    );
  },
};

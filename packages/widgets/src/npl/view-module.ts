import type { DimensionName, FilterValue } from '@strata/sdk';
import type { Palette, TableData } from '../base/view.ts';
import { t, type Lang } from '../i18n.ts';
import type { NplMix } from './class-mix.ts';

/** What a view module reads of the element: its language, attributes and selection, and the actions of its marks. */
export interface NplContext {
  lang: Lang;
  /** The segment dimension (`by`, else industry_class) and its name for people. */
  dimension: DimensionName;
  dimensionLabel: string;
  /** Whether `by` is set (the trend then draws a line per segment). */
  segmented: boolean;
  /** Trend only: points select their month end. */
  selectMonth: boolean;
  /** Trend only: the five-category mix asked for. */
  mix: NplMix;
  /** The values this view has selected, as mark keys (base/keys.ts markKey). */
  selected: ReadonlySet<string>;
  /** Whether marks are buttons (the element has a Strata with filters to set). */
  selectable: boolean;
  /** A segment's name from its typed key: the data's label (a branch's name), else the code's words. */
  label(key: FilterValue, label: string | null): string;
  select(value: FilterValue): void;
  drill(value: FilterValue): void;
}

/** What drawing adds: the theme's colours and the chart's width. */
export interface NplDrawContext extends NplContext {
  palette: Palette;
  width: number;
}

/**
 * One of `<strata-npl>`'s four views (bars, marimekko, trend, migration): its caption, its text
 * summary, its table (the data table and every export read it), and its chart, whose marks it
 * names and gives their tooltips. The element queries and picks the module; the module only
 * words and draws what it is given.
 */
export interface NplViewModule<Result> {
  /** The caption; `value` once the data is read (the migration names its two month ends). */
  heading(ctx: NplContext, value: Result | undefined): string;
  isEmpty(value: Result): boolean;
  summary(ctx: NplContext, value: Result): string;
  table(ctx: NplContext, value: Result): TableData;
  /** Draws the chart into `svg`, each mark with its accessible name and tooltip. */
  draw(svg: SVGSVGElement, value: Result, ctx: NplDrawContext): void;
}

/** Percent ticks of an axis: at most one decimal. */
export function tickPercent(lang: Lang, value: number): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** A month end as an axis or title shows it: YYYY-MM. */
export const monthText = (date: string) => date.slice(0, 7);

/** Said after a selected mark's name. */
export function selectedSuffix(lang: Lang, selected: boolean): string {
  return selected ? `, ${t(lang, 'selected')}` : '';
}

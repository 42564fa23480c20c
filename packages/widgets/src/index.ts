/** @strata/widgets: registers every Strata element and exports their classes and types. */
import './dashboard/register.ts';
import './npl/register.ts';

export { StrataDashboard, type Manifest } from './dashboard/dashboard.ts';
export { StrataNpl, type NplResult } from './npl/npl.ts';
export { StrataView, type Palette, type TableColumn, type TableData } from './base/view.ts';
export { dashboardContext, type DashboardState, type Theme } from './context.ts';
export * from './events.ts';
export { codeLabel, formatAmount, formatCount, formatPercent, formatPointChange, t, toLang, type Lang } from './i18n.ts';
export { renderBars, type BarDatum, type BarOptions } from './renderers/bars.ts';

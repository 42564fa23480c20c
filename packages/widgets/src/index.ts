/** @strata/widgets: registers every Strata element and exports their classes and types. */
import './dashboard/register.ts';
import './import/register.ts';
import './list/register.ts';

export { StrataDashboard, type Manifest } from './dashboard/dashboard.ts';
export { StrataKpis } from './kpis/kpis.ts';
export { StrataSegments, type SegmentChart } from './segments/segments.ts';
export { StrataNpl, type NplResult, type NplTrendResult, type NplMigrationResult, type NplViewResult, type NplViewName } from './npl/npl.ts';
export { StrataFunnel, type FunnelResult, type FunnelSplit } from './funnel/funnel.ts';
export { StrataAttainment } from './attainment/attainment.ts';
export { StrataTable, type TableResult } from './table/table.ts';
export { StrataFilters } from './filters/filters.ts';
/** The class arrives with its own chunk: `await customElements.whenDefined('strata-import')`. */
export type { StrataImport } from './import/import.ts';
/** `<strata-list>` arrives with its own chunk when one is in the document, or on `loadStrataList()`. */
export type { StrataList, ListResult, ListManager } from './list/list.ts';
export { loadStrataList } from './list/register.ts';
export { StrataView, type Palette, type TableColumn, type TableData } from './base/view.ts';
/** The views' coordinator is fetched with the first query: import it from `@strata/widgets/coordinator`. */
export type { PlanClient, PlanCoordinator, Readings } from './base/coordinator.ts';
export { dashboardContext, type DashboardState, type Theme } from './context.ts';
export * from './events.ts';
export { codeLabel, formatAmount, formatCount, formatPercent, formatPointChange, t, toLang, type Lang } from './i18n.ts';
export { renderBars, type BarDatum, type BarOptions } from './renderers/bars.ts';
/** The treemap renderer is fetched on demand (with d3-hierarchy): import it from `@strata/widgets/treemap`. */
export type { TreemapDatum, TreemapOptions } from './renderers/treemap.ts';
export { renderMarimekko, type MarimekkoDatum, type MarimekkoOptions } from './renderers/marimekko.ts';
export { renderLines, type LinePoint, type LineSeries, type LineOptions } from './renderers/lines.ts';
export { renderStackedArea, type StackedLayer, type StackedRow, type StackedAreaOptions } from './renderers/stacked-area.ts';
export { renderHeatmap, type HeatmapCell, type HeatmapAxisItem, type HeatmapOptions } from './renderers/heatmap.ts';
export { renderFunnel, type FunnelStageDatum, type FunnelPanel, type FunnelList, type FunnelOptions } from './renderers/funnel.ts';
export { renderBullets, type BulletDatum, type BulletOptions } from './renderers/bullet.ts';

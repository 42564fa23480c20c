/** @strata/sdk: bank tiering, NPL and marketing-pipeline metrics over DuckDB. No DOM. */
export * from './schema.ts';
export * from './rules.ts';
export * from './dimensions.ts';
export * from './filters.ts';
export * from './strata.ts';
export type { Engine, SqlValue, QueryOptions, BulkData, CsvOptions, InsertOptions } from './engine/types.ts';
export { DuckDBWasmEngine, STRATA_DATABASE_SQL, type DuckDBWasmAdapter } from './engine/duckdb-wasm.ts';
export { LoadError, formatProblem, MAX_REPORTED_PROBLEMS, type LoadProblem, type LoadProblemGroup, type LoadWarning, type ProblemKind } from './load/errors.ts';
export type { Mapping, TableMapping, MoneyUnit, OrphanPolicy, UnitSpelling } from './load/mapping.ts';
export type { LoadInput, LoadOptions, LoadReport, AppliedUnit } from './load/load.ts';
export type { LoadPreview, TablePreview, PreviewOptions } from './load/preview.ts';
export { guessTable } from './load/headers.ts';
export { ACCEPTED_UNITS, parseUnit, UNIT_LABELS } from './load/units.ts';
export type { Source, SourceSpec, SourceData, Format, Encoding } from './load/source.ts';
export type * from './queries/metrics.ts';
export { maskId, maskName } from './mask.ts';

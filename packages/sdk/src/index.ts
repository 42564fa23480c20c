/** @strata/sdk: bank tiering, NPL and marketing-pipeline metrics over DuckDB. No DOM. */
export * from './schema.ts';
export * from './rules.ts';
export * from './dimensions.ts';
export * from './filters.ts';
export * from './strata.ts';
export type { Engine, SqlValue, QueryOptions, BulkData, CsvOptions, InsertOptions } from './engine/types.ts';
export { DuckDBWasmEngine, STRATA_DATABASE_SQL, type DuckDBWasmAdapter } from './engine/duckdb-wasm.ts';
export { LoadError, formatProblem, MAX_REPORTED_PROBLEMS, type LoadProblem, type LoadWarning } from './load/errors.ts';
export type { Mapping, TableMapping, MoneyUnit, OrphanPolicy } from './load/mapping.ts';
export type { LoadInput, LoadOptions, LoadReport } from './load/load.ts';
export type { Source, SourceSpec, SourceData, Format, Encoding } from './load/source.ts';
/** How the loader reads a CSV's text and header: for a host that shows a file's columns before loading it. */
export { decodeText, parseCsvHeader } from './load/source.ts';
export type * from './queries/metrics.ts';
export { maskId, maskName } from './mask.ts';

/**
 * @strata/sdk for Node: `Strata.open()` runs duckdb-wasm's Node build in-process, and `load()`
 * reads a path string (relative to the working directory) or a file: URL from disk.
 * `createNativeEngine()` is native DuckDB instead (`Strata.open({ engine })`): for a server, and
 * for `strata pack`.
 */
import type { NativeDuckDBEngine, NativeEngineOptions } from './engine/duckdb-node.ts';
import { createNodeEngine } from './engine/node.ts';
import { nodeFiles } from './load/node-files.ts';
import { setLocalFiles } from './load/source.ts';
import { setDefaultEngine } from './strata.ts';

setDefaultEngine(createNodeEngine);
setLocalFiles(nodeFiles);

export * from './index.ts';
export * from './mapping.ts';
/** An engine over native DuckDB (engine/duckdb-node.ts), its native library loaded on first use. */
export async function createNativeEngine(options?: NativeEngineOptions): Promise<NativeDuckDBEngine> {
  const { NativeDuckDBEngine } = await import('./engine/duckdb-node.ts');
  return NativeDuckDBEngine.create(options);
}

export { createNodeEngine, type NativeDuckDBEngine, type NativeEngineOptions };

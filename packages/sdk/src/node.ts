/**
 * @strata/sdk for Node: `Strata.open()` runs duckdb-wasm's Node build in-process, and `load()`
 * reads a path string (relative to the working directory) or a file: URL from disk.
 * `createNativeEngine()` is native DuckDB instead (`Strata.open({ engine })`): for a server, and
 * for `strata pack`.
 */
import { createNativeEngine, type NativeEngineOptions } from './engine/duckdb-node.ts';
import { createNodeEngine } from './engine/node.ts';
import { nodeFiles } from './load/node-files.ts';
import { setLocalFiles } from './load/source.ts';
import { setDefaultEngine } from './strata.ts';

setDefaultEngine(createNodeEngine);
setLocalFiles(nodeFiles);

export * from './index.ts';
export * from './mapping.ts';
export { createNativeEngine, createNodeEngine, type NativeEngineOptions };

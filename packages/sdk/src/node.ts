/** @strata/sdk for Node: `Strata.open()` runs duckdb-wasm's Node build in-process. */
import { createNodeEngine } from './engine/node.ts';
import { setDefaultEngine } from './strata.ts';

setDefaultEngine(createNodeEngine);

export * from './index.ts';
export { createNodeEngine };

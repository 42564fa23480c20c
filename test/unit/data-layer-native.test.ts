/** The data-layer suite on native DuckDB (@duckdb/node-api), as data-layer.test.ts runs it on duckdb-wasm's Node build. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@strata/sdk/node';
import { generate } from '@strata/synth';
import { dataLayerSuite } from '../data-layer/suite.ts';

dataLayerSuite({
  describe,
  it,
  before: beforeAll,
  after: afterAll,
  expect,
  createEngine: createNativeEngine,
  syntheticBank: () => generate({ seed: 7, loanRows: 30_000 }),
});

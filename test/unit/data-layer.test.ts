import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '@strata/sdk/node';
import { generate } from '@strata/synth';
import { dataLayerSuite } from '../data-layer/suite.ts';

dataLayerSuite({
  describe,
  it,
  before: beforeAll,
  after: afterAll,
  expect,
  createEngine: createNodeEngine,
  syntheticBank: () => generate({ seed: 7, loanRows: 30_000 }),
});

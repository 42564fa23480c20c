import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '@strata/sdk/node';
import { dataLayerSuite } from '../data-layer/suite.ts';

dataLayerSuite({ describe, it, before: beforeAll, after: afterAll, expect, createEngine: createNodeEngine });

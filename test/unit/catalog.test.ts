/**
 * The metric catalog (packages/sdk/src/catalog.ts) is the one list of metrics: every Strata method
 * that answers a metric is in it, the CLI offers exactly its metrics with each one's own options,
 * and the cubes' answers are named for metrics of it.
 */
import { describe, expect, it } from 'vitest';
import { Strata } from '@strata/sdk';
import { METRIC_CATALOG, METRIC_NAMES } from '../../packages/sdk/src/catalog.ts';
import { METRICS } from '../../packages/sdk/src/cli/metrics.ts';
import { CUBE_ANSWERS } from '../../packages/sdk/src/cubes/index.ts';

/** Strata's public methods that are not metrics: loading, the data's own lists, the cache, raw queries, plans of metrics. */
const NOT_METRICS = ['constructor', 'load', 'preview', 'restart', 'setRules', 'dataDefaults', 'run', 'clearCache', 'rows', 'rowCount', 'months', 'campaigns', 'campaign', 'close', 'plan', 'list', 'ready', 'prepareLoad'];

describe('the metric catalog', () => {
  it('holds every metric method of Strata, and nothing else', () => {
    const methods = Object.getOwnPropertyNames(Strata.prototype).filter((name) => {
      const descriptor = Object.getOwnPropertyDescriptor(Strata.prototype, name)!;
      return typeof descriptor.value === 'function' && !NOT_METRICS.includes(name) && !isPrivate(name);
    });
    expect(methods.sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('gives the CLI its metrics: one command each, with the options the method takes', () => {
    expect([...METRICS.keys()]).toEqual(METRIC_NAMES.map((m) => METRIC_CATALOG[m].command));
    expect(METRICS.get('npl')).toEqual({ method: 'npl', options: ['by', 'asOf'], required: undefined });
    expect(METRICS.get('segments')).toEqual({ method: 'segments', options: ['by', 'measure', 'asOf'], required: ['by'] });
    expect(METRICS.get('overdue')).toEqual({ method: 'overdueFollowUps', options: ['campaign', 'by', 'days', 'asOf'], required: undefined });
  });

  it('names the cubes’ answers for metrics of its own', () => {
    const cubed = METRIC_NAMES.filter((m) => 'cube' in METRIC_CATALOG[m]).map((m) => (METRIC_CATALOG[m] as { cube: string }).cube);
    // And the table's count of rows, which is no metric.
    expect([...cubed, 'rowCount'].sort()).toEqual(Object.keys(CUBE_ANSWERS).sort());
  });
});

/** Private methods of the class (TypeScript's `private` leaves them on the prototype): those the catalog does not list by design. */
function isPrivate(name: string): boolean {
  return ['serialised', 'reopen', 'loadInto', 'loadOptions', 'currentDefaults', 'inContext', 'metric', 'catalogMetric', 'answer', 'context', 'execute', 'listTableFor', 'dropListTable', 'deepPages'].includes(name);
}

/**
 * `strata.plan`: a click's requests answered together, as data (`{ metric, options }`), the
 * previous plan cancelled as a whole.
 */
import { throwIfAborted } from './engine/types.ts';
import { StrataOptionError } from './errors.ts';
import { METRIC_CATALOG, type MetricName } from './catalog.ts';
import type { MetricRows } from './results.ts';
import type { Strata } from './strata.ts';

/**
 * One request of a plan: a metric of the catalog and the options its method takes (without the
 * signal: the plan's is used). The options are apart because some metrics take a `metric` option
 * of their own (the target a funnel or attainment counts).
 */
export type PlanRequest = { [M in MetricName]: { metric: M; options?: Omit<NonNullable<Parameters<Strata[M]>[0]>, 'signal'> } }[MetricName];

/** A request's answer in a plan: its rows, or the error it alone met (a bad option, missing data…). */
export type PlanResult<Row = unknown> = { rows: MetricRows<Row>; error?: undefined } | { rows?: undefined; error: Error };

export class Planner {
  private controller?: AbortController;

  constructor(private readonly ask: (metric: MetricName, options: object) => Promise<MetricRows<unknown>>) {}

  /**
   * `onResult` hears each request's answer as soon as it has it (by its index in `requests`): a
   * request the cubes answer is not held back by one that waits for a table still loading.
   */
  async plan(requests: readonly PlanRequest[], given: AbortSignal | undefined, onResult?: (index: number, result: PlanResult) => void): Promise<PlanResult[]> {
    if (!Array.isArray(requests)) throw new StrataOptionError('requests', requests, 'an array of { metric, options } requests');
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = given ? AbortSignal.any([given, controller.signal]) : controller.signal;
    const asked = new Map<string, Promise<PlanResult>>();
    const answers = requests.map((request): Promise<PlanResult> => {
      const { metric, options: own } = (request ?? {}) as Partial<PlanRequest>;
      if (typeof metric !== 'string' || !Object.hasOwn(METRIC_CATALOG, metric)) {
        const error = new StrataOptionError('metric', metric, `a metric of the catalog: one of ${Object.keys(METRIC_CATALOG).join(', ')}`);
        return Promise.resolve({ error });
      }
      if (own !== undefined && (typeof own !== 'object' || own === null || Array.isArray(own))) {
        return Promise.resolve({ error: new StrataOptionError('options', own, `an object of ${metric}'s options (or nothing)`) });
      }
      const key = JSON.stringify([metric, own ?? {}]);
      let answer = asked.get(key);
      if (!answer) {
        answer = this.ask(metric as MetricName, { ...(own ?? {}), signal }).then(
          (rows) => ({ rows }),
          (error: Error) => ({ error }),
        );
        asked.set(key, answer);
      }
      return answer;
    });
    if (onResult) {
      answers.forEach((answer, i) =>
        void answer.then((result) => {
          if (!signal.aborted) onResult(i, result);
        }),
      );
    }
    const results = await Promise.all(answers);
    if (this.controller === controller) this.controller = undefined;
    throwIfAborted(signal);
    return results;
  }
}

/**
 * One plan per click (Mosaic's Coordinator to its clients): views ask their readings here, never
 * of the Strata itself. Everything the views of one Strata ask in the same turn (every view after
 * a filter change) becomes one `strata.plan`, so identical requests of two views are asked once,
 * the data's defaults are read once and the cubes answer what they cover; the lists, counts,
 * campaign and month ends beside the metrics run with it under the same signal. A new turn's plan
 * replaces the previous one as a whole: what its views still wait for is asked again in the new
 * plan (from the cache, mostly), what they gave up on is cancelled.
 *
 * And ahead of a click (as Mosaic and Falcon do when the pointer enters a view): `prefetch` asks
 * what every view would ask under the filters a click would set, so that its statements are cached,
 * or running and joined, when the click comes.
 *
 * Fetched with a page's first query (in the cubes' chunk, beside the SDK's planner), outside what a
 * page downloads to start; `@strata/widgets/coordinator` for code that wants it.
 */
import { type FilterClause, type PlanRequest, type PlanResult, type Strata } from '@strata/sdk';

// Fetched with the coordinator: whether a view's new answer equals the one it shows.
export { sameResult } from './same.ts';
export { UpdateGate } from './update-gate.ts';
export * as tooltipShow from './tooltip-show.ts';

/** The catalog's metrics a view may ask: planned together. */
const PLANNED = ['kpis', 'segments', 'npl', 'nplTrend', 'classMix', 'migration', 'migrationRates', 'vintage', 'funnel', 'lostReasons', 'overdueFollowUps', 'attainment'] as const;
/** Readings beside the metrics (not in the plan's catalog): run directly, under the plan's signal. */
const BESIDE = ['rows', 'rowCount', 'campaign', 'months'] as const;

type Reading = (typeof PLANNED)[number] | (typeof BESIDE)[number];

/** What a view may ask while it queries: the Strata's readings, answered through the coordinator. */
export type Readings = Pick<Strata, Reading>;

/** A view the coordinator can ask ahead of a click: it asks what it would ask, through `readings`. */
export interface PlanClient {
  prefetch(readings: Readings, signal: AbortSignal): Promise<unknown>;
}

interface Ask {
  reading: Reading;
  options: Record<string, unknown>;
  signal: AbortSignal;
  settled: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  asks: Ask[];
  controller: AbortController;
}

const abortError = () => new DOMException('The query was aborted', 'AbortError');
const isAbort = (error: unknown) => (error as Error | null)?.name === 'AbortError';

/** The options as the Strata gets them: the caller's, without its signal (the plan's is used). */
function ownOptions(options: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = typeof options === 'object' && options !== null ? { ...(options as object) } : {};
  delete copy.signal;
  return copy;
}

/** Readings whose every method hands its reading and the caller's options (signal left out) to `ask`. */
function readingsBy(ask: (reading: Reading, options: Record<string, unknown>) => Promise<unknown>): Readings {
  const readings: Partial<Record<Reading, (options?: unknown) => Promise<unknown>>> = {};
  for (const reading of [...PLANNED, ...BESIDE]) readings[reading] = (options) => ask(reading, ownOptions(options));
  return readings as unknown as Readings;
}

export class PlanCoordinator {
  /** Plans made: one per click however many views, for tests and the benchmark. */
  plans = 0;
  /** Clicks asked ahead of them. */
  prefetches = 0;
  private queued: Ask[] = [];
  private current?: Batch;
  private flushTimer?: ReturnType<typeof setTimeout>;
  private prefetching?: AbortController;
  private readonly clients = new Set<PlanClient>();

  constructor(private readonly strata: Strata) {}

  /** The readings a view asks under `signal` (its query's): answered by the next plan. */
  readings(signal: AbortSignal): Readings {
    return readingsBy((reading, options) => this.ask(reading, options, signal));
  }

  register(client: PlanClient): void {
    this.clients.add(client);
  }

  unregister(client: PlanClient): void {
    this.clients.delete(client);
  }

  /**
   * Asks what every registered view would ask under `filters` (the state a click would make),
   * straight from the Strata: answers are not shown, only cached. Replaced by the next prefetch,
   * cancelled by the next plan or `cancelPrefetch`.
   */
  prefetch(filters: readonly FilterClause[]): void {
    this.cancelPrefetch();
    const controller = new AbortController();
    this.prefetching = controller;
    this.prefetches++;
    const readings = readingsBy((reading, options) => {
      const own = { ...options, signal: controller.signal };
      // Metrics take the clauses a click would set; the campaign and month ends do not filter.
      return (this.strata[reading] as (o: unknown) => Promise<unknown>)(reading === 'campaign' || reading === 'months' ? own : { ...own, filters });
    });
    const asked = [...this.clients].map((client) => client.prefetch(readings, controller.signal));
    // Answers asked ahead are only cached: an error (or the abort) shows when the click asks again.
    this.prefetched = Promise.allSettled(asked).then(() => undefined);
  }

  /** Settles when the last prefetch's readings have all been answered (or given up). */
  prefetched: Promise<void> = Promise.resolve();

  cancelPrefetch(): void {
    this.prefetching?.abort();
    this.prefetching = undefined;
  }

  private ask(reading: Reading, options: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortError());
      const ask: Ask = { reading, options, signal, settled: false, resolve, reject };
      signal.addEventListener('abort', () => this.abandon(ask), { once: true });
      this.queued.push(ask);
      // After every view of this turn has asked (their updates run as microtasks): one plan.
      this.flushTimer ??= setTimeout(() => this.flush(), 0);
    });
  }

  /** A view gave up on an answer (its query was replaced): a plan nobody waits for is cancelled. */
  private abandon(ask: Ask): void {
    if (!settle(ask, { error: abortError() })) return;
    const batch = this.current;
    if (batch?.asks.includes(ask) && batch.asks.every((a) => a.settled)) batch.controller.abort();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const previous = this.current;
    const asks = [...(previous?.asks ?? []), ...this.queued].filter((a) => !a.settled);
    this.queued = [];
    previous?.controller.abort();
    this.current = undefined;
    if (asks.length === 0) return;
    // What the user asks for comes before what they might.
    this.cancelPrefetch();
    const batch: Batch = { asks, controller: new AbortController() };
    this.current = batch;
    void this.run(batch);
  }

  private async run(batch: Batch): Promise<void> {
    this.plans++;
    const { signal } = batch.controller;
    const planned = batch.asks.filter((a) => (PLANNED as readonly string[]).includes(a.reading));
    const beside = batch.asks.filter((a) => !(PLANNED as readonly string[]).includes(a.reading));
    // Each answer goes to its view as it comes, while the batch is the current one: a view the
    // cubes answer draws while another waits for the loans of a bundle still loading.
    const early = (ask: Ask, answer: Answer) => {
      if (!signal.aborted && this.current === batch) settle(ask, answer);
    };
    const besideAnswers = beside.map((a) =>
      (this.strata[a.reading] as (o: unknown) => Promise<unknown>)({ ...a.options, signal }).then(
        (value): Answer => (early(a, { value }), { value }),
        (error: unknown): Answer => ({ error }),
      ),
    );
    let plannedAnswers: Answer[] = [];
    if (planned.length > 0) {
      const requests = planned.map((a) => ({ metric: a.reading, options: a.options }) as PlanRequest);
      const onResult = (i: number, result: PlanResult) => {
        if (!result.error) early(planned[i]!, fromPlan(result));
      };
      for (;;) {
        try {
          plannedAnswers = (await this.strata.plan(requests, { signal, onResult })).map(fromPlan);
          break;
        } catch (error) {
          // Replaced by the next turn's plan, or nobody waits: the asks still waited for moved on.
          if (signal.aborted) return;
          // Another caller's plan on this Strata replaced ours: ask again.
          if (isAbort(error)) continue;
          plannedAnswers = planned.map(() => ({ error }));
          break;
        }
      }
    }
    const besides = await Promise.all(besideAnswers);
    if (signal.aborted || this.current !== batch) return;
    this.current = undefined;
    planned.forEach((a, i) => settle(a, plannedAnswers[i]!));
    beside.forEach((a, i) => settle(a, besides[i]!));
  }
}

type Answer = { value: unknown; error?: undefined } | { value?: undefined; error: unknown };

const fromPlan = (result: PlanResult): Answer => (result.error ? { error: result.error } : { value: result.rows });

/** Answers an ask once; false when it was already answered. */
function settle(ask: Ask, answer: Answer): boolean {
  if (ask.settled) return false;
  ask.settled = true;
  if (answer.error !== undefined) ask.reject(answer.error);
  else ask.resolve(answer.value);
  return true;
}

const coordinators = new WeakMap<Strata, PlanCoordinator>();

/** The coordinator of a Strata's views: one per Strata, shared by every view reading it. */
export function coordinatorOf(strata: Strata): PlanCoordinator {
  let coordinator = coordinators.get(strata);
  if (!coordinator) coordinators.set(strata, (coordinator = new PlanCoordinator(strata)));
  return coordinator;
}

/**
 * The Mosaic side of the benchmark (browser code): a `@uwdata/mosaic-core` Coordinator whose wasm
 * connector runs on the page's own duckdb-wasm database (the Strata browser engine's
 * `engine.duckdb`, in the engine's own attached database), and the three aggregations Strata's SDK computes, written with
 * `@uwdata/mosaic-sql`'s query builder the way a Mosaic user would, over Strata's derived layer
 * (`strata_customer_facts`, `strata_loan_facts`, `strata_pipeline_facts`).
 *
 * Each call returns plain rows and the milliseconds from the coordinator request until those rows
 * are in hand (Mosaic's Arrow decode by flechette and the conversion to plain values included).
 *
 * Nothing is fetched: the connector is given an existing `AsyncDuckDB`, so Mosaic never reaches
 * its default CDN bundle (that path, `initDatabase`, runs only when no instance is given).
 */
import { Coordinator, wasmConnector } from '@uwdata/mosaic-core';
import type { BrowserEngine } from '@strata/sdk/browser';
import {
  Query,
  ScalarSubqueryNode,
  and,
  cast,
  coalesce,
  column,
  cond,
  count,
  desc,
  eq,
  first_value,
  float64,
  from,
  gte,
  isBetween,
  isIn,
  isNotDistinct,
  join,
  cross_join,
  lag,
  literal,
  max,
  sql,
  sum,
  type ExprNode,
} from '@uwdata/mosaic-sql';

export type MosaicValue = number | string | null;
export type MosaicRow = Record<string, MosaicValue>;

export interface MosaicResult {
  rows: MosaicRow[];
  /** From the coordinator request until plain rows are in hand (decode included), performance.now(). */
  ms: number;
}

/**
 * A cross-filter clause as the dashboard sets one: a tier or a branch. Both fields are columns of
 * all three facts, so (as in Strata's queries/where.ts) the clause applies directly to each fact.
 */
export type MosaicFilter = { field: 'tier'; value: string } | { field: 'branch_id'; value: string };

export interface MosaicOptions {
  /**
   * Mosaic's query consolidation (default off here). When on, every query waits one
   * requestAnimationFrame so that queries issued together can be merged: with one query at a time
   * that only adds a frame to each timing.
   */
  consolidate?: boolean;
}

export interface MosaicSide {
  readonly coordinator: Coordinator;
  /** `strata.segments({ by: 'tier', measure: 'balance' })`. */
  segments(filter?: MosaicFilter): Promise<MosaicResult>;
  /** `strata.npl({ by: 'industry_class' })`. */
  npl(filter?: MosaicFilter): Promise<MosaicResult>;
  /** `strata.funnel({ campaign })`; without a campaign, the one Strata picks by default. */
  funnel(filter?: MosaicFilter, campaign?: string): Promise<MosaicResult>;
  /**
   * Any SQL text through the same coordinator and connector (Strata's own SQL, say). `?`
   * placeholders, if any, are filled from `params` as mosaic-sql literals (duckdb-wasm's
   * connector has no bound parameters).
   */
  rawSql(sqlText: string, params?: readonly (string | number | boolean | null)[]): Promise<MosaicResult>;
  /** The SQL text Mosaic runs for one of the three aggregations (for logs and for the report). */
  sqlOf(metric: 'segments' | 'npl' | 'funnel', filter?: MosaicFilter, campaign?: string): string;
}

const CUSTOMERS = 'strata_customer_facts';
const LOANS = 'strata_loan_facts';
const PIPELINE = 'strata_pipeline_facts';

const NPL_CLASSES = ['substandard', 'doubtful', 'loss'];
const FUNNEL_STAGES = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed'];

// In mosaic-sql a bare string is a column name: every value goes in through literal().
const isNpl = () => isIn('classification', NPL_CLASSES.map((c) => literal(c)));

/** x / NULLIF(y, 0): null for an empty denominator, as in Strata. A string is a column name. */
const ratio = (x: ExprNode | string, y: ExprNode | string) => sql`${asColumn(x)} / NULLIF(${asColumn(y)}, 0)`;
const asColumn = (x: ExprNode | string) => (typeof x === 'string' ? column(x) : x);

/** A query used as a value: `(SELECT …)`. */
const scalar = (query: Query) => new ScalarSubqueryNode(query);

/** The clause on one fact (all three facts carry tier and branch_id). */
function where(filter: MosaicFilter | undefined): ExprNode[] {
  if (!filter) return [];
  if (filter.field !== 'tier' && filter.field !== 'branch_id') throw new RangeError(`unsupported filter field ${String((filter as { field: unknown }).field)}`);
  return [eq(column(filter.field), literal(filter.value))];
}

/** The latest month end. */
const latestMonthEnd = () => scalar(Query.from('loans').select({ as_of: max('as_of') }));

function segmentsQuery(filter?: MosaicFilter): Query {
  const key = cast(column('tier'), 'VARCHAR');
  const customers = Query.from(CUSTOMERS)
    .select({
      key,
      label: key,
      customers: float64(count()),
      deposits: float64(coalesce(sum('deposits_avg'), 0)),
      contribution: float64(coalesce(sum('contribution'), 0)),
    })
    .where(where(filter))
    .groupby('key');
  const loans = Query.from(LOANS)
    .select({
      key,
      label: key,
      balance: float64(sum('balance')),
      npl_balance: float64(coalesce(sum('balance').where(isNpl()), 0)),
      borrowers: float64(count('customer_id').distinct()),
    })
    .where(eq(column('as_of'), latestMonthEnd()), where(filter))
    .groupby('key');
  const c = (name: string) => column(name, 'c');
  const l = (name: string) => column(name, 'l');
  const balance = coalesce(l('balance'), 0);
  return Query.with({ c: customers, l: loans })
    .select({
      key: coalesce(c('key'), l('key')),
      label: coalesce(c('label'), l('label')),
      customers: coalesce(c('customers'), 0),
      borrowers: coalesce(l('borrowers'), 0),
      balance,
      npl_balance: coalesce(l('npl_balance'), 0),
      npl_ratio: ratio(l('npl_balance'), l('balance')),
      deposits: coalesce(c('deposits'), 0),
      contribution: coalesce(c('contribution'), 0),
      share: ratio(balance, sum(balance).window()),
    })
    .from(join('c', 'l', { type: 'FULL', on: isNotDistinct(c('key'), l('key')) }))
    .orderby(desc(l('balance'), false), literal(1)); // then the first column (key), as Strata orders
}

function nplQuery(filter?: MosaicFilter): Query {
  // As Strata keys a group: the class typed (a number), its label the text.
  const grouped = Query.from(LOANS)
    .select({
      key: column('industry_class'),
      label: cast(column('industry_class'), 'VARCHAR'),
      balance: float64(sum('balance')),
      npl_balance: float64(coalesce(sum('balance').where(isNpl()), 0)),
      loans: float64(count()),
      npl_loans: float64(count().where(isNpl())),
      special_mention_balance: float64(coalesce(sum('balance').where(eq(column('classification'), literal('special_mention'))), 0)),
    })
    .where(eq(column('as_of'), latestMonthEnd()), where(filter))
    .groupby('key');
  return Query.with({ g: grouped })
    .select(
      'key',
      'label',
      'balance',
      'npl_balance',
      'loans',
      'npl_loans',
      'special_mention_balance',
      {
        npl_ratio: ratio('npl_balance', 'balance'),
        npl_ratio_count: ratio('npl_loans', 'loans'),
        special_mention_ratio: ratio('special_mention_balance', 'balance'),
        balance_share: ratio('balance', sum('balance').window()),
      },
    )
    .from('g')
    .orderby(desc('balance'), 'key');
}

/** Strata's default campaign: the one running at the data's "today", else the latest to end. */
function defaultCampaign(): ExprNode {
  const today = coalesce(
    latestMonthEnd(),
    scalar(Query.from('pipeline').select({ d: max(coalesce('updated_at', 'created_at')) })),
    scalar(Query.from('customers').select({ d: max('last_active_date') })),
  );
  return scalar(
    Query.from('campaigns')
      .select('campaign_id')
      .orderby(desc(isBetween(today, [column('start_date'), column('end_date')])), desc('end_date'), 'campaign_id')
      .limit(1),
  );
}

function funnelQuery(filter?: MosaicFilter, campaign?: string): Query {
  // The furthest stage a lead reached (a lost lead counts as identified only).
  let reached = cond();
  FUNNEL_STAGES.forEach((stage, i) => (reached = reached.when(eq(column('stage'), literal(stage)), i + 1)));
  reached = reached.when(eq(column('stage'), literal('lost')), 1);
  const campaignId = campaign === undefined ? defaultCampaign() : cast(literal(campaign), 'VARCHAR');
  // What the loan-amount target counts (as Strata's funnel states on the disbursed stage): disbursed
  // loan leads dated from the campaign's start to its end or the data's "today", whichever is first.
  const period = Query.from('campaigns').select({ start_date: 'start_date', end_date: 'end_date' }).where(isNotDistinct('campaign_id', campaignId));
  const counted = sql`CASE WHEN ${column('stage')} = 'disbursed' AND ${column('product')} NOT IN ('credit_card', 'card_installment', 'deposit')
    AND COALESCE(${column('updated_at')}, ${column('created_at')}) BETWEEN (SELECT start_date FROM (${period}))
    AND least((SELECT end_date FROM (${period})), (SELECT ref_date FROM strata_meta)) THEN ${column('amount')} END`;
  const leads = Query.from(PIPELINE)
    .select({ key: literal('all'), label: literal('all'), reached, stage: 'stage', amount: 'amount', counted })
    .where(isNotDistinct('campaign_id', campaignId), where(filter));
  const keys = Query.from('p').select('key', { label: sql`any_value(${column('label')})` }).groupby('key');
  const stages = Query.unionAll(FUNNEL_STAGES.map((stage, i) => Query.select({ stage: literal(stage), ord: literal(i + 1) })));
  const k = (name: string) => column(name, 'k');
  const s = (name: string) => column(name, 's');
  const p = (name: string) => column(name, 'p');
  const counts = Query.from(
    join(cross_join(from('keys', 'k'), from('stages', 's')), 'p', { type: 'LEFT', on: and(isNotDistinct(p('key'), k('key')), gte(p('reached'), s('ord'))) }),
  )
    .select({
      key: k('key'),
      label: k('label'),
      stage: s('stage'),
      ord: s('ord'),
      count: float64(count(p('reached'))),
      amount: float64(coalesce(sum(p('amount')), 0)),
      current: float64(count().where(eq(p('stage'), s('stage')))),
      target_actual: sql`CASE WHEN ${s('stage')} = 'disbursed' THEN COALESCE(sum(${p('counted')}), 0)::DOUBLE END`,
    })
    .groupby(k('key'), k('label'), s('stage'), s('ord'));
  return Query.with({ p: leads, keys, stages, counts })
    .select('key', 'label', 'stage', 'count', 'amount', 'current', 'target_actual', {
      step_conversion: ratio('count', lag('count').partitionby('key').orderby('ord')),
      overall_conversion: ratio('count', first_value('count').partitionby('key').orderby('ord')),
    })
    .from('counts')
    .orderby('key', 'ord');
}

/** One value of a decoded row as a plain number, string or null. */
function plain(value: unknown): MosaicValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

/** `?` placeholders (outside quotes and comments) filled with mosaic-sql literals. */
function inline(text: string, params: readonly (string | number | boolean | null)[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      const stop = end < 0 ? text.length : end;
      // A doubled quote inside a quoted run is just two adjacent runs: copying through works.
      out += text.slice(i, stop + 1);
      i = stop;
    } else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (ch === '?') {
      if (next >= params.length) throw new RangeError(`the SQL has more placeholders than the ${params.length} values given`);
      out += String(literal(params[next++]!));
    } else {
      out += ch;
    }
  }
  if (next !== params.length) throw new RangeError(`the SQL has ${next} placeholders, ${params.length} values given`);
  return out;
}

export async function openMosaic(engine: BrowserEngine, options: MosaicOptions = {}): Promise<MosaicSide> {
  // mosaic-core 0.32 types its connector against its own (pinned) duckdb-wasm build; the object
  // given is ours (1.32.0), which has the two methods the connector uses: connect() and, on the
  // connection, useUnsafe() → bindings.runQuery(conn, sql) returning Arrow IPC bytes.
  type ConnectorDb = NonNullable<NonNullable<Parameters<typeof wasmConnector>[0]>['duckdb']>;
  const connector = wasmConnector({ duckdb: engine.duckdb as unknown as ConnectorDb });
  // Open the connection now, so that the first timed query does not pay for it.
  await connector.getConnection();
  const coordinator = new Coordinator(connector, { cache: false, consolidate: options.consolidate ?? false, logger: null });
  // The engine's tables live in its own attached database (see DuckDBWasmEngine): a new
  // connection starts in the default one.
  await coordinator.exec(engine.useDatabaseSql);

  async function run(query: Query | string): Promise<MosaicResult> {
    const start = performance.now();
    const table = await coordinator.query(query, { cache: false });
    const names = table.names as string[];
    const rows = table.toArray().map((row: Record<string, unknown>) => {
      const out: MosaicRow = {};
      for (const name of names) out[name] = plain(row[name]);
      return out;
    });
    return { rows, ms: performance.now() - start };
  }

  const build = (metric: 'segments' | 'npl' | 'funnel', filter?: MosaicFilter, campaign?: string): Query =>
    metric === 'segments' ? segmentsQuery(filter) : metric === 'npl' ? nplQuery(filter) : funnelQuery(filter, campaign);

  return {
    coordinator,
    segments: (filter) => run(segmentsQuery(filter)),
    npl: (filter) => run(nplQuery(filter)),
    funnel: (filter, campaign) => run(funnelQuery(filter, campaign)),
    rawSql: (sqlText, params = []) => run(params.length ? inline(sqlText, params) : sqlText),
    sqlOf: (metric, filter, campaign) => String(build(metric, filter, campaign)),
  };
}

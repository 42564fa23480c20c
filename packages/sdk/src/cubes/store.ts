/**
 * The one catalog of what a Strata holds in memory (each cube's layout), and the store that reads
 * each once per engine generation (a load or a change of rules makes a new one), shared by every
 * metric asking meanwhile.
 */
import type { Engine } from '../engine/types.ts';
import {
  BORROWER_CUBE,
  BORROWER_CUBE_COLUMNS,
  CUSTOMER_CUBE,
  CUSTOMER_CUBE_COLUMNS,
  LOAN_CUBE,
  LOAN_CUBE_COLUMNS,
  MIGRATION_CUBE,
  MIGRATION_CUBE_COLUMNS,
  PIPELINE_FACTS,
} from '../queries/facts.ts';
import { DIMENSION_NAMES, DIMENSIONS } from '../dimensions.ts';
import { readCube, type Cube, type CubeSpec } from './cube.ts';

/** The loan cube: loans and balance per month end and per value of the fields clicks select on. */
export const LOAN_CUBE_SPEC: CubeSpec = { table: LOAN_CUBE, fields: LOAN_CUBE_COLUMNS, counts: ['loans'], money: ['balance'] };
/** Customers, their deposits and contribution per value of the customer fields. */
export const CUSTOMER_CUBE_SPEC: CubeSpec = {
  table: CUSTOMER_CUBE,
  fields: CUSTOMER_CUBE_COLUMNS,
  counts: ['customers', 'customers_latest', 'customers_previous'],
  money: ['deposits_avg', 'contribution'],
};
/** Borrowers at the latest month end, their balance and NPL balance per value of the customer fields (and branch). */
export const BORROWER_CUBE_SPEC: CubeSpec = { table: BORROWER_CUBE, fields: BORROWER_CUBE_COLUMNS, counts: ['borrowers'], money: ['balance', 'npl_balance'] };
/** The default month-on-month moves: balances at both month ends and repayments per starting cell and class at the end (`to_class`). */
export const MIGRATION_CUBE_SPEC: CubeSpec = {
  table: MIGRATION_CUBE,
  fields: [...MIGRATION_CUBE_COLUMNS, 'to_class'],
  counts: [],
  money: ['balance_from', 'balance_to', 'repaid'],
};
/**
 * The pipeline facts themselves (a few thousand leads for a million loans): every field a lead is
 * selected or grouped by, its amount and dates. Held while there are at most 200,000 leads.
 */
export const PIPELINE_FACTS_SPEC: CubeSpec = {
  table: PIPELINE_FACTS,
  fields: [
    ...DIMENSION_NAMES.filter((name) => (DIMENSIONS[name].facts as readonly string[]).includes('pipeline')).map((name) => DIMENSIONS[name].key),
    'branch_name',
    'manager_name',
  ],
  counts: [],
  money: ['amount'],
  dates: ['created_at', 'updated_at'],
  maxRows: 200_000,
};
/** The campaigns' ids and dates, for the pipeline metrics' choice of campaign and its target window. */
export const CAMPAIGNS_SPEC: CubeSpec = { table: 'campaigns', fields: ['campaign_id'], counts: [], money: [], dates: ['start_date', 'end_date'] };

export class CubeStore {
  private read = new Map<string, { generation: number; cube: Promise<Cube> }>();

  constructor(private readonly engine: () => Engine) {}

  /** The cube of `spec` for the engine's current generation; undefined for an engine without generations. */
  get(spec: CubeSpec): Promise<Cube> | undefined {
    const engine = this.engine();
    const generation = engine.generation;
    if (generation === undefined || generation < 0) return undefined;
    const held = this.read.get(spec.table);
    if (held?.generation === generation) return held.cube;
    // Read without a caller's signal: the read is shared, and one caller giving up must not fail the others.
    const started = { generation, cube: readCube(engine, spec) };
    started.cube.catch(() => {
      if (this.read.get(spec.table) === started) this.read.delete(spec.table);
    });
    this.read.set(spec.table, started);
    return started.cube;
  }

  /** Every cube of `specs` (as `get`), or undefined for an engine without generations. */
  all(specs: readonly CubeSpec[]): Promise<Cube[]> | undefined {
    const cubes = specs.map((spec) => this.get(spec));
    return cubes.every((c) => c !== undefined) ? Promise.all(cubes as Promise<Cube>[]) : undefined;
  }

  clear(): void {
    this.read.clear();
  }
}

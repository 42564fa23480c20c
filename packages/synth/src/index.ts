/**
 * @strata/synth: seeded, deterministic synthetic bank data in the canonical schema (DESIGN.md).
 *
 * Pure TypeScript (no Node imports) so a browser page can generate data too. The same options always give the
 * same rows; loans are produced as a stream of chunks so 10M snapshot rows never need to be in memory at once.
 *
 *   const data = generate({ seed: 42, loanRows: 100_000 });
 *   for (const chunk of loanChunks({ loanRows: 10_000_000 })) …
 */
import type { BranchRow, CampaignRow, ContactRow, CustomerRow, HoldingRow, LoanRow, ManagerRow, PipelineRow, TargetRow } from '@strata/sdk';
import { buildCampaign } from './campaign.ts';
import { buildFollowUps } from './follow-ups.ts';
import { loanRowChunks } from './loans.ts';
import { resolveOptions, type ResolvedSynthOptions, type SynthOptions } from './options.ts';
import { buildPlan } from './plan.ts';

export type { ResolvedSynthOptions, SynthOptions } from './options.ts';
export { DEFAULT_OPTIONS, MAX_LOAN_ROWS, resolveOptions } from './options.ts';
export { CAMPAIGN_NAME, CAMPAIGN_TOTALS, splitTotal } from './campaign.ts';
export { CLASS3_BALANCE_SHARE, CLASS_BORROWER_SHARE, RISK_GROUPS, classify, industryClass } from './model.ts';
export { Rng } from './rng.ts';

/** Every table of a data set, loans included. */
export interface SynthData {
  branches: BranchRow[];
  managers: ManagerRow[];
  customers: CustomerRow[];
  loans: LoanRow[];
  pipeline: PipelineRow[];
  campaigns: CampaignRow[];
  targets: TargetRow[];
  holdings: HoldingRow[];
  contacts: ContactRow[];
}

/** The small tables, held in memory, and the loan snapshots as a stream. */
export interface Synth extends Omit<SynthData, 'loans'> {
  readonly options: ResolvedSynthOptions;
  /** Month-end snapshot dates, oldest first ('YYYY-MM-DD'). */
  readonly monthEnds: readonly string[];
  /** Number of loan snapshot rows `loanChunks` yields (equals options.loanRows). */
  readonly loanRowCount: number;
  /** Number of distinct loans. */
  readonly loanCount: number;
  /**
   * Loan snapshot rows in chunks of `chunkRows` (the last one shorter), one row per loan per month end, each
   * loan's months together. Every call starts over and yields the same rows.
   */
  loanChunks(chunkRows?: number): Generator<LoanRow[], void, undefined>;
}

/** Builds the small tables and the loan plan; loans are produced on demand by `loanChunks`. */
export function createSynth(options: SynthOptions = {}): Synth {
  const plan = buildPlan(resolveOptions(options));
  const { campaigns, targets, pipeline } = buildCampaign(plan);
  const { holdings, contacts } = buildFollowUps(plan, pipeline);
  return {
    options: plan.options,
    monthEnds: plan.cal.endStrings,
    loanRowCount: plan.loanRows,
    loanCount: plan.loans.count,
    branches: plan.branches,
    managers: plan.managers,
    customers: plan.customers,
    pipeline,
    campaigns,
    targets,
    holdings,
    contacts,
    loanChunks: (chunkRows = 100_000) => loanRowChunks(plan, chunkRows),
  };
}

/** Loan snapshot rows of `generate(options).loans`, streamed in chunks of `chunkRows`. */
export function* loanChunks(options: SynthOptions = {}, chunkRows = 100_000): Generator<LoanRow[], void, undefined> {
  yield* createSynth(options).loanChunks(chunkRows);
}

/** The whole data set in memory (fine up to a few million loan rows; stream beyond that). */
export function generate(options: SynthOptions = {}): SynthData {
  const synth = createSynth(options);
  const loans: LoanRow[] = [];
  for (const chunk of synth.loanChunks(100_000)) for (const row of chunk) loans.push(row);
  return {
    branches: synth.branches,
    managers: synth.managers,
    customers: synth.customers,
    loans,
    pipeline: synth.pipeline,
    campaigns: synth.campaigns,
    targets: synth.targets,
    holdings: synth.holdings,
    contacts: synth.contacts,
  };
}

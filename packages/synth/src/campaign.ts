/**
 * The campaign (个人贷款及银行卡百日营销), its targets by institution and manager, and its lead pipeline.
 */
import type { CampaignRow, Channel, CustomerRow, PipelineProduct, PipelineRow, Stage, TargetMetric, TargetRow } from '@strata/sdk';
import { dayOf, ymdOf } from './dates.ts';
import { LOST_REASON_WEIGHTS, LOST_REASONS } from './names.ts';
import { STREAM, type Plan } from './plan.ts';
import { Rng } from './rng.ts';

export const CAMPAIGN_NAME = '个人贷款及银行卡百日营销';

/** The campaign's totals over all institutions (the campaign text: 1113万 loans, 261 cards, 174万 instalments). */
export const CAMPAIGN_TOTALS: Readonly<Record<TargetMetric, number>> = {
  loan_amount: 11_130_000,
  cards: 261,
  installment_amount: 1_740_000,
  new_customers: 160,
};
/** Units targets are split in, for institutions and for managers. */
const BRANCH_UNIT: Record<TargetMetric, number> = { loan_amount: 10_000, cards: 1, installment_amount: 10_000, new_customers: 1 };
const MANAGER_UNIT: Record<TargetMetric, number> = { loan_amount: 1_000, cards: 1, installment_amount: 1_000, new_customers: 1 };
const METRICS: readonly TargetMetric[] = ['loan_amount', 'cards', 'installment_amount', 'new_customers'];

export interface CampaignWindow {
  row: CampaignRow;
  start: number;
  end: number;
  /** Last day with activity: asOf, or the end when asOf is later. */
  through: number;
  /** Days elapsed / days in campaign, in [0, 1]. */
  pace: number;
}

/**
 * 2024-09-21 … 2024-12-31 in asOf's year when asOf falls inside it; otherwise a 102-day campaign that ends
 * 40 days after asOf, so that asOf is always inside the campaign.
 */
export function campaignWindow(asOfDay: number, days: { get(day: number): string }): CampaignWindow {
  const { y } = ymdOf(asOfDay);
  let start = dayOf(y, 9, 21);
  let end = dayOf(y, 12, 31);
  if (asOfDay < start || asOfDay > end) {
    end = asOfDay + 40;
    start = end - 101;
  }
  const through = Math.min(asOfDay, end);
  const pace = Math.max(0, Math.min(1, (through - start + 1) / (end - start + 1)));
  return {
    row: { campaign_id: `bairi-${ymdOf(start).y}`, name: CAMPAIGN_NAME, start_date: days.get(start), end_date: days.get(end) },
    start,
    end,
    through,
    pace,
  };
}

/** Splits `total` (a multiple of `unit`) over weights in whole units; the parts sum exactly to `total`. */
export function splitTotal(total: number, weights: readonly number[], unit: number): number[] {
  const units = Math.round(total / unit);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  const raw = weights.map((w) => (sum > 0 ? (w / sum) * units : units / weights.length));
  const parts = raw.map(Math.floor);
  let left = units - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = (order[k] as readonly [number, number])[1];
    parts[i] = (parts[i] as number) + 1;
  }
  return parts.map((p) => p * unit);
}

const LOAN_PRODUCTS = ['mortgage', 'auto', 'consumer', 'business'] as const;
const LEAD_PRODUCTS: readonly PipelineProduct[] = ['credit_card', 'card_installment', 'consumer', 'business', 'mortgage', 'auto'];
const LEAD_PRODUCT_WEIGHTS = [50, 15, 13, 8, 8, 6];

const CHANNEL_MIX: Record<string, readonly (readonly [Channel, number])[]> = {
  mortgage: [['developer_partner', 45], ['referral', 15], ['existing_customer', 15], ['event', 10], ['online', 5], ['phone', 5], ['grid_visit', 5]],
  auto: [['dealer_partner', 60], ['referral', 10], ['online', 10], ['existing_customer', 10], ['event', 10]],
  consumer: [['existing_customer', 25], ['payroll_unit', 25], ['online', 20], ['phone', 15], ['referral', 10], ['grid_visit', 5]],
  business: [['grid_visit', 30], ['existing_customer', 25], ['referral', 25], ['event', 10], ['phone', 10]],
  credit_card: [['existing_customer', 25], ['payroll_unit', 20], ['event', 15], ['online', 15], ['grid_visit', 15], ['phone', 5], ['referral', 5]],
  card_installment: [['existing_customer', 40], ['phone', 25], ['online', 20], ['dealer_partner', 10], ['event', 5]],
};

function leadAmount(rng: Rng, product: PipelineProduct): number | null {
  switch (product) {
    case 'mortgage':
      return Math.round(rng.lognormal(450_000, 0.35, 200_000, 1_000_000) / 10_000) * 10_000;
    case 'auto':
      return Math.round(rng.lognormal(150_000, 0.3, 50_000, 400_000) / 1_000) * 1_000;
    case 'consumer':
      return Math.round(rng.lognormal(120_000, 0.6, 20_000, 500_000) / 1_000) * 1_000;
    case 'business':
      return Math.round(rng.lognormal(300_000, 0.5, 100_000, 1_000_000) / 10_000) * 10_000;
    case 'card_installment':
      return Math.round(rng.lognormal(30_000, 0.5, 10_000, 100_000) / 1_000) * 1_000;
    default:
      return null; // a card's count is what matters
  }
}

export interface CampaignTables {
  campaigns: CampaignRow[];
  targets: TargetRow[];
  pipeline: PipelineRow[];
}

export function buildCampaign(plan: Plan): CampaignTables {
  const { cal, branches, managers, managersByBranch, customers, custBranch } = plan;
  const rng = new Rng(plan.options.seed, STREAM.campaign);
  const window = campaignWindow(cal.asOfDay, cal.days);
  const campaignId = window.row.campaign_id;
  const institutions = branches.slice(1);
  const B = institutions.length;

  // ---- targets ----------------------------------------------------------------------------------------------------
  const targets: TargetRow[] = [];
  const branchTarget: Record<TargetMetric, number[]> = { loan_amount: [], cards: [], installment_amount: [], new_customers: [] };
  for (const metric of METRICS) {
    const weights = plan.branchWeights.map((w) => w * rng.range(0.85, 1.15));
    branchTarget[metric] = splitTotal(CAMPAIGN_TOTALS[metric], weights, BRANCH_UNIT[metric]);
  }
  for (let b = 0; b < B; b++) {
    for (const metric of METRICS) {
      targets.push({ campaign_id: campaignId, scope: 'branch', scope_id: institutions[b]!.branch_id, metric, target: branchTarget[metric][b] as number });
    }
  }
  for (let b = 0; b < B; b++) {
    const list = managersByBranch[b] as number[];
    const weights = list.map(() => rng.range(0.6, 1.4));
    const split = METRICS.map((metric) => splitTotal(branchTarget[metric][b] as number, weights, MANAGER_UNIT[metric]));
    list.forEach((m, k) => {
      METRICS.forEach((metric, mi) => {
        const target = (split[mi] as number[])[k] as number;
        // A manager with nothing to do for a metric gets no target row (attainment would divide by zero).
        if (target > 0) targets.push({ campaign_id: campaignId, scope: 'manager', scope_id: managers[m]!.manager_id, metric, target });
      });
    });
  }

  // ---- pipeline -----------------------------------------------------------------------------------------------------
  const retailByBranch: number[][] = institutions.map(() => []);
  customers.forEach((c, i) => {
    if (c.kind === 'retail') (retailByBranch[custBranch[i] as number] as number[]).push(i);
  });
  // Attainment relative to pace: spread from well behind to ahead, shuffled over institutions.
  const spread = rng.shuffle(institutions.map((_, b) => (B === 1 ? 0.85 : 0.55 + (0.6 * b) / (B - 1))));
  const { start, through, pace } = window;
  const overdueLine = through - 15;
  const leads: (PipelineRow & { order: number })[] = [];

  const addLead = (b: number, product: PipelineProduct, stage: Stage, amount: number | null, prospect: boolean) => {
    const pool = retailByBranch[b] as number[];
    let customer: CustomerRow | null = null;
    if (!prospect && pool.length > 0) customer = customers[pool[rng.int(0, pool.length - 1)] as number] as CustomerRow;
    const list = managersByBranch[b] as number[];
    const managerId = customer?.manager_id ?? managers[list[rng.int(0, list.length - 1)] as number]!.manager_id;
    const mix = CHANNEL_MIX[product] ?? CHANNEL_MIX['consumer']!;
    let channel = mix[rng.weighted(mix.map((m) => m[1]))]![0];
    if (!customer && channel === 'existing_customer') channel = 'referral';
    let created: number;
    let updated: number;
    const span = through - start;
    if (stage === 'disbursed') {
      created = start + rng.int(0, Math.max(0, span - 5));
      updated = Math.min(through, created + rng.int(3, 30));
    } else if (stage === 'lost') {
      created = start + rng.int(0, Math.max(0, span - 3));
      updated = Math.min(through, created + rng.int(1, 25));
    } else if (overdueLine >= start && rng.bool(0.22)) {
      // no follow-up for more than 14 days
      created = start + rng.int(0, overdueLine - start);
      updated = created + rng.int(0, overdueLine - created);
    } else {
      created = start + rng.int(0, span);
      updated = Math.max(created, through - rng.int(0, 13));
    }
    leads.push({
      lead_id: '',
      customer_id: customer?.customer_id ?? null,
      campaign_id: campaignId,
      branch_id: institutions[b]!.branch_id,
      manager_id: managerId,
      product,
      channel,
      stage,
      amount,
      created_at: cal.days.get(created),
      updated_at: cal.days.get(updated),
      lost_reason: stage === 'lost' ? (LOST_REASONS[rng.weighted(LOST_REASON_WEIGHTS)] as string) : null,
      order: leads.length,
    });
  };

  for (let b = 0; b < B; b++) {
    const attainment = spread[b] as number;
    const goal = (metric: TargetMetric) => (branchTarget[metric][b] as number) * pace * attainment * rng.range(0.92, 1.08);
    const firstLead = leads.length;
    // disbursed loans and instalments, the last one cut to the goal
    const fill = (metric: TargetMetric, pick: () => PipelineProduct) => {
      const want = goal(metric);
      let sum = 0;
      while (sum < want) {
        const product = pick();
        let amount = leadAmount(rng, product) as number;
        if (sum + amount > want) {
          amount = Math.round((want - sum) / 1_000) * 1_000;
          if (amount < 10_000) break;
        }
        sum += amount;
        addLead(b, product, 'disbursed', amount, false);
      }
    };
    fill('loan_amount', () => LOAN_PRODUCTS[rng.weighted([20, 15, 40, 25])] as PipelineProduct);
    fill('installment_amount', () => 'card_installment');
    const cards = Math.round(goal('cards'));
    for (let k = 0; k < cards; k++) addLead(b, 'credit_card', 'disbursed', null, false);
    const disbursed = leads.length - firstLead;
    // new customers won: disbursed leads from prospects (no customer record yet), cards first
    let newCustomers = Math.min(disbursed, Math.round(goal('new_customers')));
    for (let k = leads.length - 1; k >= firstLead && newCustomers > 0; k--, newCustomers--) {
      const lead = leads[k]!;
      lead.customer_id = null;
      if (lead.channel === 'existing_customer') lead.channel = 'referral';
    }
    // the open funnel above, and the lost leads
    const base = Math.max(disbursed, 4);
    const counts = [2.6, 2.1, 1.7, 1.35, 1.1].map((f) => Math.round(base * f * rng.range(0.9, 1.1))).sort((x, y) => y - x);
    const stages: Stage[] = ['identified', 'contacted', 'follow_up', 'applied', 'approved'];
    stages.forEach((stage, s) => {
      for (let k = 0; k < (counts[s] as number); k++) {
        const product = LEAD_PRODUCTS[rng.weighted(LEAD_PRODUCT_WEIGHTS)] as PipelineProduct;
        addLead(b, product, stage, leadAmount(rng, product), rng.bool(stage === 'identified' ? 0.3 : 0.12));
      }
    });
    const lost = Math.round(base * 1.4 * rng.range(0.8, 1.2));
    for (let k = 0; k < lost; k++) {
      const product = LEAD_PRODUCTS[rng.weighted(LEAD_PRODUCT_WEIGHTS)] as PipelineProduct;
      addLead(b, product, 'lost', leadAmount(rng, product), rng.bool(0.2));
    }
  }

  leads.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.order - b.order));
  const width = Math.max(6, String(leads.length).length);
  const pipeline: PipelineRow[] = leads.map(({ order: _order, ...lead }, i) => ({ ...lead, lead_id: `LD${String(i + 1).padStart(width, '0')}` }));
  return { campaigns: [window.row], targets, pipeline };
}

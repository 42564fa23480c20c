import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import {
  CHANNELS,
  DEFAULT_RULES,
  FUNNEL_STAGES,
  INDUSTRY_CLASS_1,
  INDUSTRY_CLASS_2,
  INDUSTRY_CLASS_3_EXAMPLES,
  NPL_CLASSES,
  SCHEMA,
  TABLE_NAMES,
  type LoanRow,
  type TableName,
} from '@strata/sdk';
import { createSynth, generate, loanChunks, resolveOptions, type SynthData } from '@strata/synth';
import { writeDataset } from '@strata/synth/node';

// Native DuckDB is a dependency of @strata/synth (not of the workspace root): load it from there.
import { DuckDBInstance } from '@duckdb/node-api';

const DAY = 86_400_000;
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);
const isNpl = (c: string) => (NPL_CLASSES as readonly string[]).includes(c);
const classOf = (industry: string | null) => DEFAULT_RULES.industryClass[industry ?? ''] ?? 3;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** dpd → five-category floor (DESIGN.md), card products on the card day counts. */
function floor(dpd: number, product: string): string {
  if (dpd <= 0) return 'pass';
  if (dpd <= 90) return 'special_mention';
  const card = product === 'card_installment' || product === 'credit_card';
  const [sub, doubtful] = card ? [120, 180] : [270, 360];
  return dpd <= sub ? 'substandard' : dpd <= doubtful ? 'doubtful' : 'loss';
}

let data: SynthData; // 100k loan rows, seed 42
let latest: string;
const asOf = '2024-12-31';

beforeAll(() => {
  data = generate({ loanRows: 100_000 });
  latest = data.loans[data.loans.length - 1]!.as_of;
});

describe('options', () => {
  it('has the documented defaults', () => {
    expect(resolveOptions()).toEqual({ seed: 42, loanRows: 10_000, months: 12, asOf: '2024-12-31', branches: 8 });
  });
  it('rejects bad options', () => {
    expect(() => generate({ asOf: '2024-02-30' })).toThrow(RangeError);
    expect(() => generate({ months: 0 })).toThrow(RangeError);
    expect(() => generate({ loanRows: -1 })).toThrow(RangeError);
    expect(() => generate({ loanRows: 1.5 })).toThrow(RangeError);
  });
});

describe('package', () => {
  it('keeps the generator free of Node APIs (a browser page can import @strata/synth)', async () => {
    const { readdir } = await import('node:fs/promises');
    const src = new URL('../../packages/synth/src/', import.meta.url);
    for (const name of await readdir(src)) {
      if (name === 'node.ts' || name === 'cli.ts' || !name.endsWith('.ts')) continue;
      const text = await readFile(new URL(name, src), 'utf8');
      expect(text, name).not.toMatch(/from '(node:|@duckdb\/node-api|fs|path|os)/);
      expect(text, name).not.toMatch(/Math\.random\(/);
    }
  });
});

describe('determinism', () => {
  it('gives identical data for the same options and different data for another seed', () => {
    const a = generate({ loanRows: 5_000, seed: 7 });
    const b = generate({ loanRows: 5_000, seed: 7 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = generate({ loanRows: 5_000, seed: 8 });
    expect(JSON.stringify(c.customers)).not.toBe(JSON.stringify(a.customers));
    expect(JSON.stringify(c.loans)).not.toBe(JSON.stringify(a.loans));
    expect(JSON.stringify(c.pipeline)).not.toBe(JSON.stringify(a.pipeline));
  });

  it('streams exactly the rows generate() holds, in any chunk size', () => {
    const options = { loanRows: 20_000, seed: 3 };
    const whole = generate(options).loans;
    const chunks = [...loanChunks(options, 7_777)];
    expect(chunks.slice(0, -1).every((c) => c.length === 7_777)).toBe(true);
    expect(chunks.flat()).toEqual(whole);
    const synth = createSynth(options);
    expect([...synth.loanChunks(50_000)].flat()).toEqual(whole);
    expect(synth.loanRowCount).toBe(20_000);
    expect(new Set(whole.map((l) => l.loan_id)).size).toBe(synth.loanCount);
  });
});

describe('size', () => {
  it.each([
    [1_000, 12],
    [10_000, 12],
    [33_333, 12],
    [12_345, 1],
    [5_000, 3],
    [50_000, 24],
  ])('%i loan rows over %i month ends', (loanRows, months) => {
    const synth = createSynth({ loanRows, months });
    let rows = 0;
    const asOfs = new Set<string>();
    for (const chunk of synth.loanChunks()) {
      rows += chunk.length;
      for (const l of chunk) asOfs.add(l.as_of);
    }
    expect(rows).toBe(loanRows);
    expect(synth.monthEnds).toHaveLength(months);
    expect([...asOfs].sort()).toEqual(synth.monthEnds);
    expect(synth.monthEnds[months - 1]).toBe(asOf);
  });

  it('uses the month ends on or before a mid-month as-of date', () => {
    const synth = createSynth({ loanRows: 2_000, months: 3, asOf: '2024-06-15' });
    expect(synth.monthEnds).toEqual(['2024-03-31', '2024-04-30', '2024-05-31']);
    const c = synth.campaigns[0]!;
    expect(c.start_date <= '2024-06-15' && '2024-06-15' <= c.end_date).toBe(true);
  });

  it('has roughly one manager per 150 customers and at least two per institution', () => {
    expect(data.branches.filter((b) => b.level === 'sub_branch')).toHaveLength(8);
    const ratio = data.customers.length / data.managers.length;
    expect(ratio).toBeGreaterThan(120);
    expect(ratio).toBeLessThan(180);
    const small = generate({ loanRows: 1_000 });
    for (const b of small.branches.slice(1)) expect(small.managers.filter((m) => m.branch_id === b.branch_id).length).toBeGreaterThanOrEqual(2);
  });
});

describe('integrity and codes', () => {
  it('keeps every key unique and every reference resolvable', () => {
    const branches = new Set(data.branches.map((b) => b.branch_id));
    const managers = new Map(data.managers.map((m) => [m.manager_id, m]));
    const customers = new Map(data.customers.map((c) => [c.customer_id, c]));
    const campaigns = new Set(data.campaigns.map((c) => c.campaign_id));
    expect(branches.size).toBe(data.branches.length);
    expect(managers.size).toBe(data.managers.length);
    expect(customers.size).toBe(data.customers.length);
    expect(new Set(data.pipeline.map((p) => p.lead_id)).size).toBe(data.pipeline.length);
    expect(new Set(data.loans.map((l) => `${l.as_of}|${l.loan_id}`)).size).toBe(data.loans.length);
    expect(new Set(data.targets.map((t) => `${t.campaign_id}|${t.scope}|${t.scope_id}|${t.metric}`)).size).toBe(data.targets.length);

    for (const b of data.branches) if (b.parent_id !== null) expect(branches.has(b.parent_id)).toBe(true);
    for (const m of data.managers) expect(branches.has(m.branch_id)).toBe(true);
    for (const c of data.customers) {
      expect(branches.has(c.branch_id!)).toBe(true);
      expect(managers.get(c.manager_id!)?.branch_id).toBe(c.branch_id);
    }
    for (const l of data.loans) {
      const c = customers.get(l.customer_id);
      expect(c).toBeDefined();
      expect(l.branch_id).toBe(c!.branch_id);
    }
    for (const p of data.pipeline) {
      if (p.customer_id !== null) expect(customers.has(p.customer_id)).toBe(true);
      expect(campaigns.has(p.campaign_id!)).toBe(true);
      expect(managers.get(p.manager_id!)?.branch_id).toBe(p.branch_id);
    }
    for (const t of data.targets) {
      expect(campaigns.has(t.campaign_id)).toBe(true);
      expect(t.scope === 'branch' ? branches.has(t.scope_id) : managers.has(t.scope_id)).toBe(true);
    }
  });

  it('fills every column with a valid value of its canonical type and code list', () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const problems: string[] = [];
    for (const table of TABLE_NAMES) {
      const rows = data[table] as unknown as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      const spec = SCHEMA[table];
      const names = spec.columns.map((c) => c.name).sort().join();
      for (const row of rows) if (Object.keys(row).sort().join() !== names) problems.push(`${table}: columns ${Object.keys(row)}`);
      for (const col of spec.columns) {
        const codes = col.codes ? new Set<unknown>(col.codes) : null;
        for (const row of rows) {
          const v = row[col.name];
          const bad = (why: string) => problems.push(`${table}.${col.name} = ${JSON.stringify(v)}: ${why}`);
          if (v === null) {
            if (col.required) bad('required');
            continue;
          }
          if (col.type === 'date' && !(typeof v === 'string' && date.test(v))) bad('not a date');
          if (col.type === 'double' && !Number.isFinite(v)) bad('not a number');
          if (col.type === 'int' && !Number.isInteger(v)) bad('not an integer');
          if (col.type === 'bool' && typeof v !== 'boolean') bad('not a boolean');
          if ((col.type === 'text' || col.type === 'enum') && typeof v !== 'string') bad('not text');
          if (codes && !codes.has(v)) bad('not a code');
          if (col.nonNegative && (v as number) < 0) bad('negative');
        }
      }
    }
    const industries = new Set<string>([...INDUSTRY_CLASS_1, ...INDUSTRY_CLASS_2, ...INDUSTRY_CLASS_3_EXAMPLES]);
    for (const c of data.customers) if (!industries.has(c.industry!)) problems.push(`industry ${c.industry}`);
    for (const p of data.pipeline) if (!(CHANNELS as readonly string[]).includes(p.channel!)) problems.push(`channel ${p.channel}`);
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('makes each loan a consistent monthly history', () => {
    const byLoan = new Map<string, LoanRow[]>();
    for (const l of data.loans) {
      let list = byLoan.get(l.loan_id);
      if (!list) byLoan.set(l.loan_id, (list = []));
      list.push(l);
    }
    const ends = createSynth({ loanRows: 100_000 }).monthEnds;
    const retail = new Set(['mortgage', 'auto', 'consumer', 'business', 'card_installment']);
    const corporate = new Set(data.customers.filter((c) => c.kind === 'corporate').map((c) => c.customer_id));
    const problems: string[] = [];
    for (const [id, rows] of byLoan) {
      const first = ends.indexOf(rows[0]!.as_of);
      const r0 = rows[0]!;
      const bad = (why: string) => problems.push(`${id}: ${why}`);
      rows.forEach((r, k) => {
        if (r.as_of !== ends[first + k]) bad('month ends not consecutive');
        if (r.customer_id !== r0.customer_id || r.product !== r0.product || r.original_amount !== r0.original_amount) bad('loan attributes change');
        if (r.origination_date !== r0.origination_date || r.maturity_date !== r0.maturity_date) bad('dates change');
        if (!(r.origination_date! <= r.as_of && r.origination_date! < r.maturity_date!)) bad('dates out of order');
        if (!(r.balance > 0 && r.balance <= r.original_amount!)) bad(`balance ${r.balance} of ${r.original_amount}`);
        if (r.classification !== floor(r.dpd!, r.product)) bad(`dpd ${r.dpd} classified ${r.classification}`); // DESIGN floors
        const prev = rows[k - 1];
        // still delinquent a month later: the days run on
        if (prev && r.dpd! > 0 && prev.dpd! > 0 && r.dpd! - prev.dpd! !== days(prev.as_of, r.as_of)) bad(`dpd ${prev.dpd} → ${r.dpd}`);
        // performing loans amortise (or stay flat for bullet repayment)
        if (prev && r.dpd === 0 && prev.dpd === 0 && r.balance > prev.balance) bad(`balance grew ${prev.balance} → ${r.balance}`);
      });
      if (retail.has(r0.product) === corporate.has(r0.customer_id)) bad(`product ${r0.product} for the wrong kind of customer`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('migrates between month ends: most stay, some worsen, a few cure', () => {
    const ends = createSynth({ loanRows: 100_000 }).monthEnds;
    const order = ['pass', 'special_mention', 'substandard', 'doubtful', 'loss'];
    const at = (m: string) => new Map(data.loans.filter((l) => l.as_of === m).map((l) => [l.loan_id, l]));
    let same = 0;
    let worse = 0;
    let better = 0;
    let smToNpl = 0;
    for (let k = 1; k < ends.length; k++) {
      const t0 = at(ends[k - 1]!);
      for (const [id, l1] of at(ends[k]!)) {
        const l0 = t0.get(id);
        if (!l0) continue;
        const d = order.indexOf(l1.classification) - order.indexOf(l0.classification);
        if (d === 0) same++;
        else if (d > 0) worse++;
        else better++;
        if (l0.classification === 'special_mention' && isNpl(l1.classification)) smToNpl++;
      }
    }
    const total = same + worse + better;
    expect(same / total).toBeGreaterThan(0.95);
    expect(worse).toBeGreaterThan(better);
    expect(better).toBeGreaterThan(0);
    expect(smToNpl).toBeGreaterThan(0);
  });
});

describe('calibration at the latest month end (100k loan rows)', () => {
  function retailByClass() {
    const customers = new Map(data.customers.map((c) => [c.customer_id, c]));
    const borrowers = new Map<string, number>();
    const balance = [0, 0, 0, 0];
    const npl = [0, 0, 0, 0];
    const industry = new Map<string, { balance: number; npl: number }>();
    for (const l of data.loans) {
      if (l.as_of !== latest) continue;
      const c = customers.get(l.customer_id)!;
      if (c.kind !== 'retail') continue;
      const k = classOf(c.industry);
      borrowers.set(c.customer_id, k);
      balance[k]! += l.balance;
      const e = industry.get(c.industry!) ?? { balance: 0, npl: 0 };
      e.balance += l.balance;
      if (isNpl(l.classification)) {
        npl[k]! += l.balance;
        e.npl += l.balance;
      }
      industry.set(c.industry!, e);
    }
    const count = [0, 0, 0, 0];
    for (const k of borrowers.values()) count[k]!++;
    return { count, balance, npl, industry, borrowers: borrowers.size };
  }

  it('splits retail borrowers 42 / 33 / 25 % over industry classes 1 / 2 / 3', () => {
    const { count, borrowers } = retailByClass();
    expect(Math.abs(count[1]! / borrowers - 0.42)).toBeLessThan(0.02);
    expect(Math.abs(count[2]! / borrowers - 0.33)).toBeLessThan(0.02);
    expect(Math.abs(count[3]! / borrowers - 0.25)).toBeLessThan(0.02);
  });

  it('holds the shares at 10k loan rows too', () => {
    for (const seed of [1, 2]) {
      const small = generate({ loanRows: 10_000, seed });
      const customers = new Map(small.customers.map((c) => [c.customer_id, c]));
      const last = small.loans[small.loans.length - 1]!.as_of;
      const borrowers = new Map<string, number>();
      for (const l of small.loans) {
        const c = customers.get(l.customer_id)!;
        if (l.as_of === last && c.kind === 'retail') borrowers.set(c.customer_id, classOf(c.industry));
      }
      const n = borrowers.size;
      const share = (k: number) => [...borrowers.values()].filter((v) => v === k).length / n;
      expect(Math.abs(share(1) - 0.42)).toBeLessThan(0.02);
      expect(Math.abs(share(2) - 0.33)).toBeLessThan(0.02);
      expect(Math.abs(share(3) - 0.25)).toBeLessThan(0.02);
    }
  });

  it('puts NPL where the documents say: class 1 < 1 %, class 3 ≈ 6.8 % on ≈ 18.4 % of balance, class 2 near average', () => {
    const { balance, npl, industry } = retailByClass();
    const total = balance[1]! + balance[2]! + balance[3]!;
    const average = (npl[1]! + npl[2]! + npl[3]!) / total;
    const ratio = (k: number) => npl[k]! / balance[k]!;
    expect(ratio(1)).toBeLessThan(0.01);
    expect(Math.abs(ratio(3) - 0.068)).toBeLessThan(0.01);
    expect(Math.abs(balance[3]! / total - 0.184)).toBeLessThan(0.02);
    expect(Math.abs(ratio(2) - average)).toBeLessThan(0.01);
    const realEstate = industry.get('real_estate_construction')!;
    expect(realEstate.npl / realEstate.balance).toBeGreaterThan(0.02);
    expect(ratio(1)).toBeLessThan(ratio(2));
    expect(ratio(2)).toBeLessThan(ratio(3));
  });

  it('shows the same pattern over all borrowers, retail and corporate (corporate by its own industry)', () => {
    const customers = new Map(data.customers.map((c) => [c.customer_id, c]));
    const balance = [0, 0, 0, 0];
    const npl = [0, 0, 0, 0];
    const realEstate = [0, 0];
    for (const l of data.loans) {
      if (l.as_of !== latest) continue;
      const c = customers.get(l.customer_id)!;
      const k = classOf(c.industry);
      balance[k]! += l.balance;
      if (isNpl(l.classification)) npl[k]! += l.balance;
      if (c.industry === 'real_estate_construction') {
        realEstate[0]! += l.balance;
        if (isNpl(l.classification)) realEstate[1]! += l.balance;
      }
    }
    const total = balance[1]! + balance[2]! + balance[3]!;
    expect(npl[1]! / balance[1]!).toBeLessThan(0.01);
    expect(Math.abs(npl[3]! / balance[3]! - 0.068)).toBeLessThan(0.015);
    expect(Math.abs(balance[3]! / total - 0.184)).toBeLessThan(0.03);
    expect(realEstate[1]! / realEstate[0]!).toBeGreaterThan(0.02);
  });

  it('shows NPL building up over the year rather than appearing at the last month', () => {
    const ends = createSynth({ loanRows: 100_000 }).monthEnds;
    const retail = new Set(data.customers.filter((c) => c.kind === 'retail').map((c) => c.customer_id));
    const ratio = (m: string) => {
      const rows = data.loans.filter((l) => l.as_of === m && retail.has(l.customer_id));
      return sum(rows.filter((l) => isNpl(l.classification)).map((l) => l.balance)) / sum(rows.map((l) => l.balance));
    };
    const first = ratio(ends[0]!);
    const last = ratio(ends[ends.length - 1]!);
    expect(first).toBeGreaterThan(0.01);
    expect(last).toBeGreaterThan(first);
  });

  it('spreads customers over every tier and lifecycle group', () => {
    const corporate = data.customers.filter((c) => c.kind === 'corporate');
    const retail = data.customers.filter((c) => c.kind === 'retail');
    expect(corporate.length / data.customers.length).toBeGreaterThan(0.07);
    expect(corporate.length / data.customers.length).toBeLessThan(0.13);
    expect(corporate.some((c) => c.is_strategic)).toBe(true);
    expect(corporate.some((c) => !c.is_strategic && c.deposits_avg! >= 10_000_000)).toBe(true);
    expect(corporate.some((c) => c.deposits_avg! >= 5_000_000 && c.deposits_avg! < 10_000_000)).toBe(true);
    expect(corporate.some((c) => c.deposits_avg! < 5_000_000)).toBe(true);
    expect(corporate.every((c) => c.relationship_type !== null)).toBe(true);
    expect(retail.every((c) => c.relationship_type === null && c.birth_year !== null)).toBe(true);
    expect(retail.some((c) => c.aum! >= 1_000_000)).toBe(true);
    expect(retail.some((c) => c.aum! >= 200_000 && c.aum! < 1_000_000)).toBe(true);
    expect(retail.some((c) => c.aum! < 200_000)).toBe(true);
    expect(retail.some((c) => c.is_payroll)).toBe(true);
    expect(data.customers.some((c) => days(c.open_date!, asOf) <= 90)).toBe(true);
    expect(data.customers.some((c) => days(c.last_active_date!, asOf) >= 180)).toBe(true);
    for (const c of data.customers) expect(c.open_date! <= c.last_active_date!).toBe(true);
    // every tier also appears in a small data set
    const small = generate({ loanRows: 1_000 }).customers;
    expect(small.some((c) => c.is_strategic)).toBe(true);
    expect(small.some((c) => c.kind === 'retail' && c.aum! >= 1_000_000)).toBe(true);
  });
});

describe('campaign, targets and pipeline', () => {
  const pace = 1; // asOf 2024-12-31 is the campaign's last day

  it('runs the 百日 campaign around asOf', () => {
    expect(data.campaigns).toEqual([{ campaign_id: 'bairi-2024', name: '个人贷款及银行卡百日营销', start_date: '2024-09-21', end_date: '2024-12-31' }]);
    const other = generate({ loanRows: 1_000, asOf: '2023-10-31' }).campaigns[0]!;
    expect(other).toMatchObject({ campaign_id: 'bairi-2023', start_date: '2023-09-21', end_date: '2023-12-31' });
  });

  it('splits the campaign totals over the institutions and their managers exactly', () => {
    const branch = data.targets.filter((t) => t.scope === 'branch');
    const total = (metric: string) => sum(branch.filter((t) => t.metric === metric).map((t) => t.target));
    expect(total('loan_amount')).toBe(11_130_000);
    expect(total('cards')).toBe(261);
    expect(total('installment_amount')).toBe(1_740_000);
    expect(new Set(branch.map((t) => t.scope_id)).size).toBe(8);
    const managerBranch = new Map(data.managers.map((m) => [m.manager_id, m.branch_id]));
    for (const t of branch) {
      const managers = data.targets.filter((m) => m.scope === 'manager' && m.metric === t.metric && managerBranch.get(m.scope_id) === t.scope_id);
      expect(managers.length).toBeGreaterThan(0);
      expect(sum(managers.map((m) => m.target))).toBe(t.target);
    }
  });

  it('has a funnel with decreasing stage counts, lost reasons, prospects and overdue follow-ups', () => {
    const count = (stage: string) => data.pipeline.filter((p) => p.stage === stage).length;
    const counts = FUNNEL_STAGES.map(count);
    for (let k = 1; k < counts.length; k++) expect(counts[k]!).toBeLessThan(counts[k - 1]!);
    expect(count('lost')).toBeGreaterThan(0);
    for (const p of data.pipeline) {
      expect(p.lost_reason === null).toBe(p.stage !== 'lost');
      expect(p.created_at >= '2024-09-21' && p.created_at <= asOf).toBe(true);
      expect(p.updated_at! >= p.created_at && p.updated_at! <= asOf).toBe(true);
    }
    const reasons = new Set(data.pipeline.map((p) => p.lost_reason).filter((r) => r !== null));
    expect(reasons).toContain('利率不满意');
    expect(reasons).toContain('资质不符');
    expect(reasons).toContain('已在他行办理');
    const products = new Set(data.pipeline.map((p) => p.product));
    expect(products).toContain('credit_card');
    expect(products).toContain('card_installment');
    expect(data.pipeline.some((p) => p.customer_id === null)).toBe(true);
    const open = data.pipeline.filter((p) => p.stage !== 'disbursed' && p.stage !== 'lost');
    const overdue = open.filter((p) => days(p.updated_at!, asOf) > 14);
    expect(overdue.length / open.length).toBeGreaterThan(0.1);
    expect(overdue.length / open.length).toBeLessThan(0.4);
  });

  it('has institutions ahead of and behind pace, about 60–110 % overall', () => {
    const loanProducts = new Set(['mortgage', 'auto', 'consumer', 'business']);
    const target = (b: string) => data.targets.find((t) => t.scope === 'branch' && t.scope_id === b && t.metric === 'loan_amount')!.target;
    const actual = (b: string | null) =>
      sum(data.pipeline.filter((p) => p.stage === 'disbursed' && loanProducts.has(p.product!) && (b === null || p.branch_id === b)).map((p) => p.amount!));
    const attainment = data.branches.slice(1).map((b) => actual(b.branch_id) / target(b.branch_id) / pace);
    expect(Math.max(...attainment)).toBeGreaterThanOrEqual(1);
    expect(Math.min(...attainment)).toBeLessThan(0.8);
    const overall = actual(null) / 11_130_000 / pace;
    expect(overall).toBeGreaterThan(0.6);
    expect(overall).toBeLessThan(1.1);
    const cards = data.pipeline.filter((p) => p.stage === 'disbursed' && p.product === 'credit_card').length / 261 / pace;
    expect(cards).toBeGreaterThan(0.6);
    expect(cards).toBeLessThan(1.1);
  });
});

describe("holdings, contacts, posts and collateral (the marketing lists' tables)", () => {
  const latestLoans = () => data.loans.filter((l) => l.as_of === latest);

  it('every customer with deposits holds a deposit; card instalment borrowers hold a card; payroll employees work for a payroll unit of their institution', () => {
    const holds = (customer: string, product: string) => data.holdings.some((h) => h.customer_id === customer && h.product === product);
    const withDeposits = data.customers.filter((c) => (c.deposits_avg ?? 0) > 0);
    expect(withDeposits.length / data.customers.length).toBeGreaterThan(0.9);
    for (const c of withDeposits.slice(0, 500)) expect(holds(c.customer_id, 'deposit')).toBe(true);
    const borrowers = new Set(latestLoans().map((l) => l.customer_id));
    const borrowersWithDeposit = [...borrowers].filter((c) => holds(c, 'deposit')).length;
    expect(borrowersWithDeposit / borrowers.size).toBeGreaterThan(0.8);
    for (const l of latestLoans().filter((l) => l.product === 'card_installment').slice(0, 200)) expect(holds(l.customer_id, 'credit_card')).toBe(true);
    const byId = new Map(data.customers.map((c) => [c.customer_id, c]));
    const employees = data.customers.filter((c) => c.employer_id != null);
    expect(employees.length).toBeGreaterThan(100);
    for (const e of employees) {
      const unit = byId.get(e.employer_id!)!;
      expect([e.kind, unit.kind, unit.is_payroll, unit.branch_id]).toEqual(['retail', 'corporate', true, e.branch_id]);
    }
    for (const h of data.holdings) if (h.closed_on !== null) expect(h.closed_on > h.opened_on).toBe(true);
  });

  it('a share of mortgage customers has no consumer loan; some loans mature within 90 days', () => {
    const products = new Map<string, Set<string>>();
    for (const l of latestLoans()) products.set(l.customer_id, (products.get(l.customer_id) ?? new Set()).add(l.product));
    const mortgage = [...products.values()].filter((p) => p.has('mortgage'));
    const without = mortgage.filter((p) => !p.has('consumer')).length / mortgage.length;
    expect(without).toBeGreaterThan(0.3);
    expect(without).toBeLessThan(1);
    const soon = latestLoans().filter((l) => l.maturity_date !== null && days(asOf, l.maturity_date) >= 0 && days(asOf, l.maturity_date) <= 90);
    expect(soon.length / latestLoans().length).toBeGreaterThan(0.02);
  });

  it('collateral follows the product, the same in every month of a loan', () => {
    const byLoan = new Map<string, string>();
    for (const l of data.loans) {
      if (l.product === 'mortgage') expect(l.collateral).toBe('mortgage');
      if (l.product === 'card_installment') expect(l.collateral).toBe('credit');
      const seen = byLoan.get(l.loan_id);
      if (seen !== undefined) expect(l.collateral).toBe(seen);
      byLoan.set(l.loan_id, l.collateral!);
    }
  });

  it('each sub-branch has a head and a team lead; the rest are relationship and wealth managers', () => {
    for (const b of data.branches.slice(1)) {
      const roles = data.managers.filter((m) => m.branch_id === b.branch_id).map((m) => m.role);
      expect(roles.slice(0, 2)).toEqual(['sub_branch_head', 'team_lead']);
      for (const r of roles.slice(2)) expect(['relationship_manager', 'wealth_manager']).toContain(r);
    }
  });

  it('most leads have contacts by their own manager within their dates; some open leads are past their next date', () => {
    const leads = new Map(data.pipeline.map((p) => [p.lead_id, p]));
    const contacted = new Set(data.contacts.map((c) => c.lead_id).filter((id) => id !== null));
    const managed = data.pipeline.filter((p) => p.manager_id !== null);
    expect(contacted.size / managed.length).toBeGreaterThan(0.75);
    const lastNext = new Map<string, string>();
    for (const c of data.contacts) {
      if (c.lead_id === null) continue;
      const lead = leads.get(c.lead_id)!;
      expect([c.manager_id, c.customer_id]).toEqual([lead.manager_id, lead.customer_id]);
      expect(c.contact_date >= lead.created_at && c.contact_date <= (lead.updated_at ?? asOf)).toBe(true);
      if (c.next_date !== null) lastNext.set(c.lead_id, c.next_date);
    }
    const open = data.pipeline.filter((p) => p.stage !== 'disbursed' && p.stage !== 'lost' && lastNext.has(p.lead_id));
    const pastDue = open.filter((p) => lastNext.get(p.lead_id)! < asOf).length;
    expect(pastDue / open.length).toBeGreaterThan(0.1);
    expect(pastDue / open.length).toBeLessThan(0.9);
    expect(data.contacts.some((c) => c.lead_id === null && c.channel === 'visit')).toBe(true);
  });
});

describe('writeDataset', () => {
  let dir: string;
  let db: InstanceType<typeof DuckDBInstance>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-synth-'));
    db = await DuckDBInstance.create(':memory:');
  });
  afterAll(async () => {
    db?.closeSync();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const options = { loanRows: 20_000, seed: 11 };
  const expected = () => {
    const d = generate(options);
    return Object.fromEntries(TABLE_NAMES.map((t) => [t, d[t].length])) as Record<TableName, number>;
  };

  async function count(file: string, reader: string): Promise<number> {
    const connection = await db.connect();
    try {
      const result = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${reader}('${file.replace(/'/g, "''")}')`);
      return result.getRowObjects()[0]!.n as number;
    } finally {
      connection.closeSync();
    }
  }

  it('writes Parquet with the canonical column types, byte-identical for the same options', async () => {
    const want = expected();
    const result = await writeDataset(join(dir, 'parquet'), { ...options, format: 'parquet' });
    expect(result.rows).toEqual(want);
    for (const t of TABLE_NAMES) {
      expect(result.files[t]).toBe(join(dir, 'parquet', `${t}.parquet`));
      expect(await count(result.files[t], 'read_parquet')).toBe(want[t]);
    }
    const connection = await db.connect();
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${result.files.loans}')`);
    const types = Object.fromEntries(described.getRowObjects().map((r) => [r.column_name, r.column_type]));
    expect(types).toMatchObject({ as_of: 'DATE', loan_id: 'VARCHAR', balance: 'DOUBLE', dpd: 'INTEGER', origination_date: 'DATE' });
    const latestNpl = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${result.files.loans}') WHERE as_of = DATE '2024-12-31' AND classification IN ('substandard', 'doubtful', 'loss')`,
    );
    expect(latestNpl.getRowObjects()[0]!.n).toBeGreaterThan(0);
    // every value round-trips, in the generator's row order
    const d = generate(options);
    for (const t of ['loans', 'customers', 'pipeline'] as const) {
      const read = await connection.runAndReadAll(`SELECT * FROM read_parquet('${result.files[t]}')`);
      expect(read.getRowObjectsJson()).toEqual(JSON.parse(JSON.stringify(d[t])));
    }
    connection.closeSync();
    const again = await writeDataset(join(dir, 'parquet-again'), { ...options, format: 'parquet' });
    for (const t of TABLE_NAMES) expect((await readFile(again.files[t])).equals(await readFile(result.files[t]))).toBe(true);
  });

  it('writes CSV with a header', async () => {
    const want = expected();
    const result = await writeDataset(join(dir, 'csv'), { ...options, format: 'csv' });
    for (const t of TABLE_NAMES) expect(await count(result.files[t], 'read_csv')).toBe(want[t]);
    const head = (await readFile(result.files.loans, 'utf8')).split('\n', 1)[0];
    expect(head).toBe(SCHEMA.loans.columns.map((c) => c.name).join(','));
  });

  it('writes Arrow IPC streams', async () => {
    const want = expected();
    const result = await writeDataset(join(dir, 'arrow'), { ...options, format: 'arrow', chunkRows: 6_000 });
    for (const t of TABLE_NAMES) {
      const table = tableFromIPC(await readFile(result.files[t]));
      expect(table.numRows).toBe(want[t]);
      expect(table.schema.fields.map((f) => f.name)).toEqual(SCHEMA[t].columns.map((c) => c.name));
    }
    const loans = tableFromIPC(await readFile(result.files.loans));
    expect(loans.batches).toHaveLength(4);
    expect(String(loans.schema.fields[0]!.type)).toBe('Date32<DAY>');
    // every value round-trips: dates as epoch milliseconds, nulls as nulls, Chinese names intact
    const d = generate(options);
    const asJson = (row: object) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(v) : v]));
    for (const t of ['loans', 'customers', 'pipeline'] as const) {
      const table = tableFromIPC(await readFile(result.files[t]));
      const got = table.toArray().map((r) => r.toJSON());
      expect(got).toEqual(d[t].map(asJson));
    }
  });
});

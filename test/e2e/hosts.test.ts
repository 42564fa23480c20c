/**
 * The demo's three host pages (plain HTML, Vue 3, React), built and served under the strict CSP:
 * each shows the numbers the SDK computes in Node on the same files, cross-filters on a click
 * and tells its host-side panel, passes a drill's customer id to the host, and through its
 * `<strata-import for="dashboard">` previews a bad file's problems in groups while keeping its
 * data, loads a good file in place of the loans, maps columns it does not know by the user's
 * choices; and it stays inside its origin and its CSP. (test/e2e/bank-export.test.ts: a bank's
 * own GBK export through the same element.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { LoadError, maskId, type FilterClause, type Strata } from '@strata/sdk/node';
import { codeLabel } from '../../packages/widgets/src/i18n.ts';
import { writeDropFiles, REQUIRED_MAPPING, type DropFiles } from './fixtures.ts';
import { importFile, importLines, settled } from './importer.ts';
import {
  BRANCH_DATASETS,
  kpiTexts,
  launch,
  nplTexts,
  openBranch,
  openWatched,
  readKpis,
  sameKpis,
  SCREENSHOTS,
  until,
  type Watched,
} from './helpers.ts';

const url = inject('demoUrl');
const dist = inject('demoDist');
const branch = BRANCH_DATASETS[0]!;

/** The page's dashboard's filter state (its clauses, as `strata.filters.toJSON()` gives them). */
function filterState(w: Watched): Promise<FilterClause[]> {
  return w.page.evaluate(() => (document.getElementById('dashboard') as unknown as { database?: { filters: { toJSON(): FilterClause[] } } }).database?.filters.toJSON() ?? []);
}

const HOSTS = [
  { name: 'plain', path: 'index.html' },
  { name: 'vue', path: 'vue.html' },
  { name: 'react', path: 'react.html' },
] as const;

let browser: Browser;
let strata: Strata;
let files: DropFiles;
const expected = {} as {
  kpis: Record<string, string>;
  npl: string[];
  good: Record<string, string>;
  mapped: Record<string, string>;
  badGroups: LoadError['groups'];
};

beforeAll(async () => {
  [browser, strata] = await Promise.all([launch(), openBranch(dist, branch)]);
  expected.kpis = kpiTexts(await strata.kpis());
  expected.npl = nplTexts(await strata.npl({ by: 'industry_class' }));
  files = await writeDropFiles(strata, branch.code);

  // The same files through the SDK in Node: the bad one's problems, the others' figures.
  try {
    await strata.load({ loans: files.text.bad }, { replace: 'tables' });
    throw new Error('the bad file loaded');
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    expected.badGroups = error.groups;
  }
  expect(kpiTexts(await strata.kpis())).toEqual(expected.kpis); // all or nothing, in Node too
  await strata.load({ loans: files.text.good }, { replace: 'tables' });
  expected.good = kpiTexts(await strata.kpis());
  await strata.load({ loans: files.text.mapped }, { mapping: { loans: { columns: REQUIRED_MAPPING } }, replace: 'tables' });
  expected.mapped = kpiTexts(await strata.kpis());
  // Back to the branch as served, for the cross-filter figures.
  await strata.load({ loans: new Uint8Array(readFileSync(join(dist, 'data', branch.code, 'loans.parquet'))) }, { replace: 'tables' });
  expect(kpiTexts(await strata.kpis())).toEqual(expected.kpis);
  expect(new Set(Object.values(expected.good)).size).toBeGreaterThan(1);
  expect(expected.good).not.toEqual(expected.kpis);
  expect(expected.mapped).not.toEqual(expected.good);
});

afterAll(async () => {
  await browser?.close();
  await strata?.close();
});

describe.each(HOSTS)('the $name host page', ({ name, path }) => {
  let w: Watched;
  const kpis = () => w.page.locator('#dashboard strata-kpis#kpis');
  const current = () => readKpis(kpis());

  beforeAll(async () => {
    w = await openWatched(browser, `${url}${path}`);
  });
  afterAll(async () => {
    await w?.page.close();
  });

  it('loads the branch and shows the numbers the SDK computes for the same files', async () => {
    const shown = await until(current, sameKpis(expected.kpis), 45_000);
    expect(shown).toEqual(expected.kpis);
    const npl = w.page.locator('#dashboard strata-npl#npl-by-class svg.chart-svg .mark');
    await until(() => npl.count(), (n) => n === expected.npl.length);
    const labels = await npl.evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
    expect(labels).toHaveLength(expected.npl.length);
    labels.forEach((label, i) => expect(label).toContain(expected.npl[i]));
    // Let the remaining views settle for the screenshot.
    await until(() => w.page.locator('#dashboard [aria-busy="true"], #dashboard .skeleton').count(), (n) => n === 0, 30_000);
    await w.page.screenshot({ path: join(SCREENSHOTS, `demo-${name}.png`), fullPage: true });
  });

  it('cross-filters on a click, and the host panel names the selection (not its code)', async () => {
    // Before any selection the panel already shows the branch's customers.
    const all = await strata.rowCount({ table: 'customers' });
    await expect.poll(() => w.page.locator('#customers-title').textContent()).toBe(`客户（前 8 名，共 ${all.toLocaleString('zh-CN')} 名）`);

    const mark = w.page.locator('#dashboard strata-segments#tiers svg.chart-svg .mark').first();
    await mark.click();
    const value = w.page.locator('#selection-list .selected-value');
    await until(() => value.count(), (n) => n === 1);
    const clauses = await filterState(w);
    expect(clauses).toHaveLength(1);
    expect(clauses[0]!.field).toBe('tier');
    const tier = String(clauses[0]!.values[0]);
    await expect.poll(() => value.textContent()).toBe(`客户分层：${codeLabel('zh-CN', tier, 'tier')}`);
    expect(await value.textContent()).not.toContain(tier);
    expect(await w.page.locator('#selection-list code').count()).toBe(0);

    strata.filters.set({ field: 'tier', op: 'in', values: [tier], source: 'tiers' });
    const filtered = kpiTexts(await strata.kpis());
    const customers = await strata.rowCount({ table: 'customers' });
    const [first] = await strata.rows({ table: 'customers', offset: 0, limit: 1 });
    strata.filters.clear();
    expect(filtered).not.toEqual(expected.kpis);
    expect(await until(current, sameKpis(filtered))).toEqual(filtered);
    // The host asked the SDK for the customers behind the selection.
    await expect.poll(() => w.page.locator('#customers-title').textContent()).toBe(`选中客户（前 ${Math.min(8, customers)} 名，共 ${customers.toLocaleString('zh-CN')} 名）`);
    expect(await w.page.locator('#customers-list li').count()).toBe(Math.min(8, customers));
    // The ids masked as the loan table shows them (docs: a quarter of a short id kept at each end): C00000043 → C0*****43.
    const id = first!.customer_id;
    expect(id).toMatch(/^C\d{8}$/);
    expect((await w.page.locator('#customers-list li code').first().textContent())?.trim()).toBe(`${id.slice(0, 2)}*****${id.slice(-2)}`);
    // In English the panel names it in English.
    await w.page.selectOption('#lang', 'en');
    await expect.poll(() => value.textContent()).toBe(`Tier: ${codeLabel('en', tier, 'tier')}`);
    await w.page.selectOption('#lang', 'zh-CN');
    await expect.poll(() => value.textContent()).toBe(`客户分层：${codeLabel('zh-CN', tier, 'tier')}`);

    // A second click clears it: the panel says so and the figures come back.
    await mark.click();
    await expect.poll(() => w.page.locator('#selection-list .selected-value').count()).toBe(0);
    expect(await until(current, sameKpis(expected.kpis))).toEqual(expected.kpis);
  });

  it('passes a table row’s customer id to the host on strata-drill', async () => {
    const row = w.page.locator('#dashboard strata-table#loans .row[data-row="0"]');
    await row.waitFor();
    // The previous test cleared a selection: wait until the table has re-queried and holds still.
    const text = async () => ((await row.locator('[data-col="1"]').textContent()) ?? '').trim();
    let shown = await text();
    for (let stable = 0; stable < 3; ) {
      await w.page.waitForTimeout(200);
      const again = await text();
      stable = again === shown && (await w.page.locator('#dashboard strata-table#loans figure[aria-busy="true"]').count()) === 0 ? stable + 1 : 0;
      shown = again;
    }
    await row.locator('[data-col="0"]').dblclick();
    const id = ((await w.page.locator('#drill-id').textContent({ timeout: 10_000 })) ?? '').trim();
    expect(id).not.toBe('');
    expect(maskId(id)).toBe(shown); // the table masks it; the host gets the real id
    const found = await strata.engine.query('SELECT count(*)::INTEGER AS n FROM customers WHERE customer_id = ?', [id]);
    expect(found.toArray()[0]?.n).toBe(1);
  });

  it('previews a bad file’s problems in groups, its Load stays disabled, and the dashboard keeps its data', async () => {
    const element = await importFile(w.page, files.bad);
    // Against the branch's customers: only this table replaced, so the unknown customer counts.
    await element.locator('input[name="replace"][value="tables"]').check();
    const lines = await until(() => importLines(element, 'problems'), (l) => l.length === expected.badGroups.length);
    await settled(element);
    expect(lines.map((l) => [l.kind, l.field])).toEqual(expected.badGroups.map((g) => [g.kind, g.field ?? '']));
    for (const field of ['balance', 'classification', 'as_of', 'customer_id']) expect(lines.some((l) => l.field === field)).toBe(true);
    expected.badGroups.forEach((g, i) => {
      if (g.rows.length > 0) expect(lines[i]!.text).toContain(String(g.rows[0]));
      if (g.got) expect(lines[i]!.text).toContain(g.got);
    });
    expect(await element.locator('button[part="load"]').isDisabled()).toBe(true);
    await element.locator('button[part="cancel"]').click();
    await expect.poll(() => element.locator('[part="problems"]').count()).toBe(0);
    // Nothing changed: the views still show the branch's figures.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await current()).toEqual(expected.kpis);
  });

  it('loads a good file in place of the loans', async () => {
    const element = await importFile(w.page, files.good);
    await element.locator('input[name="replace"][value="tables"]').check();
    await settled(element);
    expect(await element.locator('[part="problems"]').count()).toBe(0);
    await element.locator('button[part="load"]').click();
    expect(await until(current, sameKpis(expected.good))).toEqual(expected.good);
    await expect.poll(() => element.locator('[part="status"]').textContent()).toContain('已载入贷款');
  });

  it('maps the columns it does not know by the user’s choices, then loads with them', async () => {
    const element = await importFile(w.page, files.mapped);
    await element.locator('select[part="table-select"]').selectOption('loans');
    await settled(element);
    const columns = await element.locator('tr[data-source]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.source));
    expect(columns).toContain('LoanNo');
    expect(columns).toContain('备注');
    expect(await element.locator('button[part="load"]').isDisabled()).toBe(true);
    for (const [canonical, column] of Object.entries(REQUIRED_MAPPING)) {
      const select = element.locator(`tr[data-source="${column}"] select.field`);
      await select.selectOption(canonical);
      await settled(element);
      expect(await select.inputValue()).toBe(canonical);
    }
    await element.locator('input[name="replace"][value="tables"]').check();
    await settled(element);
    expect(await element.locator('[data-note="missing"]').count()).toBe(0);
    await element.locator('button[part="load"]').click();
    expect(await until(current, sameKpis(expected.mapped))).toEqual(expected.mapped);
  });

  it('switches branches from the portal’s switcher, and the side panel follows the new branch under the selection kept', async () => {
    // A tier selected on the data shown now (the imported file's loans), then another branch.
    await w.page.locator('#dashboard strata-segments#tiers svg.chart-svg .mark').first().click();
    await until(() => w.page.locator('#selection-list .selected-value').count(), (n) => n === 1);
    const selected = await filterState(w);
    expect(selected).toHaveLength(1);

    const other = BRANCH_DATASETS[1]!;
    await w.page.selectOption('#branch', other.code);
    // What the other branch's files give under the page's filter state after the switch.
    const kept = await filterState(w);
    const db = await openBranch(dist, other);
    db.filters.replace(kept);
    const want = kpiTexts(await db.kpis());
    const customers = await db.rowCount({ table: 'customers' });
    await db.close();
    expect(await until(current, sameKpis(want), 45_000)).toEqual(want);
    const title = kept.length > 0 ? `选中客户（前 ${Math.min(8, customers)} 名，共 ${customers.toLocaleString('zh-CN')} 名）` : `客户（前 8 名，共 ${customers.toLocaleString('zh-CN')} 名）`;
    await expect.poll(() => w.page.locator('#customers-title').textContent(), { timeout: 15_000 }).toBe(title);
    expect(await w.page.locator('#selection-list .selected-value').count()).toBe(kept.length);
  });

  it('reports no CSP violation, no CSP console error, no error, and no request outside its origin', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

/**
 * two.html: two dashboards, two branches, one engine. A and B each load their own `src` into a
 * Strata of their own (own tables, own filter state) on the page's one duckdb-wasm worker; each
 * shows the numbers the SDK computes in Node on its own files. "Show A's data in B" gives B A's
 * Strata, and with it A's data and filter state; unticked, B is back on its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { codeLabel } from '../../packages/widgets/src/i18n.ts';
import type { Strata } from '@strata/sdk/node';
import { BRANCH_DATASETS, kpiTexts, launch, nplTexts, openBranch, openWatched, readKpis, sameKpis, SCREENSHOTS, until, type BranchDataset, type Watched } from './helpers.ts';

const url = inject('demoUrl');
const dist = inject('demoDist');
const [branchA, branchB, branchC] = BRANCH_DATASETS as [BranchDataset, BranchDataset, BranchDataset];

let browser: Browser;
let a: Strata;
let b: Strata;
let w: Watched;
const expected = {} as {
  a: Record<string, string>;
  b: Record<string, string>;
  c: Record<string, string>;
  aNpl: string[];
  aClass3: Record<string, string>;
};

const aKpis = () => readKpis(w.page.locator('#a-kpis'));
const bKpis = () => readKpis(w.page.locator('#b-kpis'));
const log = async () => (await w.page.locator('#event-log li').allTextContents()).join('\n');
const note = (name: string) => w.page.locator('#engine-note').getAttribute(`data-${name}`);
const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

/** The data files a branch's manifest names, and the manifest itself, as the page requests them. */
function branchPaths(branch: BranchDataset): string[] {
  const manifest = JSON.parse(readFileSync(join(dist, 'data', branch.code, 'manifest.json'), 'utf8')) as { tables: Record<string, string> };
  return [`/data/${branch.code}/manifest.json`, ...Object.values(manifest.tables).map((file) => `/data/${branch.code}/${file}`)];
}

beforeAll(async () => {
  [browser, a, b] = await Promise.all([launch(), openBranch(dist, branchA), openBranch(dist, branchB)]);
  expected.a = kpiTexts(await a.kpis());
  expected.b = kpiTexts(await b.kpis());
  expected.aNpl = nplTexts(await a.npl({ by: 'industry_class' }));
  a.filters.set({ field: 'industry_class', op: 'in', values: [3], source: 'a-npl' });
  expected.aClass3 = kpiTexts(await a.kpis());
  a.filters.clear();
  const c = await openBranch(dist, branchC);
  expected.c = kpiTexts(await c.kpis());
  await c.close();
  // The branches differ, so equal figures on the page mean the right branch's.
  expect(expected.a).not.toEqual(expected.b);
  expect(expected.c).not.toEqual(expected.a);
  w = await openWatched(browser, `${url}two.html`);
});

afterAll(async () => {
  await browser?.close();
  await a?.close();
  await b?.close();
});

describe('two dashboards, two branches, one engine', () => {
  it('each dashboard shows its own branch’s numbers (the SDK’s on its files), on one worker, each file fetched once', async () => {
    expect(await until(aKpis, sameKpis(expected.a), 45_000)).toEqual(expected.a);
    expect(await until(bKpis, sameKpis(expected.b), 45_000)).toEqual(expected.b);
    const npl = w.page.locator('#a-npl svg.chart-svg .mark');
    await until(() => npl.count(), (n) => n === expected.aNpl.length);
    const labels = await npl.evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
    labels.forEach((label, i) => expect(label).toContain(expected.aNpl[i]));
    await w.page.locator('#b-attainment svg.chart-svg .mark').first().waitFor({ timeout: 30_000 });
    await w.page.locator('#b-funnel svg.chart-svg .mark').first().waitFor({ timeout: 30_000 });

    await expect.poll(() => note('one-worker')).toBe('true');
    expect(await note('shared-data')).toBe('false');
    expect(await note('shared-filters')).toBe('false');
    expect(w.page.workers().filter((worker) => worker.url().includes('duckdb'))).toHaveLength(1);
    // Every fetch the page made (resource timing holds them all, from the first).
    const fetched = await w.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/data/')));
    expect(fetched.sort()).toEqual([...branchPaths(branchA), ...branchPaths(branchB)].sort());

    await settle();
    await w.page.screenshot({ path: join(SCREENSHOTS, 'demo-two.png'), fullPage: true });
    await w.page.selectOption('#lang', 'en');
    await expect.poll(() => w.page.locator('#b-title').textContent()).toContain(`Dashboard B: ${branchB.nameEn}`);
    await settle();
    await w.page.screenshot({ path: join(SCREENSHOTS, 'demo-two-en.png'), fullPage: true });
    await w.page.selectOption('#lang', 'zh-CN');
    expect(await until(aKpis, sameKpis(expected.a))).toEqual(expected.a);
    expect(await w.page.locator('#b-title').textContent()).toContain(`仪表盘 B：${branchB.name}`);
  });

  it('a click in A filters A’s views only: B keeps its figures and hears nothing', async () => {
    await w.page.locator('#a-npl svg.chart-svg .mark').nth(2).click(); // industry class 3
    expect(await until(aKpis, sameKpis(expected.aClass3))).toEqual(expected.aClass3);
    await settle();
    expect(await bKpis()).toEqual(expected.b);
    const events = await log();
    // The log names the value beside its code (the label the event carries).
    expect(events).toContain(`A strata-select a-npl: industry_class = 3 (${codeLabel('zh-CN', '3', 'industry_class')})`);
    expect(events).not.toMatch(/B strata-filter-change/);
  });

  it('a click in B filters B’s views only, to the SDK’s figures for that branch of B’s data', async () => {
    await w.page.locator('#b-attainment svg.chart-svg .mark').first().click();
    const selected = /B strata-select b-attainment: branch = (\S+)/.exec(await until(log, (text) => /B strata-select b-attainment/.test(text)))?.[1];
    expect(selected).toBeDefined();
    b.filters.set({ field: 'branch', op: 'in', values: [selected!], source: 'b-attainment' });
    const want = kpiTexts(await b.kpis());
    b.filters.clear();
    expect(want).not.toEqual(expected.b);
    expect(await until(bKpis, sameKpis(want))).toEqual(want);
    await settle();
    expect(await aKpis()).toEqual(expected.aClass3);
    // Clear B's selection again.
    await w.page.locator('#b-attainment svg.chart-svg .mark[aria-pressed="true"]').first().click();
    expect(await until(bKpis, sameKpis(expected.b))).toEqual(expected.b);
  });

  it('“Show A’s data in B” gives B A’s Strata: A’s figures and A’s selection; unticked, B has its own again', async () => {
    await w.page.locator('#show-a-in-b').check();
    await expect.poll(() => note('shared-data')).toBe('true');
    expect(await note('shared-filters')).toBe('true');
    expect(await w.page.locator('#branch-b').isDisabled()).toBe(true);
    // A's class-3 selection is B's now.
    expect(await until(bKpis, sameKpis(expected.aClass3))).toEqual(expected.aClass3);
    // Cleared in A, cleared for B.
    await w.page.locator('#a-npl svg.chart-svg .mark').nth(2).click();
    expect(await until(aKpis, sameKpis(expected.a))).toEqual(expected.a);
    expect(await until(bKpis, sameKpis(expected.a))).toEqual(expected.a);

    // A switched to another branch: B, showing A's data, follows.
    await w.page.selectOption('#branch-a', branchC.code);
    expect(await until(aKpis, sameKpis(expected.c), 45_000)).toEqual(expected.c);
    expect(await until(bKpis, sameKpis(expected.c))).toEqual(expected.c);

    await w.page.locator('#show-a-in-b').uncheck();
    await expect.poll(() => note('shared-data')).toBe('false');
    expect(await note('shared-filters')).toBe('false');
    expect(await until(bKpis, sameKpis(expected.b))).toEqual(expected.b);
    expect(await aKpis()).toEqual(expected.c);
  });

  it('switching B’s branch reloads B only, on the same worker', async () => {
    await w.page.selectOption('#branch-b', branchA.code);
    expect(await until(bKpis, sameKpis(expected.a), 45_000)).toEqual(expected.a);
    await settle();
    expect(await aKpis()).toEqual(expected.c);
    expect(w.page.workers().filter((worker) => worker.url().includes('duckdb'))).toHaveLength(1);
  });

  it('reports no CSP violation, no error, and no request outside its origin', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

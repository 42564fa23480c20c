/**
 * two.html: two dashboards on one page read one database (the page's one engine; the data
 * downloaded and loaded once, by A). Each has its own filter state, so a click filters only its
 * own views; with the page's "one filter state" box ticked, a click in A filters B too.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Strata } from '@strata/sdk/node';
import { BRANCH_DATASETS, kpiTexts, launch, nplTexts, openBranch, openWatched, readKpis, sameKpis, SCREENSHOTS, until, type Watched } from './helpers.ts';

const url = inject('demoUrl');
const dist = inject('demoDist');
const branch = BRANCH_DATASETS[0]!;

let browser: Browser;
let strata: Strata;
let w: Watched;
const dataRequests: string[] = [];
const expected = {} as { kpis: Record<string, string>; npl: string[]; class3: Record<string, string> };

const aKpis = () => readKpis(w.page.locator('#a-kpis'));
const summary = (id: string) => async () => ((await w.page.locator(`#${id} .summary`).textContent()) ?? '').trim();
const log = async () => (await w.page.locator('#event-log li').allTextContents()).join('\n');
const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

beforeAll(async () => {
  [browser, strata] = await Promise.all([launch(), openBranch(dist, branch)]);
  expected.kpis = kpiTexts(await strata.kpis());
  expected.npl = nplTexts(await strata.npl({ by: 'industry_class' }));
  strata.filters.set({ field: 'industry_class', op: 'in', values: [3], source: 'a-npl' });
  expected.class3 = kpiTexts(await strata.kpis());
  strata.filters.clear();
  w = await openWatched(browser, `${url}two.html`);
  w.page.on('request', (request) => {
    if (/\/data\/.+\.(parquet|json)$/.test(new URL(request.url()).pathname)) dataRequests.push(new URL(request.url()).pathname);
  });
});

afterAll(async () => {
  await browser?.close();
  await strata?.close();
});

describe('two dashboards on one page', () => {
  let funnel0 = '';
  let attainment0 = '';

  it('both render from one database: A shows the SDK’s numbers, B its own views, one engine and one download', async () => {
    expect(await until(aKpis, sameKpis(expected.kpis), 45_000)).toEqual(expected.kpis);
    const npl = w.page.locator('#a-npl svg.chart-svg .mark');
    await until(() => npl.count(), (n) => n === expected.npl.length);
    const labels = await npl.evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
    labels.forEach((label, i) => expect(label).toContain(expected.npl[i]));
    await w.page.locator('#b-attainment svg.chart-svg .mark').first().waitFor({ timeout: 30_000 });
    await w.page.locator('#b-funnel svg.chart-svg .mark').first().waitFor({ timeout: 30_000 });
    const note = w.page.locator('#engine-note');
    await expect.poll(() => note.getAttribute('data-shared-engine')).toBe('true');
    expect(await note.getAttribute('data-shared-filters')).toBe('false');
    // Each data file once: B read A's tables through the shared engine, it did not fetch its own.
    const loans = dataRequests.filter((p) => p.endsWith('/loans.parquet'));
    expect(loans).toEqual([`/data/${branch.code}/loans.parquet`]);
    funnel0 = await summary('b-funnel')();
    attainment0 = await summary('b-attainment')();
    expect(funnel0).not.toBe('');
    await settle();
    await w.page.screenshot({ path: join(SCREENSHOTS, 'demo-two.png'), fullPage: true });
  });

  it('a click in A filters A’s views only: B keeps its figures and hears nothing', async () => {
    await w.page.locator('#a-npl svg.chart-svg .mark').nth(2).click(); // industry class 3
    expect(await until(aKpis, sameKpis(expected.class3))).toEqual(expected.class3);
    await settle();
    expect(await summary('b-funnel')()).toBe(funnel0);
    expect(await summary('b-attainment')()).toBe(attainment0);
    const events = await log();
    expect(events).toMatch(/A strata-select a-npl: industry_class = 3/);
    expect(events).not.toMatch(/B strata-filter-change/);
  });

  it('a click in B filters B’s views only: A keeps its selection and figures', async () => {
    await w.page.locator('#b-attainment svg.chart-svg .mark').first().click();
    const funnel = await until(summary('b-funnel'), (text) => text !== funnel0 && text !== '');
    expect(funnel).not.toBe(funnel0);
    await settle();
    expect(await aKpis()).toEqual(expected.class3);
    expect(await log()).toMatch(/B strata-select b-attainment: branch = /);
    // Clear B's selection again.
    await w.page.locator('#b-attainment svg.chart-svg .mark[aria-pressed="true"]').first().click();
    expect(await until(summary('b-funnel'), (text) => text === funnel0)).toBe(funnel0);
  });

  it('with one filter state for both (the page’s checkbox), A’s selection filters B as well', async () => {
    await w.page.locator('#link-filters').check();
    await expect.poll(() => w.page.locator('#engine-note').getAttribute('data-shared-filters')).toBe('true');
    // A's class-3 selection now reaches B's funnel (through the customers' leads).
    const linked = await until(summary('b-funnel'), (text) => text !== funnel0 && text !== '');
    expect(linked).not.toBe(funnel0);
    // Clearing it in A clears it for B.
    await w.page.locator('#a-npl svg.chart-svg .mark').nth(2).click();
    expect(await until(aKpis, sameKpis(expected.kpis))).toEqual(expected.kpis);
    expect(await until(summary('b-funnel'), (text) => text === funnel0)).toBe(funnel0);
    await w.page.locator('#link-filters').uncheck();
  });

  it('switching the branch reloads A, and B follows (the page refreshes B’s views on A’s strata-load)', async () => {
    const other = BRANCH_DATASETS[1]!;
    const db = await openBranch(dist, other);
    const want = kpiTexts(await db.kpis());
    await db.close();
    await w.page.selectOption('#branch', other.code);
    expect(await until(aKpis, sameKpis(want), 45_000)).toEqual(want);
    const funnel = await until(summary('b-funnel'), (text) => text !== funnel0 && text !== '');
    expect(funnel).not.toBe(funnel0);
  });

  it('reports no CSP violation, no error, and no request outside its origin', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

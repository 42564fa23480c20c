/**
 * Shared by the e2e tests: Debian's Chromium through playwright-core, a page watched for CSP
 * violations, console errors and requests that leave its origin, the numbers the SDK computes
 * in Node on the demo's own data files, and the formats the widgets show them in.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PIXEL_ARGS } from '../helpers/chromium.mjs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { Strata, TABLE_NAMES, type KpiRow, type LoadInput, type NplRow } from '@strata/sdk/node';
import { amountFormat, formatAmount, formatCount, formatPercent } from '../../packages/widgets/src/i18n.ts';
import { BRANCH_DATASETS, type BranchDataset } from '../../demo/src/branches.ts';

export { formatAmount, formatCount, formatPercent, BRANCH_DATASETS, type BranchDataset };

export const SCREENSHOTS = fileURLToPath(new URL('../.out/screenshots', import.meta.url));
export const E2E_OUT = fileURLToPath(new URL('../.out/e2e', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });
mkdirSync(E2E_OUT, { recursive: true });

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe over the whole page, shadow roots included (run through the DevTools protocol, which the page's CSP does not govern). */
export async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[] }> } }).axe.run;
    const results = await run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.html.slice(0, 300)} ${n.failureSummary ?? ''}`).join('; ')}`);
  });
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...PIXEL_ARGS],
  });
}

/** A page and what it reported: CSP violations (event and console), errors, foreign requests. */
export interface Watched {
  page: Page;
  origin: string;
  /** `securitypolicyviolation` events seen in the page ("directive blocked-uri source:line"). */
  violations(): Promise<string[]>;
  /** Console messages about the Content Security Policy (page and its workers). */
  cspConsole: string[];
  /** Console errors and uncaught page errors of any kind. */
  errors: string[];
  /** Requests to anything but the page's own origin. */
  outside: string[];
}

export async function openWatched(browser: Browser, url: string, viewport = { width: 1400, height: 1000 }): Promise<Watched> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const origin = new URL(url).origin;
  const cspConsole: string[] = [];
  const errors: string[] = [];
  const outside: string[] = [];
  const onConsole = (where: string) => (message: { type(): string; text(): string }) => {
    const text = message.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) cspConsole.push(`${where}: ${text.slice(0, 300)}`);
    if (message.type() === 'error') errors.push(`${where}: ${text.slice(0, 300)}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const target = request.url();
    if (target.startsWith('data:') || target.startsWith('blob:')) {
      // blob: URLs are the page's own; data: URLs never go out, but note them anyway.
      if (target.startsWith('data:')) outside.push(target.slice(0, 80));
      return;
    }
    if (new URL(target).origin !== origin) outside.push(target);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  await page.goto(url);
  return {
    page,
    origin,
    violations: () => page.evaluate(() => [...(window as unknown as { __cspViolations: string[] }).__cspViolations]),
    cspConsole,
    errors,
    outside,
  };
}

/** Polls `read` until it equals `expected` (or the time runs out), then returns the last value. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 30_000): Promise<T> {
  const start = Date.now();
  let value = await read();
  while (!accept(value) && Date.now() - start < ms) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

// ─── the SDK's numbers, in Node, on the files the demo serves ─────────────────────────────────

export function branchFiles(dist: string, branch: BranchDataset): LoadInput {
  const folder = join(dist, 'data', branch.code);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { tables: Record<string, string> };
  const input: LoadInput = {};
  for (const table of TABLE_NAMES) {
    const file = manifest.tables[table];
    if (file) input[table] = new Uint8Array(readFileSync(join(folder, file)));
  }
  return input;
}

export async function openBranch(dist: string, branch: BranchDataset): Promise<Strata> {
  const strata = await Strata.open();
  await strata.load(branchFiles(dist, branch));
  return strata;
}

/** The KPI tiles' texts as the widgets format the SDK's rows (zh-CN). */
export function kpiTexts(rows: readonly KpiRow[]): Record<'loans' | 'balance' | 'npl_ratio' | 'customers', string> {
  const value = (metric: string) => rows.find((r) => r.metric === metric)?.value ?? null;
  // The strip's amounts read in one unit, its largest's (0.56亿 beside 25.75亿), unless a figure is under 0.1 of it.
  const strip = amountFormat('zh-CN', rows.filter((r) => ['balance', 'deposits', 'actual', 'target'].includes(r.metric)).flatMap((r) => [r.value, r.previous]));
  const balance = Math.abs(value('balance') ?? 0);
  const amounts = balance * 10 >= strip.unit.size ? strip : amountFormat('zh-CN', [balance]);
  return {
    loans: formatCount('zh-CN', value('loans')),
    balance: amounts.format(value('balance')),
    npl_ratio: formatPercent('zh-CN', value('npl_ratio')),
    customers: formatCount('zh-CN', value('customers')),
  };
}

/** NPL ratio per industry class as the marimekko's marks state them. */
export function nplTexts(rows: readonly NplRow[]): string[] {
  return rows.filter((r) => r.key !== null).map((r) => formatPercent('zh-CN', r.npl_ratio));
}

// ─── reading the page ───────────────────────────────────────────────────────────────────────

/**
 * The KPI tiles of a `strata-kpis` (located by a CSS selector that pierces shadow roots), read in
 * one go: tile by tile, a strip that redraws between two reads would give figures of two states.
 */
export async function readKpis(kpis: Locator): Promise<Record<string, string>> {
  if ((await kpis.count()) === 0) return { loans: '', balance: '', npl_ratio: '', customers: '' };
  return kpis.first().evaluate((element) => {
    const out: Record<string, string> = {};
    for (const metric of ['loans', 'balance', 'npl_ratio', 'customers']) {
      const value = element.shadowRoot?.querySelector(`.tile[data-metric="${metric}"] .value`);
      out[metric] = (value?.textContent ?? '').trim();
    }
    return out;
  });
}

export function sameKpis(expected: Record<string, string>) {
  return (actual: Record<string, string>) => Object.entries(expected).every(([k, v]) => actual[k] === v);
}

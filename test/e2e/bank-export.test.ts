/**
 * A bank's own loan export (GBK, Chinese headers, amounts in 万元, no customer file) through the
 * demo's `<strata-import for="dashboard">`, in the built portal under the strict CSP: the preview
 * shows it as it will load, the user confirms, the dashboard loads with one warning and its NPL by
 * branch equals the figures added up by hand from the file; in zh-CN, then in English. Screenshots
 * of the element in both languages, light and dark, desktop and 390 px wide.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { NplRow } from '@strata/sdk/node';
import { BANK_EXPORT_FILE, DECEMBER_TOTAL, NPL_BY_BRANCH_DECEMBER, type BranchNpl } from '../fixtures/bank-export/figures.ts';
import { formatAmount, formatPercent, launch, openWatched, readKpis, SCREENSHOTS, until, type Watched } from './helpers.ts';
import { importFile, importLines, settled } from './importer.ts';

const url = inject('demoUrl');
const file = fileURLToPath(new URL(`../../${BANK_EXPORT_FILE}`, import.meta.url));

const WORDS = {
  'zh-CN': { warning: '没有客户文件：客户分层、客群等不可用', ignored: '不导入的列：客户名称', loaded: '已载入贷款 20 行。', units: '贷款余额(万元)（万元）' },
  en: { warning: 'No customer file: tiers and groups are unavailable', ignored: 'Columns left out: 客户名称', loaded: 'Loaded 20 rows into loans.', units: '贷款余额(万元) (10k yuan (万元))' },
} as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

function byBranch(rows: readonly NplRow[]): Record<string, BranchNpl> {
  return Object.fromEntries(
    rows.map((r) => [r.key, { balance: r.balance, npl_balance: r.npl_balance, special_mention_balance: r.special_mention_balance, loans: r.loans, npl_loans: r.npl_loans }]),
  );
}

describe.each(['zh-CN', 'en'] as const)('the demo’s import with a bank’s own GBK loans export (%s)', (lang) => {
  let w: Watched;
  const words = WORDS[lang];
  const kpis = () => readKpis(w.page.locator('#dashboard strata-kpis#kpis'));

  beforeAll(async () => {
    w = await openWatched(browser, `${url}index.html${lang === 'en' ? '?lang=en' : ''}`);
    // The branch the page opens with has loaded: the import replaces a data set that is there.
    await until(kpis, (k) => k.balance !== '' && k.balance !== '—', 45_000);
  });
  afterAll(async () => {
    await w?.page.close();
  });

  it('previews the export as it will load: 万 applied, 客户名称 left out, the encoding, one warning', async () => {
    const element = await importFile(w.page, file);
    expect(await element.locator('select[part="table-select"]').inputValue()).toBe('loans');
    expect(await element.locator('.file-name').textContent()).toContain('GB18030');
    const balances = await element.locator('[part="preview"] td[data-field="balance"]').allTextContents();
    expect(balances[0]).toBe('15,600,000');
    expect(balances[9]).toBe('15,500,000');
    expect(await element.locator('tr[data-source="贷款余额(万元)"] select.unit').inputValue()).toBe('wan');
    expect(((await element.locator('[data-note="ignored"]').textContent()) ?? '').trim()).toBe(words.ignored);
    const warnings = await importLines(element, 'warnings');
    expect(warnings.map((l) => l.kind)).toEqual(['missing_table']);
    expect(warnings[0]!.text).toContain(words.warning);
    expect(await element.locator('[part="problems"]').count()).toBe(0);
    expect(await element.locator('input[name="replace"][value="all"]').isChecked()).toBe(true);
    expect(await element.locator('button[part="load"]').isDisabled()).toBe(false);

    // The element as users see it, each way: light and dark, desktop and phone.
    const dashboard = w.page.locator('#dashboard');
    for (const viewport of [{ name: 'desktop', width: 1400, height: 1000 }, { name: 'phone', width: 390, height: 844 }]) {
      await w.page.setViewportSize({ width: viewport.width, height: viewport.height });
      for (const theme of ['light', 'dark'] as const) {
        await dashboard.evaluate((d, value) => d.setAttribute('theme', value), theme);
        await until(() => element.getAttribute('data-theme'), (t) => t === theme);
        // At 390 px the element fits the page's width: nothing pokes out of its frame.
        const overflow = await element.locator('[part="frame"]').evaluate((f) => f.scrollWidth - f.clientWidth);
        expect(overflow, `${viewport.name} ${theme}`).toBeLessThanOrEqual(1);
        await element.screenshot({ path: join(SCREENSHOTS, `import-${lang}-${theme}-${viewport.name}.png`) });
      }
    }
    await dashboard.evaluate((d) => d.setAttribute('theme', 'light'));
    await w.page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('loads on confirm: one warning, and the dashboard’s NPL by branch equals the hand figures', async () => {
    const element = w.page.locator('strata-import#import');
    const loads = Number((await w.page.locator('body').getAttribute('data-loads')) ?? 0);
    await element.locator('button[part="load"]').click();
    await until(() => w.page.locator('body').getAttribute('data-loads'), (n) => Number(n) === loads + 1);
    await settled(element);
    const status = (await element.locator('[part="status"]').textContent()) ?? '';
    expect(status).toContain(words.loaded);
    expect(status).toContain(words.units);
    expect((await importLines(element, 'warnings')).map((l) => l.kind)).toEqual(['missing_table']);
    const rows = await w.page.evaluate(async () => {
      const dashboard = document.getElementById('dashboard') as HTMLElementTagNameMap['strata-dashboard'];
      return [...(await dashboard.database!.npl({ by: 'branch' }))];
    });
    expect(byBranch(rows)).toEqual(NPL_BY_BRANCH_DECEMBER);
    // The dashboard shows the export's figures: 3850.75万, NPL 372.85万 of it.
    const shown = await until(kpis, (k) => k.balance === formatAmount(lang, DECEMBER_TOTAL.balance), 30_000);
    expect(shown.balance).toBe(formatAmount(lang, DECEMBER_TOTAL.balance));
    expect(shown.npl_ratio).toBe(formatPercent(lang, DECEMBER_TOTAL.npl_balance / DECEMBER_TOTAL.balance));
    expect(shown.loans).toBe(String(DECEMBER_TOTAL.loans));
  });

  it('reports no CSP violation, no error, and no request outside its origin', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

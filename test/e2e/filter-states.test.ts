/**
 * The default dashboard (the demo's index page, synthetic data) under each single filter a user
 * sets by clicking — none, one tier (a tier bar), one branch (an attainment bar), one five-category
 * class (a migration cell), one industry class (an NPL marimekko column), one month end (the
 * filter bar's month picker) — in zh-CN and en, light and dark, at 1400 px and on a 390 px phone.
 * Each of the 48 states is photographed (test/.out/screenshots/filter-<filter>-<lang>-<theme>-<width>.png,
 * for a person to look at) and checked for what can be checked cheaply: the chip names the value
 * (its words, never its code), as does the host's side panel; every view draws marks or shows its
 * calm empty state (no error, none left busy); no view's chart mixes 万 and 亿 (M and B); no KPI
 * value wraps; no page is wider than the phone. axe (slow) runs on three states: a light zh-CN
 * desktop with a tier chosen, a dark zh-CN desktop at rest, a dark en phone with a class chosen.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { codeLabel } from '../../packages/widgets/src/i18n.ts';
import { axe, launch, openWatched, SCREENSHOTS, until, type Watched } from './helpers.ts';

const url = inject('demoUrl');
const DESKTOP = { width: 1400, height: 1000 };
const PHONE = { width: 390, height: 844 };
type Lang = 'zh-CN' | 'en';
type Theme = 'light' | 'dark';
interface Combo {
  lang: Lang;
  theme: Theme;
  size: typeof DESKTOP;
}
/** Each filter is looked at in every combination, ordered so each step changes one thing. */
const COMBOS: readonly Combo[] = [
  { lang: 'zh-CN', theme: 'light', size: DESKTOP },
  { lang: 'en', theme: 'light', size: DESKTOP },
  { lang: 'en', theme: 'dark', size: DESKTOP },
  { lang: 'zh-CN', theme: 'dark', size: DESKTOP },
  { lang: 'zh-CN', theme: 'dark', size: PHONE },
  { lang: 'en', theme: 'dark', size: PHONE },
  { lang: 'en', theme: 'light', size: PHONE },
  { lang: 'zh-CN', theme: 'light', size: PHONE },
];
/** Values that are codes, not names: B07-like branch codes and snake_case codes (corp_gold, special_mention). */
const CODE = /\b[A-Z]{1,3}\d{2,}\b|\b[a-z]+_[a-z_]+\b/;

/** What the user chose: the field, its value and the label the view's event carried. */
interface Chosen {
  field: string;
  value: string;
  label: string;
}

let browser: Browser;
let w: Watched;

beforeAll(async () => {
  browser = await launch();
  w = await openWatched(browser, `${url}index.html`, DESKTOP);
  // The views' selections, as the dashboard hears them (bubbling, composed).
  await w.page.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { __selects: unknown[] }).__selects = seen;
    document.getElementById('dashboard')!.addEventListener('strata-select', (e) => seen.push((e as CustomEvent).detail));
  });
  await w.page.locator('strata-npl svg.chart-svg .mark').first().waitFor({ timeout: 60_000 });
  await settle(w.page);
});
afterAll(async () => {
  await browser?.close();
});

/** Until no view is busy (a query, a skeleton, table rows on their way), twice over a redraw. */
async function settle(page: Page): Promise<void> {
  const busy = page.locator('strata-dashboard [aria-busy="true"], strata-dashboard .skeleton, strata-dashboard .row.pending');
  await page.waitForTimeout(150); // a change's queries start after a render
  await until(() => busy.count(), (n) => n === 0, 30_000);
  await page.waitForTimeout(300); // resize observers and redraws
  await until(() => busy.count(), (n) => n === 0, 30_000);
}

/** Puts the page in a combination (language, theme, viewport) and waits for the views to redraw. */
async function apply(page: Page, combo: Combo): Promise<void> {
  if ((await page.locator('#lang').inputValue()) !== combo.lang) {
    await page.selectOption('#lang', combo.lang);
    await expect.poll(() => page.locator('#theme').textContent()).toBe(combo.lang === 'en' ? 'Dark mode' : '深色模式');
  }
  if ((await page.locator('#theme').getAttribute('aria-checked')) !== String(combo.theme === 'dark')) {
    await page.locator('#theme').click();
    await expect.poll(() => page.locator('strata-kpis').first().getAttribute('data-theme')).toBe(combo.theme);
  }
  const size = page.viewportSize();
  if (size?.width !== combo.size.width) await page.setViewportSize(combo.size);
  // From the top, as a page opens: the side panel is sticky, and a click scrolled to its mark.
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
}

/** Each view of the dashboard, by id: drawn (marks or content), empty (its calm state), busy or error. */
function viewStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const root = document.getElementById('dashboard')!.shadowRoot!;
    const out: Record<string, string> = {};
    for (const view of root.querySelectorAll('strata-kpis, strata-segments, strata-npl, strata-funnel, strata-attainment, strata-table')) {
      const r = view.shadowRoot!;
      const svg = r.querySelector('svg.chart-svg');
      out[view.id] = r.querySelector('.state.error')
        ? `error: ${r.querySelector('.state.error')!.textContent!.trim().slice(0, 120)}`
        : r.querySelector('.skeleton, .row.pending') || r.querySelector('figure')?.getAttribute('aria-busy') === 'true'
          ? 'busy'
          : r.querySelector('[part~="empty"], [part~="missing"]')
            ? 'empty'
            : !r.querySelector('[part~="summary"]')
              ? 'no summary'
              : svg
                ? svg.querySelector('.mark')
                  ? 'drawn'
                  : 'chart without marks'
                : r.querySelector('.tile, [role="row"][part~="row"]')
                  ? 'drawn'
                  : 'no content';
    }
    return out;
  });
}

/** Per view, the amount units its chart's labels use (万, 亿; M, B …), each with a label that shows it. */
function chartUnits(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const root = document.getElementById('dashboard')!.shadowRoot!;
    const out: Record<string, string[]> = {};
    for (const view of root.querySelectorAll('[id]')) {
      const svg = view.shadowRoot?.querySelector('svg.chart-svg');
      if (!svg) continue;
      const units = new Map<string, string>();
      for (const text of svg.querySelectorAll('text')) {
        const content = text.textContent ?? '';
        for (const m of content.matchAll(/\d(?:[\d,.]*\d)?(亿|万)|¥[\d,.]+([BMK])\b/g)) units.set(m[1] ?? m[2]!, m[0]);
      }
      out[view.id] = [...units.keys()].map((unit) => `${unit} (${units.get(unit)})`);
    }
    return out;
  });
}

/** The views whose chart labels mix amount units. */
async function mixedUnits(page: Page): Promise<Record<string, string[]>> {
  return Object.fromEntries(Object.entries(await chartUnits(page)).filter(([, units]) => units.length > 1));
}

/** KPI values laid out on more than one line. */
function wrappedKpis(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const kpis = document.getElementById('dashboard')!.shadowRoot!.querySelector('strata-kpis')!.shadowRoot!;
    const wrapped: string[] = [];
    for (const value of kpis.querySelectorAll('.tile .value')) {
      const range = document.createRange();
      range.selectNodeContents(value);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) wrapped.push(value.textContent!.trim());
    }
    return wrapped;
  });
}

const chips = (page: Page) => page.locator('strata-filters .chip-label').allTextContents();

/** The words a chip should show for the chosen value in a language: the code's words, else the data's name. */
function nameOf(chosen: Chosen, lang: Lang): string {
  const words = codeLabel(lang, chosen.value, chosen.field);
  return words !== chosen.value ? words : chosen.label;
}

/**
 * Photographs the page in every combination and gathers what reads wrong (an empty record when
 * nothing does): `chosen` is the value the chip should name (none at rest and for a month end).
 */
async function lookAtEveryCombination(filter: string, chosen: Chosen | null, axeAt: Partial<Record<Theme, Combo>> = {}): Promise<Record<string, unknown>> {
  const found: Record<string, unknown> = {};
  for (const combo of COMBOS) {
    const { page } = w;
    await apply(page, combo);
    const state = `${combo.lang} ${combo.theme} ${combo.size.width}`;
    await page.screenshot({ path: join(SCREENSHOTS, `filter-${filter}-${combo.lang}-${combo.theme}-${combo.size.width}.png`), fullPage: true });

    const texts = await chips(page);
    if (chosen) {
      const name = nameOf(chosen, combo.lang);
      if (texts.length !== 1 || !texts[0]!.includes(name) || CODE.test(texts[0]!)) found[`${state} chip`] = { texts, name };
      const panel = (await page.locator('#selection-list').textContent()) ?? '';
      if (CODE.test(panel)) found[`${state} side panel`] = panel;
    } else if (texts.length !== 0) {
      found[`${state} chips`] = texts;
    }
    const views = await viewStates(page);
    const wrong = Object.entries(views).filter(([, s]) => s !== 'drawn' && s !== 'empty');
    if (wrong.length > 0) found[`${state} views`] = Object.fromEntries(wrong);
    const mixed = await mixedUnits(page);
    if (Object.keys(mixed).length > 0) found[`${state} units`] = mixed;
    const wrapped = await wrappedKpis(page);
    if (wrapped.length > 0) found[`${state} kpi wraps`] = wrapped;
    if (combo.size === PHONE) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) found[`${state} width`] = width;
    }
    if (axeAt[combo.theme] === combo) {
      const violations = await axe(page);
      if (violations.length > 0) found[`${state} axe`] = violations;
    }
  }
  // Back where a user clicks: a light zh-CN desktop.
  await apply(w.page, COMBOS[0]!);
  return found;
}

/** Clicks a mark and returns what its view selected (the event's field, value and label). */
async function choose(selector: string): Promise<Chosen> {
  const { page } = w;
  const before = await page.evaluate(() => (window as unknown as { __selects: unknown[] }).__selects.length);
  await page.locator(selector).first().click();
  // Off the mark, and its focus off too: its tooltip (shown on hover and on focus) would cover the view in every screenshot.
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    (active as HTMLElement | SVGElement | null)?.blur();
  });
  const detail = await until(
    () => page.evaluate((n) => (window as unknown as { __selects: { field: string; values: unknown[]; labels: string[] }[] }).__selects[n], before),
    (d) => d !== undefined,
    10_000,
  );
  expect(detail?.values).toHaveLength(1);
  await until(() => chips(page), (texts) => texts.length === 1, 10_000);
  await settle(page);
  return { field: detail!.field, value: String(detail!.values[0]), label: detail!.labels[0] ?? '' };
}

async function clearAll(): Promise<void> {
  await w.page.locator('strata-filters button[part="clear"]').click();
  await until(() => chips(w.page), (texts) => texts.length === 0, 10_000);
  await settle(w.page);
}

const MARKS = (view: string) => `strata-dashboard #${view} svg.chart-svg .mark`;

describe('the default dashboard under each single filter, in zh-CN and en, light and dark, desktop and phone', () => {
  it('at rest (no filter)', async () => {
    // On the whole bank's data every view draws: the checks below see each of them.
    expect(await viewStates(w.page)).toEqual({ kpis: 'drawn', tiers: 'drawn', 'npl-by-class': 'drawn', 'npl-trend': 'drawn', migration: 'drawn', funnel: 'drawn', attainment: 'drawn', loans: 'drawn' });
    // The probes read what they check: the tier bars' labels in 亿, seven KPI values on one line each.
    expect((await chartUnits(w.page)).tiers?.map((unit) => unit.split(' ')[0])).toEqual(['亿']);
    expect(await w.page.locator('strata-kpis .tile .value').count()).toBe(7);
    expect(await lookAtEveryCombination('rest', null, { dark: COMBOS[3]! })).toEqual({});
  });

  it('one tier (a tier bar)', async () => {
    const chosen = await choose(MARKS('tiers'));
    expect(chosen.field).toBe('tier');
    const found = await lookAtEveryCombination('tier', chosen, { light: COMBOS[0]! });
    await clearAll();
    expect(found).toEqual({});
  });

  it('one branch (an attainment bar)', async () => {
    const chosen = await choose(MARKS('attainment'));
    expect(chosen.field).toBe('branch');
    const found = await lookAtEveryCombination('branch', chosen);
    await clearAll();
    expect(found).toEqual({});
  });

  it('one five-category class (a migration cell: 关注)', async () => {
    const chosen = await choose(`${MARKS('migration')}[aria-label^="关注 →"]`);
    expect(chosen).toMatchObject({ field: 'classification', value: 'special_mention' });
    const found = await lookAtEveryCombination('class', chosen, { dark: COMBOS[5]! });
    await clearAll();
    expect(found).toEqual({});
  });

  it('one industry class (an NPL marimekko column)', async () => {
    const chosen = await choose(MARKS('npl-by-class'));
    expect(chosen.field).toBe('industry_class');
    const found = await lookAtEveryCombination('industry', chosen);
    await clearAll();
    expect(found).toEqual({});
  });

  it('one month end (the filter bar’s month picker)', async () => {
    const month = w.page.locator('strata-filters select.month');
    const months = (await month.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
    const chosen = months.at(-2)!; // the month end before the latest: the one a user compares with
    await month.selectOption(chosen);
    await expect.poll(() => w.page.evaluate(() => (document.getElementById('dashboard') as HTMLElement & { asOf?: string }).asOf)).toBe(chosen);
    await settle(w.page);
    const found = await lookAtEveryCombination('month', null);
    expect(await month.inputValue()).toBe(chosen);
    await month.selectOption('');
    await settle(w.page);
    expect(found).toEqual({});
  });

  it('reports no CSP violation, no error, and no request outside its origin', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

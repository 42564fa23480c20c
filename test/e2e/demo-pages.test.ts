/**
 * Every page of the demo portal (index, two, react, vue, lists), built and served under the strict CSP:
 * axe-clean in light and dark, in zh-CN and en, on a desktop and on a 390 px phone, and never
 * wider than the phone's screen; the header's light/dark switch is labelled, works from the
 * keyboard and switches the page's dashboards. Screenshots of each state in test/.out/screenshots
 * (demo-page-<page>-<theme>-<width>-<lang>.png).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, launch, openWatched, SCREENSHOTS, until, type Watched } from './helpers.ts';

const url = inject('demoUrl');
/** Each page, its dashboards, and a view of it that draws marks (the page has settled once they are drawn). */
const PAGES = [
  { page: 'index', dashboards: ['dashboard'], view: 'strata-npl' },
  { page: 'two', dashboards: ['dash-a', 'dash-b'], view: 'strata-npl' },
  { page: 'react', dashboards: ['dashboard'], view: 'strata-npl' },
  { page: 'vue', dashboards: ['dashboard'], view: 'strata-npl' },
  { page: 'lists', dashboards: ['dashboard'], view: 'strata-segments' },
] as const;
const DESKTOP = { width: 1400, height: 1000 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Until every view has drawn and none is busy (after a load, a theme or a language switch). */
async function settle(page: Page, view: string): Promise<void> {
  await page.locator(`${view} svg.chart-svg .mark`).first().waitFor({ timeout: 45_000 });
  const busy = page.locator('strata-dashboard [aria-busy="true"], strata-dashboard .skeleton');
  await until(() => busy.count(), (n) => n === 0, 30_000);
  await page.waitForTimeout(400); // resize observers and redraws
  await until(() => busy.count(), (n) => n === 0, 30_000);
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.each(PAGES)('demo page $page', ({ page: name, dashboards, view }) => {
  let w: Watched;
  const themes = () => w.page.evaluate((ids) => ids.map((id) => (document.getElementById(id) as HTMLElement & { theme: string }).theme), [...dashboards]);
  const shot = (theme: string, width: number, lang: string) => w.page.screenshot({ path: join(SCREENSHOTS, `demo-page-${name}-${theme}-${width}-${lang}.png`), fullPage: true });

  beforeAll(async () => {
    w = await openWatched(browser, `${url}${name}.html`, DESKTOP);
    await settle(w.page, view);
  });
  afterAll(async () => {
    await w?.page.close();
  });

  it('is axe-clean in light on a desktop, and its light/dark switch is a labelled switch, off', async () => {
    const toggle = w.page.locator('#theme');
    expect(await toggle.getAttribute('role')).toBe('switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    expect((await toggle.textContent())?.trim()).toBe('深色模式');
    expect(await themes()).toEqual(dashboards.map(() => 'light'));
    expect(await axe(w.page)).toEqual([]);
    await shot('light', DESKTOP.width, 'zh-CN');
  });

  it('switches every dashboard (and the page) to dark from the keyboard, and is axe-clean in dark', async () => {
    await w.page.locator('#lang').focus();
    await w.page.keyboard.press('Tab'); // the switch is the next tab stop in the header
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('theme');
    await w.page.keyboard.press('Space');
    expect(await w.page.locator('#theme').getAttribute('aria-checked')).toBe('true');
    expect(await themes()).toEqual(dashboards.map(() => 'dark'));
    expect(await w.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // The views follow the dashboard: their hosts carry the dark theme.
    await expect.poll(() => w.page.locator(view).first().getAttribute('data-theme')).toBe('dark');
    await settle(w.page, view);
    expect(await axe(w.page)).toEqual([]);
    await shot('dark', DESKTOP.width, 'zh-CN');
  });

  it('on a 390 px phone is no wider than the screen and axe-clean, in dark and light, zh-CN and en', async () => {
    // Every state is looked at (and photographed) before the verdict.
    const found: Record<string, unknown> = {};
    const check = async (state: string) => {
      await settle(w.page, view);
      const width = await scrollWidth(w.page);
      if (width > PHONE.width) found[`${state} width`] = width;
      const violations = await axe(w.page);
      if (violations.length > 0) found[`${state} axe`] = violations;
    };
    await w.page.setViewportSize(PHONE);
    await check('dark zh-CN');
    await shot('dark', PHONE.width, 'zh-CN');

    await w.page.selectOption('#lang', 'en');
    await expect.poll(() => w.page.locator('#theme').textContent()).toBe('Dark mode');
    await check('dark en');
    await shot('dark', PHONE.width, 'en');

    // Back to light with Enter this time.
    await w.page.locator('#theme').focus();
    await w.page.keyboard.press('Enter');
    expect(await w.page.locator('#theme').getAttribute('aria-checked')).toBe('false');
    expect(await themes()).toEqual(dashboards.map(() => 'light'));
    await check('light en');
    await shot('light', PHONE.width, 'en');

    await w.page.selectOption('#lang', 'zh-CN');
    await expect.poll(() => w.page.locator('#theme').textContent()).toBe('深色模式');
    await check('light zh-CN');
    await shot('light', PHONE.width, 'zh-CN');
    expect(found).toEqual({});
  });

  it('in en on a desktop, light and dark, is axe-clean', async () => {
    await w.page.setViewportSize(DESKTOP);
    await w.page.selectOption('#lang', 'en');
    await settle(w.page, view);
    const light = await axe(w.page);
    await shot('light', DESKTOP.width, 'en');
    await w.page.locator('#theme').click();
    expect(await themes()).toEqual(dashboards.map(() => 'dark'));
    await settle(w.page, view);
    const dark = await axe(w.page);
    await shot('dark', DESKTOP.width, 'en');
    expect({ light, dark }).toEqual({ light: [], dark: [] });
  });

  it('keeps the chosen theme for the portal’s next page', async () => {
    const chosen = await w.page.locator('#theme').getAttribute('aria-checked');
    const theme = chosen === 'true' ? 'dark' : 'light';
    await w.page.setViewportSize(PHONE);
    await w.page.goto(`${url}${name}.html`);
    await expect.poll(() => w.page.locator('#theme').getAttribute('aria-checked')).toBe(chosen);
    await expect.poll(() => themes()).toEqual(dashboards.map(() => theme));
    await settle(w.page, view);
    expect(await w.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await shot(theme, PHONE.width, 'zh-CN-next');
  });

  it('reports no CSP violation, no error, and no request outside its origin', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

/**
 * The portal's hostile CSS (Bootstrap, `* { margin:0; padding:0; font-size:13px }`, `svg {}`,
 * `text { font-family: serif }`, `rect, path, line { stroke: … !important }`) does not change the
 * charts: the same views on the same page without that CSS (`?plain`), at the same dashboard
 * width, have the same size, the same SVG markup and the same pixels.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { decodePng, diffPixels } from './png.ts';
import { launch, openWatched, SCREENSHOTS, until, type Watched } from './helpers.ts';

const url = inject('demoUrl');
const VIEWS = ['strata-kpis#kpis', 'strata-segments#tiers', 'strata-npl#npl-by-class', 'strata-npl#npl-trend', 'strata-npl#migration', 'strata-funnel#funnel', 'strata-attainment#attainment'];
const WIDTH = 1100;

let browser: Browser;
const pages = {} as Record<'portal' | 'plain' | 'twoPortal' | 'twoPlain', Watched>;
/** two.html: views written as children of two dashboards, in the page's own (light) DOM. */
const TWO_VIEWS = ['#dash-a strata-kpis#a-kpis', '#dash-a strata-npl#a-npl', '#dash-b strata-funnel#b-funnel', '#dash-b strata-attainment#b-attainment'];
const TWO_PLACES = { 'dash-a': 0, 'dash-b': 1400 };

/**
 * Both pages get the dashboard at the same place and width (absolutely at the page's origin,
 * 1100 px wide), so that the views land on the same whole pixels and only CSS can differ.
 */
async function place(w: Watched, padding?: string, dashboards: Record<string, number> = { dashboard: 0 }): Promise<void> {
  await w.page.evaluate(
    ({ width, padding, dashboards }) => {
      for (const [id, top] of Object.entries(dashboards)) {
        const dashboard = document.getElementById(id)!;
        Object.assign(dashboard.style, { position: 'absolute', top: `${top}px`, left: '0', zIndex: '10', width: `${width}px`, maxWidth: 'none' });
        if (padding) dashboard.style.padding = padding;
      }
    },
    { width: WIDTH, padding, dashboards },
  );
  const busy = w.page.locator('strata-dashboard [aria-busy="true"], strata-dashboard .skeleton').filter({ visible: true });
  await w.page.locator('strata-npl svg.chart-svg .mark').filter({ visible: true }).first().waitFor({ timeout: 45_000 });
  await until(() => busy.count(), (n) => n === 0, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 600)); // resize observers and redraws
  await until(() => busy.count(), (n) => n === 0, 30_000);
}

interface Reading {
  box: { width: number; height: number };
  svg: string;
  png: Buffer;
}

async function read(w: Watched, view: string): Promise<Reading> {
  const element = w.page.locator(view.includes(' ') ? view : `#dashboard ${view}`);
  const box = await element.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  const markup = await element.evaluate((e) => e.shadowRoot?.querySelector('svg.chart-svg')?.outerHTML ?? e.shadowRoot?.querySelector('figure')?.innerHTML ?? '');
  const svg = markup.replace(/<!--[^]*?-->/g, ''); // Lit's part markers carry a random number per page
  const png = await element.screenshot({ animations: 'disabled', caret: 'hide' });
  return { box, svg, png };
}

/** What differs between the two pages' renderings of `view` (empty when nothing does). */
function differences(portal: Reading, plain: Reading): string[] {
  const out: string[] = [];
  if (JSON.stringify(portal.box) !== JSON.stringify(plain.box)) out.push(`box ${JSON.stringify(portal.box)} ≠ ${JSON.stringify(plain.box)}`);
  if (portal.svg !== plain.svg) out.push('SVG markup differs');
  const a = decodePng(portal.png);
  const b = decodePng(plain.png);
  if (a.width !== b.width || a.height !== b.height) out.push(`screenshot ${a.width}×${a.height} ≠ ${b.width}×${b.height}`);
  else {
    // Antialiasing of a curved edge can move by a level or two between two pages (seen once on a
    // button's rounded corner); a leaking style (a font, a stroke, a size) moves far more.
    const n = diffPixels(a, b, 8);
    if (n > 0) out.push(`${n} pixels differ by more than 8 levels`);
  }
  return out;
}

beforeAll(async () => {
  browser = await launch();
  const viewport = { width: 1600, height: 1200 };
  pages.portal = await openWatched(browser, `${url}index.html`, viewport);
  pages.plain = await openWatched(browser, `${url}index.html?plain`, viewport);
  pages.twoPortal = await openWatched(browser, `${url}two.html`, viewport);
  pages.twoPlain = await openWatched(browser, `${url}two.html?plain`, viewport);
  await Promise.all([place(pages.portal), place(pages.plain), place(pages.twoPortal, undefined, TWO_PLACES), place(pages.twoPlain, undefined, TWO_PLACES)]);
});

afterAll(async () => {
  await browser?.close();
});

describe('host CSS and the charts', () => {
  it('the portal page really carries the hostile CSS, and ?plain does not', async () => {
    const probe = (w: Watched) =>
      w.page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.append(text);
        document.body.append(svg);
        const font = getComputedStyle(text).fontFamily;
        svg.remove();
        return { fontSize: body.fontSize, bootstrap: body.getPropertyValue('--bs-blue').trim() !== '', textFont: font, hostPadding: getComputedStyle(document.getElementById('dashboard')!).paddingTop };
      });
    const portal = await probe(pages.portal);
    const plain = await probe(pages.plain);
    expect(portal.fontSize).toBe('13px');
    expect(portal.bootstrap).toBe(true);
    expect(portal.textFont).toBe('serif');
    expect(plain.bootstrap).toBe(false);
    expect(plain.textFont).not.toBe('serif');
    expect(portal).not.toEqual(plain);
  });

  /** Every view's differences between the portal page and its `?plain` twin (screenshots saved). */
  async function compare(portalPage: Watched, plainPage: Watched, views: readonly string[], tag: string): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const view of views) {
      const portal = await read(portalPage, view);
      const plain = await read(plainPage, view);
      expect(portal.svg.length, view).toBeGreaterThan(100);
      const name = `${tag}-${view.replace(/[^\w-]+/g, '_')}`;
      writeFileSync(join(SCREENSHOTS, `css-${name}-portal.png`), portal.png);
      writeFileSync(join(SCREENSHOTS, `css-${name}-plain.png`), plain.png);
      const d = differences(portal, plain);
      if (d.length > 0) found[view] = d;
    }
    return found;
  }

  it('index.html: every view has the same box, SVG markup and pixels with and without the portal’s CSS', async () => {
    expect(await compare(pages.portal, pages.plain, VIEWS, 'index')).toEqual({});
  });

  it('two.html: views written as children in the page’s DOM have the same box, markup and pixels with and without it', async () => {
    expect(await compare(pages.twoPortal, pages.twoPlain, TWO_VIEWS, 'two')).toEqual({});
  });

  it('inside the views nothing leaks: with the dashboards’ own padding pinned on both sides, every view is identical', async () => {
    // Tells a leak through the dashboard element's own box (page rules such as `* { padding: 0 }`
    // beat the element's `:host` rules) from one into the shadow DOM.
    await Promise.all([
      place(pages.portal, '12px'),
      place(pages.plain, '12px'),
      place(pages.twoPortal, '12px', TWO_PLACES),
      place(pages.twoPlain, '12px', TWO_PLACES),
    ]);
    expect({
      ...(await compare(pages.portal, pages.plain, VIEWS, 'index-pinned')),
      ...(await compare(pages.twoPortal, pages.twoPlain, TWO_VIEWS, 'two-pinned')),
    }).toEqual({});
  });

  it('reports no CSP violation on any page', async () => {
    for (const w of Object.values(pages)) {
      expect(await w.violations()).toEqual([]);
      expect(w.cspConsole).toEqual([]);
      expect(w.outside).toEqual([]);
    }
  });
});

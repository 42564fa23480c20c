/**
 * Exports in the built demo under the strict CSP (no blob:/data: images): PNG from the export
 * menu downloads a valid PNG of the chart with its title and the month around it, painted to a
 * canvas (no image load, no CSP violation); the xlsx chunk loads on demand and its workbook reads
 * back; the CSV is for people. In zh-CN and in English; the PNGs are kept in test/.out/screenshots.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Download, Locator } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { launch, openWatched, SCREENSHOTS, until, type Watched } from './helpers.ts';
import { decodePng } from './png.ts';

const url = inject('demoUrl');

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

describe.each(['zh-CN', 'en'] as const)('exports of the default dashboard under the strict CSP (%s)', (lang) => {
  let w: Watched;
  let view: Locator;
  const en = lang === 'en';

  beforeAll(async () => {
    w = await openWatched(browser, `${url}index.html${en ? '?lang=en' : ''}`);
    view = w.page.locator('#dashboard strata-segments#tiers');
    await until(() => view.locator('svg.chart-svg .mark').count(), (n) => n > 0, 45_000);
  });
  afterAll(async () => {
    await w?.page.close();
  });

  async function exportAs(format: string): Promise<Download> {
    const downloading = w.page.waitForEvent('download', { timeout: 30_000 });
    await view.locator('[part~="export-button"]').click();
    await view.locator(`[part~="export-item"][data-format="${format}"]`).click();
    return downloading;
  }

  it('PNG: a valid image of the chart with the words around it, painted without loading an image', async () => {
    const title = (await view.locator('#title').textContent())!.trim();
    const download = await exportAs('png');
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_\\d{4}-\\d{2}-\\d{2}\\.png$`));
    const bytes = await bytesOf(download);
    writeFileSync(join(SCREENSHOTS, `export-png-${lang}.png`), bytes);
    const image = decodePng(bytes);
    const chartWidth = Number(await view.locator('svg.chart-svg').getAttribute('width'));
    expect(image.width).toBe(2 * (Math.max(360, chartWidth) + 32));
    // Not blank: many colours (bars, words, the surface).
    const colours = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4 * 7) colours.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
    expect(colours.size).toBeGreaterThan(20);
    expect(await view.locator('[part="export-error"]').count()).toBe(0);
  });

  it('PNG of every chart of the dashboard: bars, marimekko, lines, heatmap, funnel, bullets', async () => {
    for (const id of ['npl-by-class', 'npl-trend', 'migration', 'funnel', 'attainment']) {
      const chart = w.page.locator(`#dashboard #${id}`);
      await until(() => chart.locator('svg.chart-svg .mark').count(), (n) => n > 0, 30_000);
      const downloading = w.page.waitForEvent('download', { timeout: 30_000 });
      await chart.locator('[part~="export-button"]').click();
      await chart.locator('[part~="export-item"][data-format="png"]').click();
      const bytes = await bytesOf(await downloading);
      writeFileSync(join(SCREENSHOTS, `export-png-${id}-${lang}.png`), bytes);
      expect(decodePng(bytes).width, id).toBeGreaterThan(700);
    }
  });

  it('xlsx: the on-demand chunk loads under the CSP, the workbook reads back with units in the headers', async () => {
    const download = await exportAs('xlsx');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await bytesOf(download);
    const [sheet] = await readXlsxFile(bytes);
    const header = sheet!.data[0] as string[];
    expect(header).toContain(en ? 'Loan balance (10k yuan)' : '贷款余额（万元）');
    for (const row of sheet!.data.slice(1)) expect(typeof row[header.indexOf(en ? 'Loan balance (10k yuan)' : '贷款余额（万元）')]).toBe('number');
  });

  it('CSV: BOM, units in the headers, no float noise', async () => {
    const download = await exportAs('csv');
    const text = (await bytesOf(download)).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toContain(en ? '(10k yuan)' : '（万元）');
    // Every number has at most two decimals.
    for (const line of lines.slice(1)) for (const cell of line.split(',')) if (/^-?\d/.test(cell)) expect(cell).toMatch(/^-?\d+(\.\d{1,2})?$/);
  });

  it('reports no CSP violation and no error', async () => {
    expect(await w.violations()).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});

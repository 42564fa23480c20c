/// <reference types="mocha" />
/**
 * Exports for people, in Chromium: CSV bytes (BOM, units in the headers, 万元 to the cent, ratios
 * as percentages, formulas neutralised, the raw choice), file names, xlsx read back, the picture's
 * words (title, scope, month, filters, source), the PNG painted without loading an image, the
 * export menu by keyboard, and a failed export shown in the view. Figures written by hand from
 * test/fixtures/small.ts.
 */
import { expect } from 'chai';
import type { Strata } from '@strata/sdk';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import readXlsxFile from 'read-excel-file/browser';
import '../kpis/register.ts';
import '../npl/register.ts';
import type { StrataNpl } from '../npl/npl.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { downloads, marks, mount, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { codeLabel, t } from '../i18n.ts';
import { safeFileName } from './export.ts';
import { peopleSheet, rawSheet, roundTo, sheetToCsv } from './export-table.ts';
import type { TableData } from './view.ts';

interface Row {
  name: string;
  balance: number;
  ratio: number | null;
  loans: number;
}

const data = (rows: Row[], label = '名称'): TableData<Row> => ({
  rows,
  columns: [
    { label, value: (r) => r.name },
    { label: '余额', value: (r) => r.balance, numeric: true, kind: 'amount' },
    { label: '不良率', value: (r) => r.ratio, numeric: true, kind: 'ratio' },
    { label: '笔数', value: (r) => r.loans, numeric: true, kind: 'count' },
  ],
});

const ROWS: Row[] = [
  { name: '=HYPERLINK("x")', balance: 58891245.61000013, ratio: 0.0043288, loans: 12 },
  { name: '-2+3', balance: -1234.5, ratio: null, loans: 0 },
  { name: '城北支行', balance: 10_050, ratio: 0.00435, loans: 3 },
];

/** The entries of a zip (an xlsx) by name, inflated with the browser's own DecompressionStream. */
async function unzip(blob: Blob): Promise<Map<string, string>> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const view = new DataView(bytes.buffer);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, string>();
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const body = bytes.slice(start, start + size);
    const method = view.getUint16(local + 8, true);
    const inflated = method === 0 ? body : new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
    files.set(name, new TextDecoder().decode(inflated));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return files;
}

describe('exports for people: CSV, file names', () => {
  it('rounds as the decimal text reads, never drifting', () => {
    expect(roundTo(1.005, 2)).to.equal(1.01);
    expect(roundTo(0.435, 2)).to.equal(0.44);
    expect(roundTo(-0.125, 2)).to.equal(-0.13);
    expect(roundTo(-0.001, 2)).to.equal(0);
    expect(roundTo(58891245.61000013, 2)).to.equal(58891245.61);
  });

  it('writes CSV for people: BOM, units in the headers, 万元 to the cent, % with two decimals, formulas neutralised', () => {
    const csv = sheetToCsv(peopleSheet('zh-CN', data(ROWS)));
    expect(csv).to.equal(
      '\uFEFF名称,余额（万元）,不良率（%）,笔数\r\n' +
        // 58,891,245.61 yuan = 5,889.124561 万元; 0.0043288 = 0.43 %; data text starting with = or - gets a quote.
        `"'=HYPERLINK(""x"")",5889.12,0.43,12\r\n` +
        // A negative amount is a number, not a formula: no quote. No ratio: an empty cell.
        "'-2+3,-0.12,,0\r\n" +
        // 10,050 yuan = 1.005 万元 → 1.01 (half up, as the text reads); 0.435 % → 0.44.
        '城北支行,1.01,0.44,3\r\n',
    );
    const en = sheetToCsv(peopleSheet('en', data(ROWS, '@Name')));
    expect(en.split('\r\n')[0]).to.equal("\uFEFF'@Name,余额 (10k yuan),不良率 (%),笔数");
    expect(new TextEncoder().encode(csv).subarray(0, 3)).to.deep.equal(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('keeps the exact machine values in the raw choice (formulas still neutralised)', () => {
    expect(sheetToCsv(rawSheet('zh-CN', data(ROWS)))).to.equal(
      '\uFEFF名称,余额,不良率,笔数\r\n' + `"'=HYPERLINK(""x"")",58891245.61000013,0.0043288,12\r\n` + "'-2+3,-1234.5,,0\r\n" + '城北支行,10050,0.00435,3\r\n',
    );
  });

  it("writes each name's code in a column before it in the raw choice (zh-CN and en headers)", () => {
    const coded: TableData<Row & { code: string }> = {
      rows: [{ ...ROWS[2]!, code: 'B1' }, { ...ROWS[0]!, code: '=B2' }],
      columns: [{ label: '机构', value: (r) => r.name, code: (r) => r.code }, { label: '笔数', value: (r) => r.loans, numeric: true, kind: 'count' }],
    };
    expect(sheetToCsv(rawSheet('zh-CN', coded))).to.equal(`\uFEFF机构代码,机构,笔数\r\nB1,城北支行,3\r\n'=B2,"'=HYPERLINK(""x"")",12\r\n`);
    expect(sheetToCsv(rawSheet('en', coded)).split('\r\n')[0]).to.equal('\uFEFF机构 code,机构,笔数');
    // The people's file names only.
    expect(sheetToCsv(peopleSheet('zh-CN', coded)).split('\r\n')[0]).to.equal('\uFEFF机构,笔数');
  });

  it('gives a per-row unit column where a column mixes units (the KPI strip)', () => {
    const kpis: TableData<{ metric: string; kind: 'amount' | 'ratio' | 'count'; value: number }> = {
      rows: [
        { metric: '贷款余额', kind: 'amount', value: 46_350_000.004 },
        { metric: '不良率', kind: 'ratio', value: 0.0128 },
        { metric: '贷款笔数', kind: 'count', value: 7 },
      ],
      columns: [
        { label: '指标', value: (r) => r.metric },
        { label: '本月', value: (r) => r.value, numeric: true, kind: (r) => r.kind },
      ],
    };
    expect(sheetToCsv(peopleSheet('zh-CN', kpis))).to.equal('\uFEFF指标,单位,本月\r\n贷款余额,万元,4635.00\r\n不良率,%,1.28\r\n贷款笔数,,7\r\n');
    expect(sheetToCsv(peopleSheet('en', kpis)).split('\r\n')[0]).to.equal('\uFEFF指标,Unit,本月');
  });

  it('names files safely for Windows and macOS', () => {
    expect(safeFileName(['贷款余额·客户分层', '2024-12-31', '机构-城北支行'], 'csv')).to.equal('贷款余额·客户分层_2024-12-31_机构-城北支行.csv');
    expect(safeFileName(['a/b\\c: d*?"<>|e', '', ' x  y '], 'png')).to.equal('a-b-c- d-e_x y.png');
    expect(safeFileName(['report. ..'], 'svg')).to.equal('report.svg');
    expect(safeFileName(['CON'], 'csv')).to.equal('_CON.csv');
    expect(safeFileName(['\u0000\u0007'], 'csv')).to.equal('-.csv');
    // 300 Chinese characters: cut to whole characters within 180 UTF-8 bytes (60 of them).
    const long = safeFileName(['城'.repeat(300)], 'xlsx');
    expect(long).to.equal(`${'城'.repeat(60)}.xlsx`);
  });
});

describe('exports of a view (<strata-npl> by branch, the small bank at 2024-12-31)', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));

  async function npl(lang: 'zh-CN' | 'en', width = 640): Promise<StrataNpl> {
    const element = document.createElement('strata-npl');
    element.setAttribute('by', 'branch');
    element.setAttribute('lang', lang);
    element.strata = strata;
    mount(element, width);
    await until(() => marks(element).length > 0, 'bars');
    // Drawn at the box's width (the first draw may come before the resize observer's).
    await until(() => Number(element.shadowRoot!.querySelector('svg.chart-svg')!.getAttribute('width')) > width - 40, 'the chart at its width');
    return element;
  }

  const shadow = (element: HTMLElement) => element.shadowRoot!;
  const title = (element: HTMLElement) => shadow(element).querySelector('#title')!.textContent!;

  it('CSV for people and raw: 城北 298.50万, NPL 190.00万, 63.65 %; 城南 165.00万, 105.00万, 63.64 %', async () => {
    const element = await npl('zh-CN');
    // By hand: 城北 (B1) holds L1 990,000 pass, L2 95,000 special mention, L5 1,900,000 doubtful;
    // 城南 (B2) L3 50,000 substandard, L4 600,000 pass, L7 1,000,000 loss; 4,635,000 in all.
    const lines = (await element.toCsv('people'))!.split('\r\n');
    expect(lines[0]).to.equal(`\uFEFF机构,贷款余额（万元）,不良余额（万元）,不良率（%）,贷款笔数,${t('zh-CN', 'special_mention_ratio')}（%）,占比（%）`);
    expect(lines.slice(1, -1).sort()).to.deep.equal(['城北支行,298.50,190.00,63.65,3,3.18,64.40', '城南支行,165.00,105.00,63.64,3,0.00,35.60']);
    const raw = (await element.toCsv('raw'))!.split('\r\n');
    expect(raw[0]).to.equal(`\uFEFF机构代码,机构,贷款余额,不良余额,不良率,贷款笔数,${t('zh-CN', 'special_mention_ratio')},占比`);
    expect(raw.slice(1, -1).sort()).to.deep.equal([
      `B1,城北支行,2985000,1900000,${1_900_000 / 2_985_000},3,${95_000 / 2_985_000},${2_985_000 / 4_635_000}`,
      `B2,城南支行,1650000,1050000,${1_050_000 / 1_650_000},3,0,${1_650_000 / 4_635_000}`,
    ]);
  });

  it('xlsx opened back: headers with units, numbers as numbers with their formats', async () => {
    const element = await npl('en');
    const blob = (await element.toXlsx())!;
    const [sheet] = await readXlsxFile(blob);
    const rows = sheet!.data;
    expect(rows[0]).to.deep.equal(['Branch', 'Loan balance (10k yuan)', 'NPL balance (10k yuan)', 'NPL ratio (%)', 'Loans', `${t('en', 'special_mention_ratio')} (%)`, 'Share (%)']);
    const north = rows.find((r) => r[0] === '城北支行')!;
    // 万元 to the cent (298.5), the ratio in % (63.6516 to four decimals of a percent), counts whole.
    expect(north).to.deep.equal(['城北支行', 298.5, 190, 63.651591, 3, 3.18258, 64.401294]);
    const files = await unzip(blob);
    const styles = files.get('xl/styles.xml')!;
    expect(styles).to.contain('formatCode="#,##0.00"').and.contain('formatCode="0.00"');
    expect(files.get('xl/worksheets/sheet1.xml')).to.contain('<pane');
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`the SVG and PNG say title, scope, month, filters and source; the file names say them too (${lang})`, async () => {
      const en = lang === 'en';
      strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'map' });
      strata.filters.set({ field: 'product', op: 'in', values: ['mortgage', 'consumer'], source: 'products' });
      const element = await npl(lang);
      await until(() => marks(element).length === 1, 'one branch');
      await element.prepareExport();
      const svg = new DOMParser().parseFromString((await element.toSvg())!, 'image/svg+xml');
      const words = [...svg.querySelectorAll('text.frame')].map((node) => node.textContent);
      const heading = title(element);
      const products = [codeLabel(lang, 'mortgage'), codeLabel(lang, 'consumer')].join(en ? ', ' : '、');
      expect(words).to.deep.equal(
        en
          ? [heading, '城北支行 · Data as of 2024-12-31', `Product: ${products}`, 'Source: Strata · data as of 2024-12-31']
          : [heading, '城北支行 · 数据截至 2024-12-31', `产品：${products}`, '来源：Strata · 数据截至 2024-12-31'],
      );
      // The chart itself is inside, whole.
      expect(svg.querySelectorAll('svg svg .mark').length).to.equal(1);
      const files = await downloads(() => element.exportPng());
      const fileName = en
        ? `${heading}_2024-12-31_Branch-城北支行_Product-${products}.png`
        : `${heading}_2024-12-31_机构-城北支行_产品-${products}.png`;
      expect(files.map((f) => f.name)).to.deep.equal([fileName.replace(/[/\\:*?"<>|]/g, '-')]);
      const png = new Uint8Array(await files[0]!.blob.arrayBuffer());
      expect([...png.subarray(0, 8)]).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const bitmap = await createImageBitmap(files[0]!.blob);
      // Twice the picture's size: the chart's width (360 px at least, for the words) plus 16 px each side.
      const chartWidth = Number(shadow(element).querySelector('svg.chart-svg')!.getAttribute('width'));
      expect(Number(svg.documentElement.getAttribute('width'))).to.equal(Math.max(360, chartWidth) + 32);
      expect(bitmap.width).to.equal(2 * Number(svg.documentElement.getAttribute('width')));
      expect(bitmap.height).to.equal(2 * Number(svg.documentElement.getAttribute('height')));
      // The bar is painted: the chart's area holds the accent colour somewhere.
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let dark = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 100 && pixels[i + 1]! < 120) dark++;
      expect(dark).to.be.greaterThan(500);
      const csv = await downloads(() => element.exportCsv());
      expect(csv[0]!.name).to.equal(fileName.replace(/\.png$/, '.csv').replace(/[/\\:*?"<>|]/g, '-'));
    });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`the export menu works by keyboard, is labelled and axe-clean; a failed export says so in the view (${lang})`, async () => {
      const en = lang === 'en';
      const element = await npl(lang);
      // English in the dark theme: the menu's surface and focus read on both.
      if (en) element.setAttribute('theme', 'dark');
      const button = shadow(element).querySelector<HTMLButtonElement>('[part~="export-button"]')!;
      expect(button.getAttribute('aria-haspopup')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-label')).to.equal(en ? `Export “${title(element)}”` : `导出「${title(element)}」`);
      button.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => shadow(element).querySelector('[role="menu"]'), 'the menu');
      const items = () => [...shadow(element).querySelectorAll<HTMLElement>('[role="menuitem"]')];
      expect(items().map((i) => i.textContent)).to.deep.equal(
        en ? ['CSV', 'CSV (raw values)', 'Excel (xlsx)', 'SVG image', 'PNG image'] : ['CSV', 'CSV（原始值）', 'Excel（xlsx）', 'SVG 图片', 'PNG 图片'],
      );
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      await until(() => shadow(element).activeElement === items()[0], 'the first item focused');
      await sendKeys({ press: 'ArrowDown' });
      await until(() => shadow(element).activeElement === items()[1], 'the second');
      await sendKeys({ press: 'End' });
      await until(() => shadow(element).activeElement === items()[4], 'the last');
      await sendKeys({ press: 'ArrowDown' });
      await until(() => shadow(element).activeElement === items()[0], 'round to the first');
      expect(await axeViolations(element.parentElement!)).to.deep.equal([]);
      expect(await executeServerCommand('strata-screenshot', { name: `export-menu-${lang}${en ? '-dark' : ''}.png` })).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await until(() => !shadow(element).querySelector('[role="menu"]') && shadow(element).activeElement === button, 'closed, focus back');

      // A failure: the view says so (role=alert, in its language) and still fires strata-error.
      const errors: Event[] = [];
      element.addEventListener('strata-error', (e) => errors.push(e));
      element.exportCsv = () => Promise.reject(new Error('disk full'));
      await sendKeys({ press: 'Enter' });
      await until(() => shadow(element).activeElement === items()[0], 'the menu again');
      await sendKeys({ press: 'Enter' });
      const alert = await until(() => shadow(element).querySelector('[role="alert"][part="export-error"]'), 'the alert');
      expect(alert.querySelector('span')!.textContent).to.equal(en ? 'Export failed (CSV): disk full' : '导出失败（CSV）：disk full');
      expect(errors).to.have.length(1);
      expect(await axeViolations(element.parentElement!)).to.deep.equal([]);
      expect(await executeServerCommand('strata-screenshot', { name: `export-failed-${lang}.png` })).to.equal(true);
      alert.querySelector('button')!.click();
      await until(() => !shadow(element).querySelector('[part~="export-error"]'), 'dismissed');
    });
  }

  it('the KPI strip: no picture to export, and its CSV names each row’s unit (4,635,000 yuan = 463.50 万元)', async () => {
    const element = document.createElement('strata-kpis');
    element.setAttribute('lang', 'zh-CN');
    element.strata = strata;
    mount(element, 640);
    await until(() => shadow(element).querySelector('[part~="export-button"]'), 'the export button');
    shadow(element).querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
    await until(() => shadow(element).querySelector('[role="menu"]'), 'the menu');
    expect([...shadow(element).querySelectorAll('[role="menuitem"]')].map((i) => i.getAttribute('data-format'))).to.deep.equal(['csv', 'csv_raw', 'xlsx']);
    const lines = (await element.toCsv('people'))!.split('\r\n');
    expect(lines[0]!.split(',').slice(0, 2)).to.deep.equal(['\uFEFF指标', '单位']);
    // December: 990,000 + 95,000 + 50,000 + 600,000 + 1,900,000 + 1,000,000 = 4,635,000 yuan; 6 loans.
    expect(lines.find((l) => l.startsWith('贷款余额,'))!.split(',').slice(0, 3)).to.deep.equal(['贷款余额', '万元', '463.50']);
    expect(lines.find((l) => l.startsWith('贷款笔数,'))!.split(',').slice(0, 3)).to.deep.equal(['贷款笔数', '', '6']);
  });
});

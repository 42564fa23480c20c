/// <reference types="mocha" />
import { expect } from 'chai';
import { configureAssets, createBrowserEngine, Strata, type LoadReport, type NplRow } from '@strata/sdk/browser';
import './register.ts';
import '../dashboard/register.ts';
import type { StrataImport } from './import.ts';
import type { StrataDashboard } from '../dashboard/dashboard.ts';
import type { StrataKpis } from '../kpis/kpis.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { NPL_BY_BRANCH_DECEMBER, type BranchNpl } from '../../../../test/fixtures/bank-export/figures.ts';
import { assets, cleanup, mount, until } from '../../../../test/helpers/browser.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { sendKeys } from '@web/test-runner-commands';
import { formatAmount } from '../i18n.ts';

configureAssets(assets);

const EXPORT_URL = '/test/fixtures/bank-export/loans-gbk.csv';

/** The committed GBK export as a File (its bytes, optionally with ASCII text swapped: safe in GBK, whose trail bytes are never digits or commas). */
async function exportFile(name = 'loans-gbk.csv', swaps: [string, string][] = []): Promise<File> {
  let bytes = new Uint8Array(await (await fetch(EXPORT_URL)).arrayBuffer());
  for (const [from, to] of swaps) {
    const needle = new TextEncoder().encode(from);
    const at = bytes.findIndex((_, i) => needle.every((b, j) => bytes[i + j] === b));
    if (at < 0) throw new Error(`${from} is not in the export`);
    bytes = new Uint8Array([...bytes.subarray(0, at), ...new TextEncoder().encode(to), ...bytes.subarray(at + needle.length)]);
  }
  return new File([bytes], name, { type: 'text/csv' });
}

const root = (element: HTMLElement) => element.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(element: HTMLElement, selector: string) => root(element).querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: HTMLElement, selector: string) => [...root(element).querySelectorAll<T>(selector)];
const loadButton = (element: HTMLElement) => $<HTMLButtonElement>(element, 'button[part="load"]');
const fieldOf = (element: HTMLElement, source: string) => $$<HTMLTableRowElement>(element, 'tr[data-source]').find((r) => r.dataset.source === source)?.querySelector<HTMLSelectElement>('select.field');
const unitOf = (element: HTMLElement, source: string) => $$<HTMLTableRowElement>(element, 'tr[data-source]').find((r) => r.dataset.source === source)?.querySelector<HTMLSelectElement>('select.unit');
/** The preview table's column of one field, top to bottom. */
const cells = (element: HTMLElement, field: string) => $$(element, `[part="preview"] td[data-field="${field}"]`).map((td) => text(td));
const lines = (element: HTMLElement, part: 'problems' | 'warnings') => $$(element, `[part="${part}"] li`);

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Waits for the element to finish previewing (or loading). */
async function settled(element: StrataImport): Promise<void> {
  await element.updateComplete;
  await until(() => $(element, '[part="frame"]')?.getAttribute('aria-busy') === 'false', 'the preview');
  await element.updateComplete;
}

/** Rows of the CLI's shape, by branch, with the fields the hand figures give. */
function byBranch(rows: readonly NplRow[]): Record<string, BranchNpl> {
  return Object.fromEntries(
    rows.map((r) => [r.key, { balance: r.balance, npl_balance: r.npl_balance, special_mention_balance: r.special_mention_balance, loans: r.loans, npl_loans: r.npl_loans }]),
  );
}

describe('<strata-import>', () => {
  let strata: Strata;

  before(async () => {
    await customElements.whenDefined('strata-import');
    strata = await Strata.open({ engine: await createBrowserEngine(assets) });
  });
  after(async () => {
    await strata.close();
  });
  afterEach(() => cleanup());

  async function importer(attributes: Record<string, string> = {}, width = 900): Promise<StrataImport> {
    const element = document.createElement('strata-import');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.strata = strata;
    mount(element, width);
    await element.updateComplete;
    return element;
  }

  async function previewed(file: File, attributes: Record<string, string> = {}, width?: number): Promise<StrataImport> {
    const element = await importer(attributes, width);
    await element.selectFile(file);
    await settled(element);
    return element;
  }

  it('previews a GBK loans export with 万元 headers and no mapping: 万 applied, 客户名称 ignored, one "no customer file" warning', async () => {
    await strata.load(smallBank, { replace: 'all' });
    const element = await previewed(await exportFile());
    expect($<HTMLSelectElement>(element, 'select[part="table-select"]')!.value).to.equal('loans');
    // What was detected: the format, the encoding (GB18030, the superset of GBK the SDK decodes with), the records.
    expect(text($(element, '.file-name'))).to.equal('loans-gbk.csv：CSV，GB18030，20 条记录');
    // Each column of the file and its field; the unit read from the header.
    expect($$<HTMLTableRowElement>(element, 'tr[data-source]').map((r) => [r.dataset.source, r.querySelector<HTMLSelectElement>('select.field')!.value])).to.deep.equal([
      ['数据日期', 'as_of'],
      ['借据号', 'loan_id'],
      ['客户号', 'customer_id'],
      ['客户名称', ''],
      ['机构', 'branch_id'],
      ['产品', 'product'],
      ['贷款余额(万元)', 'balance'],
      ['五级分类', 'classification'],
      ['放款日期', 'origination_date'],
      ['到期日', 'maturity_date'],
    ]);
    expect(unitOf(element, '贷款余额(万元)')!.value).to.equal('wan');
    expect(text(unitOf(element, '贷款余额(万元)')!.parentElement)).to.contain('按列名');
    expect($$(element, 'select.unit')).to.have.length(1);
    expect(text($(element, '[data-note="ignored"]'))).to.equal('不导入的列：客户名称');
    expect($(element, '[data-note="missing"]')).to.equal(null);
    // Nothing stops the load; the one warning says the customers are missing.
    expect($(element, '[part="problems"]')).to.equal(null);
    expect(lines(element, 'warnings').map((li) => [li.dataset.kind, text(li.querySelector('strong'))])).to.deep.equal([['missing_table', '没有客户文件：客户分层、客群等不可用']]);
    expect(loadButton(element)!.disabled).to.equal(false);
    // The first rows as they will load: 1560万 → 15,600,000 yuan, 1550万 → 15,500,000; dates and labels converted.
    expect(cells(element, 'balance')).to.have.length(10);
    expect(cells(element, 'balance')[0]).to.equal('15,600,000');
    expect(cells(element, 'balance')[9]).to.equal('15,500,000');
    expect(cells(element, 'as_of')[9]).to.equal('2024-12-31');
    expect(cells(element, 'origination_date')[0]).to.equal('2019-06-15');
    expect(cells(element, 'maturity_date')[0]).to.equal('2039-06-15');
    expect(cells(element, 'branch_id')[0]).to.equal('城东支行');
    expect(cells(element, 'product').slice(0, 3)).to.deep.equal(['个人住房贷款', '消费贷款', '经营贷款']);
    expect(cells(element, 'classification').slice(0, 5)).to.deep.equal(['正常', '正常', '关注', '正常', '次级']);
    expect(text($(element, '[part="preview"] th[data-field="balance"]'))).to.equal('余额 (元)');
    // Nothing is loaded before the user confirms.
    expect(await strata.rowCount({ table: 'customers' })).to.equal(smallBank.customers.length);
    expect(await axeViolations(element)).to.deep.equal([]);
  });

  it('loads on confirm: the Strata’s NPL by branch equals the hand figures; a result line and strata-load', async () => {
    const element = await previewed(await exportFile());
    const loaded = new Promise<CustomEvent<{ report: LoadReport }>>((resolve) => element.addEventListener('strata-load', resolve, { once: true }));
    loadButton(element)!.click();
    const { report } = (await loaded).detail;
    expect(report.rows).to.deep.equal({ loans: 20 });
    expect(report.warnings.map((w) => w.kind)).to.deep.equal(['missing_table']);
    expect(byBranch(await strata.npl({ by: 'branch' }))).to.deep.equal(NPL_BY_BRANCH_DECEMBER);
    // Replaced all: the small bank loaded before is gone.
    expect(await strata.rowCount({ table: 'customers' })).to.equal(0);
    await element.updateComplete;
    const status = text($(element, '[part="status"]'));
    expect(status).to.contain('已载入贷款 20 行');
    expect(status).to.contain('已换算为元：贷款余额(万元)（万元）');
    expect(status).to.contain('1 条提示');
    expect(lines(element, 'warnings')).to.have.length(1);
    // The preview is gone; the file button has the focus back.
    expect($(element, '[part="preview"]')).to.equal(null);
    expect(root(element).activeElement).to.equal($(element, 'button[part="choose"]'));
  });

  it('a unit chosen by hand previews again: 元 shows the amounts as written, 万元 multiplies again', async () => {
    const element = await previewed(await exportFile(), { lang: 'en' });
    expect(cells(element, 'balance')[0]).to.equal('15,600,000');
    choose(unitOf(element, '贷款余额(万元)')!, 'yuan');
    await until(() => cells(element, 'balance')[0] === '1,560', () => `the amounts in yuan (now ${cells(element, 'balance')[0]})`);
    await settled(element);
    expect(unitOf(element, '贷款余额(万元)')!.value).to.equal('yuan');
    expect(cells(element, 'balance')[9]).to.equal('1,550');
    choose(unitOf(element, '贷款余额(万元)')!, 'yi');
    await until(() => cells(element, 'balance')[0] === '156,000,000,000', 'the amounts in 亿元');
    choose(unitOf(element, '贷款余额(万元)')!, 'wan');
    await until(() => cells(element, 'balance')[0] === '15,600,000', 'the amounts in 万元 again');
  });

  it('a file with a bad row shows its group, in words, and the Load button stays disabled; Cancel clears it', async () => {
    const before = await strata.rowCount({ table: 'loans' });
    const element = await previewed(await exportFile('loans-gbk.csv', [[',1560,', ',abc,']]));
    const problems = lines(element, 'problems');
    expect(problems.map((li) => [li.dataset.kind, li.dataset.field])).to.deep.equal([['value', 'balance']]);
    expect(text(problems[0]!.querySelector('strong'))).to.equal('余额 (贷款余额(万元))：值无法识别');
    expect(text(problems[0]!.querySelector('.details'))).to.equal('共 1 行（第 2 行），例：abc');
    expect(text($(element, '[part="problems"] h3'))).to.contain('1 个');
    expect(loadButton(element)!.disabled).to.equal(true);
    loadButton(element)!.click();
    expect(await element.confirm()).to.equal(undefined);
    expect(await strata.rowCount({ table: 'loans' })).to.equal(before);
    // The same line in English.
    element.setAttribute('lang', 'en');
    await element.updateComplete;
    expect(text(lines(element, 'problems')[0]!.querySelector('strong'))).to.equal('Balance (贷款余额(万元)): Values not understood');
    expect(text(lines(element, 'problems')[0]!.querySelector('.details'))).to.equal('1 rows (rows 2) · e.g. abc');
    $<HTMLButtonElement>(element, 'button[part="cancel"]')!.click();
    await element.updateComplete;
    expect($(element, '[part="file"]')).to.equal(null);
    expect($(element, '[part="problems"]')).to.equal(null);
    expect(text($(element, 'button[part="choose"]'))).to.equal('Choose a file');
  });

  it("asks whether to replace all data or only this table: 'tables' checks the loans against the customers loaded", async () => {
    await strata.load(smallBank, { replace: 'all' });
    const element = await previewed(await exportFile());
    const radio = (value: string) => $<HTMLInputElement>(element, `input[name="replace"][value="${value}"]`)!;
    expect(radio('all').checked).to.equal(true);
    radio('tables').click();
    await until(() => lines(element, 'problems').length > 0, 'the orphan problems');
    await settled(element);
    // The export's customers and branches are not the small bank's: every loan is an orphan twice, as two lines.
    expect(lines(element, 'problems').map((li) => [li.dataset.kind, li.dataset.field])).to.deep.equal([
      ['orphan', 'customer_id'],
      ['orphan', 'branch_id'],
    ]);
    expect(text(lines(element, 'problems')[0]!.querySelector('.details'))).to.match(/^共 20 行（第 2、3、4、5、6 行等）/);
    expect(loadButton(element)!.disabled).to.equal(true);
    radio('all').click();
    await until(() => lines(element, 'problems').length === 0, 'no problems');
    await settled(element);
    const report = (await element.confirm())!;
    expect(report.emptied.sort()).to.deep.equal(['branches', 'campaigns', 'contacts', 'customers', 'holdings', 'managers', 'pipeline', 'targets']);
    expect(await strata.rowCount({ table: 'customers' })).to.equal(0);
    expect(text($(element, '[part="status"]'))).to.contain('已清空');
  });

  it('a load that fails after its preview keeps what was loaded and shows the problems in groups', async () => {
    // The export's branches, and no customers: the preview, replacing only the loans, finds nothing wrong.
    const branches = ['城东支行', '城西支行', '高新支行'].map((name) => ({ branch_id: name, name, parent_id: null, level: 'sub_branch', grid: null }));
    await strata.load({ branches }, { replace: 'all' });
    const element = await previewed(await exportFile());
    $<HTMLInputElement>(element, 'input[name="replace"][value="tables"]')!.click();
    await settled(element);
    expect($(element, '[part="problems"]')).to.equal(null);
    expect(loadButton(element)!.disabled).to.equal(false);
    // Then customers arrive (another tab, another user): the export's loans are theirs no more.
    await strata.load({ customers: smallBank.customers.map((c) => ({ ...c, branch_id: null, manager_id: null })) }, { replace: 'tables' });
    const failed = new Promise<CustomEvent>((resolve) => element.addEventListener('strata-error', resolve, { once: true }));
    expect(await element.confirm()).to.equal(undefined);
    expect((await failed).detail.error.name).to.equal('LoadError');
    await element.updateComplete;
    expect(text($(element, '[role="alert"]'))).to.equal('未载入，已有数据保持不变。');
    expect(lines(element, 'problems').map((li) => [li.dataset.kind, li.dataset.field])).to.deep.equal([['orphan', 'customer_id']]);
    // Nothing changed, and the preview stays for another try.
    expect(await strata.rowCount({ table: 'customers' })).to.equal(smallBank.customers.length);
    expect(await strata.rowCount({ table: 'loans' })).to.equal(0);
    expect($(element, '[part="preview"]')).to.not.equal(null);
  });

  it('maps the columns a file names its own way: each choice previews again, a field has one column', async () => {
    const csv = ['MonthEnd,LoanNo,CustNo,Org,ProductType,Bal,Grade,Note', '2024-12-31,L1,C1,B1,mortgage,1000,pass,x', '2024-12-31,L2,C2,B1,consumer,500,substandard,y'].join('\n');
    const element = await previewed(new File([csv], 'core-export.csv'), { lang: 'en' });
    expect($<HTMLSelectElement>(element, 'select[part="table-select"]')!.value).to.equal('loans');
    expect($$<HTMLSelectElement>(element, 'select.field').map((s) => s.value)).to.deep.equal(['', '', '', '', '', '', '', '']);
    expect(text($(element, '[data-note="missing"]'))).to.equal('Required fields missing: Month end, Loan, Customer, Product, Balance, Five-category class');
    expect(loadButton(element)!.disabled).to.equal(true);
    const map = { MonthEnd: 'as_of', LoanNo: 'loan_id', CustNo: 'customer_id', ProductType: 'product', Bal: 'balance', Grade: 'classification' };
    for (const [source, field] of Object.entries(map)) {
      choose(fieldOf(element, source)!, field);
      await until(() => fieldOf(element, source)?.value === field, `${source} → ${field}`);
      await settled(element);
    }
    expect($(element, '[data-note="missing"]')).to.equal(null);
    expect(loadButton(element)!.disabled).to.equal(false);
    expect(unitOf(element, 'Bal')!.value).to.equal('yuan');
    expect(cells(element, 'balance')).to.deep.equal(['1,000', '500']);
    expect(text($(element, '[data-note="ignored"]'))).to.equal('Columns left out: Org, Note');
    // Giving Org the field of CustNo takes it from CustNo.
    choose(fieldOf(element, 'Org')!, 'customer_id');
    await until(() => fieldOf(element, 'CustNo')?.value === '', 'CustNo left out');
    await settled(element);
    expect(cells(element, 'customer_id')).to.deep.equal(['B1', 'B1']);
  });

  it('says so when a column the SDK knows by its header is to be ignored: it keeps its field', async () => {
    const element = await previewed(await exportFile(), { lang: 'en' });
    choose(fieldOf(element, '到期日')!, '');
    await settled(element);
    // A mapping can only name a column for a field: 到期日 still gives maturity_date, and the element says so.
    expect(fieldOf(element, '到期日')!.value).to.equal('maturity_date');
    expect(text($(element, '[data-note="kept"]'))).to.equal('“到期日” is known by its header as Matures on and still loads; give Matures on another column to leave it out.');
    expect(cells(element, 'maturity_date')[0]).to.equal('2039-06-15');
  });

  it('guesses the table from the columns when the name says nothing; the table can be changed', async () => {
    const element = await previewed(await exportFile('export-202412.csv'));
    expect($<HTMLSelectElement>(element, 'select[part="table-select"]')!.value).to.equal('loans');
    choose($<HTMLSelectElement>(element, 'select[part="table-select"]')!, 'customers');
    await until(() => $$<HTMLSelectElement>(element, 'select.field').some((s) => s.value === 'name'), 'the customers’ fields');
    await settled(element);
    expect(fieldOf(element, '客户名称')!.value).to.equal('name');
    expect(text($(element, '[data-note="missing"]'))).to.contain('客户类型');
    expect(lines(element, 'problems').map((li) => [li.dataset.kind, li.dataset.field])).to.deep.include(['missing_column', 'kind']);
    expect(loadButton(element)!.disabled).to.equal(true);
  });

  it('loads through the dashboard named by for: its views refresh, and it follows the dashboard’s language', async () => {
    const box = document.createElement('div');
    box.innerHTML = '<strata-import for="bank"></strata-import><strata-dashboard id="bank" lang="en"><strata-kpis></strata-kpis></strata-dashboard>';
    mount(box, 900);
    const element = box.querySelector('strata-import')!;
    const dashboard = box.querySelector<StrataDashboard>('strata-dashboard')!;
    const kpis = box.querySelector<StrataKpis>('strata-kpis')!;
    await until(() => text($(element, '#title')) === 'Import data', 'the dashboard’s language');
    const dashboardLoads: Event[] = [];
    dashboard.addEventListener('strata-load', (e) => dashboardLoads.push(e));
    await element.selectFile(await exportFile());
    await settled(element);
    await element.confirm();
    expect(dashboardLoads).to.have.length(1);
    expect(byBranch(await dashboard.database!.npl({ by: 'branch' }))).to.deep.equal(NPL_BY_BRANCH_DECEMBER);
    // 1723.75 + 1122 + 1005 = 3850.75万 in the dashboard's balance tile.
    const tile = () => text(kpis.shadowRoot?.querySelector('[data-metric="balance"] [part="value"]'));
    await until(() => tile() === formatAmount('en', 38_507_500), () => `the balance tile (now ${tile()})`);
    dashboard.setAttribute('lang', 'zh-CN');
    await until(() => text($(element, '#title')) === '导入数据', 'the language switched');
    dashboard.setAttribute('theme', 'dark');
    await until(() => element.dataset.theme === 'dark', 'the dark theme');
  });

  it('inside a dashboard, loads through it (context)', async () => {
    const dashboard = document.createElement('strata-dashboard');
    dashboard.setAttribute('lang', 'en');
    dashboard.innerHTML = '<strata-import></strata-import><strata-kpis></strata-kpis>';
    mount(dashboard, 900);
    const element = dashboard.querySelector('strata-import')!;
    await element.updateComplete;
    expect(text($(element, '#title'))).to.equal('Import data');
    await element.selectFile(await exportFile());
    await settled(element);
    const report = await element.confirm();
    expect(report?.rows).to.deep.equal({ loans: 20 });
    expect(byBranch(await dashboard.database!.npl({ by: 'branch' }))).to.deep.equal(NPL_BY_BRANCH_DECEMBER);
  });

  it('takes a dropped file, renders data text as text, and fits 390 px', async () => {
    const evil = '<img src=x onerror=window.__pwned=1>';
    const csv = `as_of,loan_id,customer_id,product,balance,classification,${evil}\n2024-12-31,${evil},C1,mortgage,1000,pass,x\n`;
    const element = await importer({}, 390);
    const transfer = new DataTransfer();
    transfer.items.add(new File([csv], 'loans.csv'));
    element.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await element.updateComplete;
    expect($(element, '[part="frame"]')!.classList.contains('over')).to.equal(true);
    element.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await until(() => cells(element, 'loan_id').length === 1, 'the dropped file’s preview');
    await settled(element);
    expect(cells(element, 'loan_id')).to.deep.equal([evil]);
    expect(text($(element, '[data-note="ignored"]'))).to.contain(evil);
    expect(root(element).querySelector('img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    // Nothing wider than the phone: the rows scroll inside their own box.
    const frame = $(element, '[part="frame"]')!;
    expect(element.getBoundingClientRect().width).to.equal(390);
    expect(frame.scrollWidth).to.be.at.most(frame.clientWidth + 1);
    for (const select of $$<HTMLSelectElement>(element, 'select')) expect(select.getBoundingClientRect().right).to.be.at.most(element.getBoundingClientRect().right + 0.5);
    expect(await axeViolations(element)).to.deep.equal([]);
  });

  for (const lang of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is axe-clean with problems and warnings in ${lang}, ${theme}`, async () => {
        const element = await previewed(await exportFile('loans-gbk.csv', [[',1560,', ',abc,']]), { lang, theme });
        expect(element.dataset.theme).to.equal(theme);
        expect(lines(element, 'problems')).to.have.length(1);
        expect(await axeViolations(element)).to.deep.equal([]);
      });
    }
  }

  it('is keyboard operable: Tab reaches the file button, every choice and Load, with a visible focus; Enter loads', async () => {
    const element = await previewed(await exportFile());
    const start = document.createElement('button');
    start.textContent = 'before';
    element.before(start);
    start.focus();
    await sendKeys({ press: 'Tab' });
    const choose = $<HTMLButtonElement>(element, 'button[part="choose"]')!;
    expect(root(element).activeElement).to.equal(choose);
    // The focus ring is the accent colour, not the browser's default.
    expect([getComputedStyle(choose).outlineStyle, getComputedStyle(choose).outlineColor]).to.deep.equal(['solid', 'rgb(29, 78, 216)']);
    const reached = new Set<Element>();
    for (let i = 0; i < 40 && root(element).activeElement !== loadButton(element); i++) {
      await sendKeys({ press: 'Tab' });
      if (root(element).activeElement) reached.add(root(element).activeElement!);
    }
    expect(root(element).activeElement).to.equal(loadButton(element));
    expect(reached.has($(element, 'select[part="table-select"]')!)).to.equal(true);
    expect(reached.has($(element, 'input[name="replace"][value="all"]')!)).to.equal(true);
    expect($$(element, 'select.field').every((s) => reached.has(s))).to.equal(true);
    expect(reached.has(unitOf(element, '贷款余额(万元)')!)).to.equal(true);
    expect(reached.has($(element, '[part="preview"] .table-wrap')!)).to.equal(true);
    const loaded = new Promise((resolve) => element.addEventListener('strata-load', resolve, { once: true }));
    await sendKeys({ press: 'Enter' });
    await loaded;
  });
});

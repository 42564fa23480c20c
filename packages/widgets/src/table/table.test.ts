/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import readXlsxFile from 'read-excel-file/browser';
import { maskId, maskName, type CustomerListRow, type LoanListRow, type Strata } from '@strata/sdk';
import { generate } from '@strata/synth';
import './register.ts';
import { StrataTable } from './table.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, downloads, mount, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { codeLabel } from '../i18n.ts';

const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const amount = (v: number | null) => (v === null ? '—' : money.format(v));
const text = (v: string | number | null) => (v === null ? '—' : String(v));

/** What a loan row must show (en), computed here from the SDK's row, not by the element's code. */
function loanCells(r: LoanListRow, masked = true): string[] {
  return [
    r.loan_id,
    masked ? maskId(r.customer_id) : r.customer_id,
    text(masked ? maskName(r.customer_name) : r.customer_name),
    codeLabel('en', r.product),
    amount(r.balance),
    codeLabel('en', r.classification),
    text(r.dpd),
    text(r.branch_name),
    text(r.manager_name),
    text(r.origination_date),
  ];
}

function customerCells(r: CustomerListRow, masked = true): string[] {
  return [
    masked ? maskId(r.customer_id) : r.customer_id,
    text(masked ? maskName(r.customer_name) : r.customer_name),
    codeLabel('en', r.kind),
    r.tier === null ? '—' : codeLabel('en', r.tier),
    r.industry === null ? '—' : codeLabel('en', r.industry),
    r.industry_class === null ? '—' : `Class ${r.industry_class}`,
    r.lifecycle === null ? '—' : codeLabel('en', r.lifecycle),
    r.has_loan === null ? '—' : r.has_loan ? 'With a loan' : 'Without a loan',
    text(r.branch_name),
    text(r.manager_name),
    amount(r.deposits_avg),
    amount(r.aum),
    amount(r.contribution),
  ];
}

const root = (element: StrataTable) => element.shadowRoot!;
const grid = (element: StrataTable) => root(element).querySelector<HTMLElement>('[role=grid]')!;
const bodyRows = (element: StrataTable) => [...root(element).querySelectorAll<HTMLElement>('.body [role=row]')];
const headers = (element: StrataTable) => [...root(element).querySelectorAll<HTMLElement>('[role=columnheader]')];
const cells = (row: Element) => [...row.querySelectorAll('[role=gridcell]')].map((c) => c.textContent!.trim());
const shownCells = (element: StrataTable) => bodyRows(element).map(cells);
const loaded = (element: StrataTable) => bodyRows(element).length > 0 && bodyRows(element).every((r) => !r.hasAttribute('aria-busy'));
const key = (target: Element, k: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init }));

/** Scrolls the grid and lets the element react at once (scroll events themselves come a frame later). */
async function scrollTo(element: StrataTable, top: number): Promise<void> {
  const g = grid(element);
  g.scrollTop = top;
  g.dispatchEvent(new Event('scroll'));
  await element.updateComplete;
}

async function table(strata: Strata, attrs: Record<string, string> = {}, width = 800): Promise<StrataTable> {
  const element = document.createElement('strata-table');
  element.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.strata = strata;
  mount(element, width);
  await until(() => loaded(element), 'rows');
  return element;
}

/** The files an export hands to the browser (none is saved). */
/** Runs `run` with the offsets and limits of the pages `strata.rows` is asked for. */
async function pagesAsked<T>(strata: Strata, run: () => Promise<T>): Promise<{ value: T; pages: [number, number][] }> {
  const pages: [number, number][] = [];
  const rows = strata.rows.bind(strata);
  strata.rows = ((options: Parameters<Strata['rows']>[0]) => {
    pages.push([options.offset, options.limit]);
    return rows(options);
  }) as Strata['rows'];
  try {
    return { value: await run(), pages };
  } finally {
    strata.rows = rows;
  }
}

describe('<strata-table>', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));
  afterEach(() => {
    StrataTable.exportPageRows = 5_000;
  });

  it('shows the loans strata.rows returns, masked, with the count and ARIA grid counts', async () => {
    const element = await table(strata);
    const rows = await strata.rows({ table: 'loans', offset: 0, limit: 100, exclude: element.sourceId });
    expect(shownCells(element)).to.deep.equal(rows.map((r) => loanCells(r)));
    const count = await strata.rowCount({ table: 'loans' });
    expect(root(element).querySelector('#summary')!.textContent).to.contain(`${count} loans`).and.contain('masked');
    expect(grid(element).getAttribute('aria-rowcount')).to.equal(String(count + 1));
    expect(grid(element).getAttribute('aria-colcount')).to.equal('10');
    expect(bodyRows(element).map((r) => r.getAttribute('aria-rowindex'))).to.deep.equal(rows.map((_, i) => String(i + 2)));
    expect(headers(element).map((h) => h.textContent!.trim())).to.deep.equal([
      'Loan ID', 'Customer ID', 'Customer name', 'Product', 'Loan balance', 'Five-category class', 'Days past due', 'Branch', 'Manager', 'Origination date',
    ]);
    // 张三 / C1 masked.
    expect(cells(bodyRows(element)[0]!).slice(1, 3)).to.deep.equal(['**', '张*']);
  });

  it('customers, and the loans of another month end', async () => {
    const customers = await table(strata, { table: 'customers' });
    const rows = await strata.rows({ table: 'customers', offset: 0, limit: 100, exclude: customers.sourceId });
    expect(shownCells(customers)).to.deep.equal(rows.map((r) => customerCells(r)));
    expect(root(customers).querySelector('#summary')!.textContent).to.contain('8 customers');
    cleanup();
    const november = await table(strata, { 'as-of': '2024-11-30' });
    const loans = await strata.rows({ table: 'loans', asOf: '2024-11-30', offset: 0, limit: 100 });
    expect(shownCells(november)).to.deep.equal(loans.map((r) => loanCells(r)));
    expect(shownCells(november).map((c) => c[0])).to.include('L6');
  });

  it('unmasked shows names and IDs in full; toggling re-renders without a query', async () => {
    const element = await table(strata, { table: 'customers' });
    element.unmasked = true;
    await element.updateComplete;
    const rows = await strata.rows({ table: 'customers', offset: 0, limit: 100 });
    expect(shownCells(element)).to.deep.equal(rows.map((r) => customerCells(r, false)));
    expect(cells(bodyRows(element)[0]!).slice(0, 2)).to.deep.equal(['C1', '张三']);
    expect(root(element).querySelector('#summary')!.textContent).not.to.contain('masked');
    element.unmasked = false;
    await element.updateComplete;
    expect(cells(bodyRows(element)[4]!).slice(0, 2)).to.deep.equal(['**', '北******司']);
  });

  it('follows the other views: a clause from elsewhere re-queries, and the table sets none', async () => {
    const element = await table(strata, { table: 'customers' });
    const selects: Event[] = [];
    document.addEventListener('strata-select', (e) => selects.push(e));
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
    const expected = await strata.rows({ table: 'customers', offset: 0, limit: 100, exclude: element.sourceId });
    expect(expected.length).to.equal(4);
    await until(() => bodyRows(element).length === 4 && loaded(element), 'filtered rows');
    expect(shownCells(element)).to.deep.equal(expected.map((r) => customerCells(r)));
    expect(root(element).querySelector('#summary')!.textContent).to.contain('4 customers');
    expect(strata.filters.clauses.map((c) => c.source)).to.deep.equal(['elsewhere']);
    expect(selects).to.deep.equal([]);
  });

  it('sorts an amount largest first on the first click, then smallest first, with aria-sort', async () => {
    const element = await table(strata);
    // The small bank's loans at 2024-12-31, by balance, written by hand from test/fixtures/small.ts.
    const largestFirst = [
      ['L5', '1,900,000.00'],
      ['L7', '1,000,000.00'],
      ['L1', '990,000.00'],
      ['L4', '600,000.00'],
      ['L2', '95,000.00'],
      ['L3', '50,000.00'],
    ];
    const idAndBalance = () => shownCells(element).map((c) => [c[0], c[4]]);
    expect(idAndBalance().map((r) => r[0])).to.deep.equal(['L1', 'L2', 'L3', 'L4', 'L5', 'L7']);
    headers(element)[4]!.click();
    await until(() => loaded(element) && shownCells(element)[0]?.[0] === 'L5', 'sorted largest first');
    expect(idAndBalance()).to.deep.equal(largestFirst);
    expect(headers(element)[4]!.getAttribute('aria-sort')).to.equal('descending');
    expect(headers(element)[4]!.textContent).to.contain('▼');
    expect(headers(element).filter((h) => h.hasAttribute('aria-sort'))).to.have.length(1);
    expect(root(element).querySelector('#summary')!.textContent).to.contain('sorted by Loan balance, descending');
    expect(element.getAttribute('sort')).to.equal('balance');
    expect(element.hasAttribute('descending')).to.equal(true);
    headers(element)[4]!.click();
    await until(() => loaded(element) && shownCells(element)[0]?.[0] === 'L3', 'sorted smallest first');
    expect(idAndBalance()).to.deep.equal([...largestFirst].reverse());
    expect(headers(element)[4]!.getAttribute('aria-sort')).to.equal('ascending');
    // Text sorts A→Z first; an amount of the other list largest first too (deposits: C5 12,000,000.00).
    headers(element)[2]!.click();
    await until(() => headers(element)[2]!.getAttribute('aria-sort') === 'ascending', 'names A→Z');
    cleanup();
    const customers = await table(strata, { table: 'customers' });
    const deposits = headers(customers).findIndex((h) => h.textContent!.trim() === 'Deposits (daily avg.)');
    expect(deposits).to.equal(10);
    headers(customers)[deposits]!.click();
    await until(() => loaded(customers) && shownCells(customers)[0]?.[deposits] === '12,000,000.00', 'deposits largest first');
    expect(shownCells(customers).map((c) => c[deposits])).to.deep.equal([
      '12,000,000.00', '6,000,000.00', '1,000,000.00', '400,000.00', '100,000.00', '100,000.00', '20,000.00', '5,000.00',
    ]);
  });

  it('keyboard: arrows move the active cell, Enter on a header sorts, Enter on a row drills', async () => {
    const element = await table(strata);
    const g = grid(element);
    expect(g.tabIndex).to.equal(0);
    g.focus();
    await element.updateComplete;
    expect(g.getAttribute('aria-activedescendant')).to.equal('c-0-0');
    key(g, 'ArrowDown');
    key(g, 'ArrowRight');
    key(g, 'ArrowRight');
    await element.updateComplete;
    expect(g.getAttribute('aria-activedescendant')).to.equal('c-1-2');
    expect(root(element).querySelector('#c-1-2')!.classList.contains('active')).to.equal(true);
    key(g, 'End', { ctrlKey: true });
    await element.updateComplete;
    expect(g.getAttribute('aria-activedescendant')).to.equal('c-5-9');
    key(g, 'Home');
    await element.updateComplete;
    expect(g.getAttribute('aria-activedescendant')).to.equal('c-5-0');

    const drills: CustomEvent[] = [];
    element.addEventListener('strata-drill', (e) => drills.push(e));
    key(g, 'Enter');
    const rows = await strata.rows({ table: 'loans', offset: 0, limit: 100 });
    expect(drills).to.have.length(1);
    // The sixth loan by id is L7, of C7 省电力公司: the event carries the name as the grid shows it (masked) beside the id.
    expect(drills[0]!.detail).to.deep.equal({ source: element.sourceId, field: 'customer_id', value: rows[5]!.customer_id, label: '省***司' });
    expect(drills[0]!.bubbles && drills[0]!.composed).to.equal(true);

    // Up past the first row reaches the header row; Enter there sorts by that column.
    key(g, 'ArrowRight');
    for (let i = 0; i < 7; i++) key(g, 'ArrowUp');
    await element.updateComplete;
    expect(g.getAttribute('aria-activedescendant')).to.equal('h-1');
    key(g, 'Enter');
    const byCustomer = await strata.rows({ table: 'loans', offset: 0, limit: 100, orderBy: { column: 'customer_id' } });
    await until(() => headers(element)[1]!.getAttribute('aria-sort') === 'ascending', 'sorted by key');
    await until(() => shownCells(element)[0]?.[0] === byCustomer[0]!.loan_id, 'rows re-sorted');
    key(g, ' ');
    await until(() => headers(element)[1]!.getAttribute('aria-sort') === 'descending', 'space flips the order');
    expect(g.getAttribute('aria-activedescendant')).to.equal('h-1');
    expect(drills).to.have.length(1);
  });

  it('double click on a row fires strata-drill with the real customer id, masked or not', async () => {
    const element = await table(strata);
    const drills: CustomEvent[] = [];
    document.addEventListener('strata-drill', (e) => drills.push(e as CustomEvent), { once: true });
    const row = bodyRows(element)[2]!;
    row.querySelector('[role=gridcell]')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    const rows = await strata.rows({ table: 'loans', offset: 0, limit: 100 });
    expect(drills.map((e) => e.detail)).to.deep.equal([{ source: element.sourceId, field: 'customer_id', value: rows[2]!.customer_id, label: '王*' }]);
    expect(cells(row)[1]).to.equal(maskId(rows[2]!.customer_id));
  });

  it('exports every row of the selection as CSV: BOM, labels, masking, the grid’s order', async () => {
    const element = await table(strata, { sort: 'balance', descending: '' });
    strata.filters.set({ field: 'kind', op: 'in', values: ['corporate'], source: 'elsewhere' });
    const rows = await strata.rows({ table: 'loans', offset: 0, limit: 100, orderBy: { column: 'balance', descending: true } });
    await until(() => bodyRows(element).length === rows.length && loaded(element), 'filtered');
    const csv = await element.toFullCsv();
    expect(csv.startsWith('\uFEFFLoan ID,Customer ID,Customer name,Product,Loan balance,Five-category class,Days past due,Branch,Manager,Origination date\r\n')).to.equal(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).to.equal('');
    expect(lines.slice(1, -1)).to.deep.equal(
      rows.map((r) =>
        [r.loan_id, maskId(r.customer_id), maskName(r.customer_name), codeLabel('en', r.product), r.balance, codeLabel('en', r.classification), r.dpd ?? '', r.branch_name, r.manager_name, r.origination_date].join(','),
      ),
    );
    element.unmasked = true;
    expect(await element.toFullCsv()).to.contain(',C5,北方机械有限公司,');
    // The menu's raw CSV is that file.
    const errors: Event[] = [];
    element.addEventListener('strata-error', (e) => errors.push(e));
    const [file] = await downloads(() => element.exportCsv(true));
    expect(new Uint8Array(await file!.blob.arrayBuffer())).to.deep.equal(new TextEncoder().encode(await element.toFullCsv()));
    expect(errors).to.deep.equal([]);
  });

  it('xlsx holds every row of the selection, fetched in pages: masked names, amounts in 万元; the people’s CSV says the same', async () => {
    StrataTable.exportPageRows = 3;
    const element = await table(strata, { table: 'customers', lang: 'zh-CN' });
    const { value: files, pages } = await pagesAsked(strata, () => downloads(() => element.exportXlsx()));
    // 8 customers in pages of 3: 3 + 3 + 2.
    expect(pages.filter(([, limit]) => limit === 3)).to.deep.equal([[0, 3], [3, 3], [6, 3]]);
    expect(files.map((f) => f.name)).to.deep.equal(['客户明细_2024-12-31.xlsx']);
    const [sheet] = await readXlsxFile(files[0]!.blob);
    const rows = sheet!.data;
    expect(rows).to.have.length(9);
    const pick = (row: unknown[]) => [0, 1, 8, 9, 10, 11, 12].map((i) => row[i]);
    expect(pick(rows[0]!)).to.deep.equal(['客户号', '客户名称', '机构', '客户经理', '日均存款（万元）', '金融资产（万元）', '综合贡献度（万元）']);
    // By hand from test/fixtures/small.ts, in id order: C1 400,000 / 1,500,000 / 8,000 yuan; C3 5,000 / 10,000 / 500; C5 12,000,000 / none / 300,000.
    expect(pick(rows[1]!)).to.deep.equal(['**', '张*', '城北支行', '王强', 40, 150, 0.8]);
    expect(pick(rows[3]!)).to.deep.equal(['**', '王*', '城南支行', '李娜', 0.5, 1, 0.05]);
    expect(pick(rows[5]!)).to.deep.equal(['**', '北******司', '城北支行', '王强', 1200, null, 30]);
    expect(rows.slice(1).map((r) => r[1])).to.deep.equal(['张*', '李*', '王*', '赵*', '北******司', '南******司', '省***司', '小***店']);

    const [csv] = await downloads(() => element.exportCsv());
    const lines = (await csv!.blob.text()).split('\r\n');
    expect(csv!.name).to.equal('客户明细_2024-12-31.csv');
    expect(lines).to.have.length(10);
    // The last three columns (a label before them may hold a comma).
    const last3 = (line: string) => line.split(',').slice(-3);
    expect(last3(lines[0]!)).to.deep.equal(['日均存款（万元）', '金融资产（万元）', '综合贡献度（万元）']);
    expect(last3(lines[3]!)).to.deep.equal(['0.50', '1.00', '0.05']);
    expect(last3(lines[5]!)).to.deep.equal(['1200.00', '', '30.00']);
  });

  it('a new query aborts an export under way: nothing is downloaded, no error', async () => {
    StrataTable.exportPageRows = 1;
    const element = await table(strata);
    const errors: Event[] = [];
    element.addEventListener('strata-error', (e) => errors.push(e));
    const files = await downloads(async () => {
      const run = element.exportXlsx();
      element.sortBy('balance');
      await run;
    });
    expect(files).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await until(() => loaded(element) && shownCells(element)[0]?.[0] === 'L5', 'sorted');
  });
});

/** Whether `cell` is wholly inside the grid's view sideways (seen without scrolling). */
function inView(element: StrataTable, cell: Element): boolean {
  const view = grid(element).getBoundingClientRect();
  const box = cell.getBoundingClientRect();
  return box.left >= view.left - 0.5 && box.right <= view.left + grid(element).clientWidth + 1.5;
}

const header = (element: StrataTable, label: string) => headers(element).find((h) => h.querySelector('.text')!.textContent === label)!;
const columnsBar = (element: StrataTable) => root(element).querySelector<HTMLElement>('[part=columns]');

async function shoot(name: string): Promise<void> {
  expect(await executeServerCommand('strata-screenshot', { name })).to.equal(true);
}

describe('<strata-table> layout: hidden columns, headers, phones', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));
  before(async () => {
    await setViewport({ width: 1440, height: 900 });
  });
  afterEach(async () => {
    document.body.style.background = '';
    await setViewport({ width: 1440, height: 900 });
  });

  it('columns that do not fit: a shadow at the edge and a keyboard-reachable more-columns button; none when they fit', async () => {
    const element = await table(strata);
    const g = grid(element);
    await until(() => columnsBar(element), 'the hidden-column cue');
    // 800 px: Loan ID … Loan balance in view (110 + 150 + 160 + 124 + 130 = 674 px of 772), five after.
    expect(columnsBar(element)!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('5 of 10 columns shown More columns (5) →');
    expect(root(element).querySelector('.fade.end')).to.not.equal(null);
    expect(root(element).querySelector('.fade.start')).to.equal(null);
    expect(inView(element, header(element, 'Origination date'))).to.equal(false);

    // Shift+Tab from the grid reaches the button; Enter shows the hidden columns.
    g.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    const button = columnsBar(element)!.querySelector('button')!;
    expect(root(element).activeElement).to.equal(button);
    await sendKeys({ press: 'Enter' });
    await until(() => root(element).querySelector('.fade.start'), 'scrolled to the hidden columns');
    for (const label of ['Loan ID', 'Five-category class', 'Days past due', 'Branch', 'Manager', 'Origination date']) {
      expect(inView(element, header(element, label)), label).to.equal(true);
    }
    expect(root(element).querySelector('.fade.end')).to.equal(null);
    expect(columnsBar(element)!.textContent).to.contain('6 of 10 columns shown').and.contain('← Back to the first columns');
    // The loan id stays in view beside them (sticky), with the row's value.
    expect(inView(element, bodyRows(element)[0]!.querySelector('[role=gridcell]')!)).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await until(() => g.scrollLeft === 0 && root(element).querySelector('.fade.end'), 'back to the first columns');
    expect(root(element).activeElement).to.equal(columnsBar(element)!.querySelector('button'));

    // Arrow keys in the grid scroll too, and the cue follows.
    g.focus();
    key(g, 'End');
    await until(() => root(element).querySelector('.fade.start') && !root(element).querySelector('.fade.end'), 'the last column shown');
    expect(inView(element, root(element).querySelector('#c-0-9')!)).to.equal(true);

    cleanup();
    const wide = await table(strata, {}, 1400);
    await wide.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(grid(wide).scrollWidth).to.equal(grid(wide).clientWidth);
    expect(columnsBar(wide)).to.equal(null);
    expect(root(wide).querySelector('.fade')).to.equal(null);
  });

  for (const width of [800, 390, 320]) {
    it(`English headers are whole at ${width} px: wrapped, never cut`, async () => {
      await setViewport({ width: Math.max(width, 400), height: 900 });
      for (const list of ['loans', 'customers']) {
        const element = await table(strata, { table: list }, width - 16);
        await until(() => width >= 520 || grid(element).classList.contains('phone'), 'the phone layout');
        for (const h of headers(element)) {
          const label = h.querySelector<HTMLElement>('.text')!;
          expect(label.scrollWidth, label.textContent!).to.be.at.most(label.clientWidth);
          expect(label.scrollHeight, label.textContent!).to.be.at.most(label.clientHeight);
          expect(h.scrollWidth, label.textContent!).to.be.at.most(h.clientWidth);
        }
        cleanup();
      }
    });
  }

  for (const width of [390, 320]) {
    it(`a ${width} px phone: loan, balance and class first, in view without scrolling; nothing wider than the screen`, async () => {
      await setViewport({ width, height: 800 });
      const element = await table(strata, { sort: 'balance', descending: '' }, width - 16);
      await until(() => grid(element).classList.contains('phone') && loaded(element), 'the phone layout');
      expect(headers(element).slice(0, 4).map((h) => h.querySelector('.text')!.textContent)).to.deep.equal(['Loan ID', 'Loan balance', 'Five-category class', 'Customer name']);
      for (const label of ['Loan ID', 'Loan balance', 'Five-category class']) expect(inView(element, header(element, label)), label).to.equal(true);
      // Written by hand from the fixture: the largest loans, their balance and class, each cell whole.
      const rows = bodyRows(element).map((r) => [...r.querySelectorAll<HTMLElement>('[role=gridcell]')].slice(0, 3));
      expect(rows.map((r) => r.map((c) => c.textContent!.trim()))).to.deep.equal([
        ['L5', '1,900,000.00', 'Doubtful'],
        ['L7', '1,000,000.00', 'Loss'],
        ['L1', '990,000.00', 'Pass'],
        ['L4', '600,000.00', 'Pass'],
        ['L2', '95,000.00', 'Special mention'],
        ['L3', '50,000.00', 'Substandard'],
      ]);
      for (const c of rows.flat()) {
        expect(inView(element, c), c.textContent!).to.equal(true);
        const text = c.querySelector<HTMLElement>('.text')!;
        expect(text.scrollWidth, c.textContent!).to.be.at.most(text.clientWidth);
        expect(text.scrollHeight, c.textContent!).to.be.at.most(text.clientHeight);
        // A word (an amount, Substandard) is never broken over two lines.
        if (!c.textContent!.includes(' ')) expect(text.getBoundingClientRect().height, c.textContent!).to.be.at.most(17);
      }
      expect(element.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      expect((await until(() => columnsBar(element), 'the cue')).textContent).to.contain('More columns');
      expect(await axeViolations(element)).to.deep.equal([]);
      cleanup();

      const customers = await table(strata, { table: 'customers', lang: 'zh-CN' }, width - 16);
      await until(() => grid(customers).classList.contains('phone') && loaded(customers), 'the phone layout');
      expect(headers(customers).slice(0, 3).map((h) => h.textContent!.trim())).to.deep.equal(['客户名称', '客户分层', '日均存款']);
      for (const h of headers(customers).slice(0, 3)) expect(inView(customers, h), h.textContent!).to.equal(true);
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    });
  }

  it('axe-clean with the cue shown and scrolled, in both languages', async () => {
    for (const lang of ['zh-CN', 'en']) {
      const element = await table(strata, { lang }, 700);
      await until(() => columnsBar(element), 'the cue');
      expect(await axeViolations(element), lang).to.deep.equal([]);
      columnsBar(element)!.querySelector('button')!.click();
      await until(() => root(element).querySelector('.fade.start'), 'scrolled');
      expect(await axeViolations(element), lang).to.deep.equal([]);
      cleanup();
    }
  });

  it('screenshots: 1440 and 390 px, zh-CN and en, light and dark', async () => {
    const shots: [string, number, number, Record<string, string>][] = [
      ['table-1440-zh-CN.png', 1440, 1424, { lang: 'zh-CN' }],
      ['table-1440-cue-en-dark.png', 1440, 900, { lang: 'en', theme: 'dark', sort: 'balance', descending: '' }],
      ['table-customers-1440-en.png', 1440, 1100, { lang: 'en', table: 'customers' }],
      ['table-390-zh-CN.png', 390, 374, { lang: 'zh-CN' }],
      ['table-390-en-dark.png', 390, 374, { lang: 'en', theme: 'dark', sort: 'balance', descending: '' }],
      ['table-customers-320-en.png', 320, 304, { lang: 'en', table: 'customers' }],
    ];
    for (const [name, viewport, width, attrs] of shots) {
      await setViewport({ width: viewport, height: 700 });
      document.body.style.background = attrs.theme === 'dark' ? '#111827' : '';
      const element = await table(strata, attrs, width);
      await until(() => (viewport < 520) === grid(element).classList.contains('phone') && loaded(element), 'laid out');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await shoot(name);
      if (attrs.theme === 'dark') {
        // Scrolled sideways: the first column stays, the shadow moves to the start edge.
        columnsBar(element)!.querySelector('button')!.click();
        await until(() => root(element).querySelector('.fade.start'), 'scrolled');
        await shoot(name.replace('.png', '-scrolled.png'));
      }
      cleanup();
    }
  });
});

describe('<strata-table> with hostile data', () => {
  let strata: Strata;
  const xss = '<img src=x onerror=alert(1)>';
  const formula = "=cmd|' /C calc'!A0";
  // Float noise in C3's AUM, and an amount half a cent past a cent in C4's deposits.
  const customers = smallBank.customers.map((c) =>
    c.customer_id === 'C1'
      ? { ...c, name: xss }
      : c.customer_id === 'C2'
        ? { ...c, name: formula }
        : c.customer_id === 'C3'
          ? { ...c, aum: 58_891_245.61000013 }
          : c.customer_id === 'C4'
            ? { ...c, deposits_avg: 1_234.565 }
            : c,
  );
  sharedStrata({ ...smallBank, customers }, (s) => (strata = s));

  it('a customer named like markup shows as text', async () => {
    const element = await table(strata, { table: 'customers', unmasked: '' });
    expect(cells(bodyRows(element)[0]!)[1]).to.equal(xss);
    expect(root(element).querySelector('img')).to.equal(null);
    const cell = bodyRows(element)[0]!.querySelectorAll('[role=gridcell]')[1]!;
    expect(cell.childElementCount).to.equal(1);
    expect(cell.firstElementChild!.childElementCount).to.equal(0);
    element.unmasked = false;
    await element.updateComplete;
    expect(cells(bodyRows(element)[0]!)[1]).to.equal(maskName(xss));
  });

  it('the CSV defuses a formula in data text', async () => {
    const element = await table(strata, { table: 'customers', unmasked: '' });
    const csv = await element.toFullCsv();
    const line = csv.split('\r\n').find((l) => l.startsWith('C2,'))!;
    expect(line.split(',')[1]).to.equal(`'${formula}`);
    expect(csv).to.contain(`C1,${xss},`);
  });

  it('xlsx and the people’s CSV: amounts to the cent in 万元, a formula in data text stays text', async () => {
    const element = await table(strata, { table: 'customers', unmasked: '' });
    const [sheet] = await readXlsxFile(await element.toXlsx());
    const rows = sheet!.data;
    expect(rows[0]!.slice(10)).to.deep.equal(['Deposits (daily avg.) (10k yuan)', 'AUM (10k yuan)', 'Contribution (10k yuan)']);
    expect(rows[2]!.slice(0, 2)).to.deep.equal(['C2', formula]);
    // 58,891,245.61 yuan; 1,234.57 yuan (half a cent rounds away from zero).
    expect(rows[3]![11]).to.equal(5889.124561);
    expect(rows[4]![10]).to.equal(0.123457);
    const csv = (await element.toFullCsv('people')).split('\r\n');
    // The last three columns: deposits, AUM, contribution (a label before them may hold a comma).
    expect(csv[3]!.split(',').slice(-3)).to.deep.equal(['0.50', '5889.12', '0.05']);
    expect(csv[4]!.split(',').slice(-3)).to.deep.equal(['0.12', '5.00', '0.60']);
    expect(csv[2]!.split(',')[1]).to.equal(`'${formula}`);
  });
});

describe('<strata-table> virtualised over 30,000 loans', function () {
  // Loading 30,000 loans takes a while.
  this.timeout(180_000);
  let strata: Strata;
  let count: number;
  sharedStrata(generate({ loanRows: 30_000, months: 1 }), (s) => (strata = s));
  before(async () => {
    count = await strata.rowCount({ table: 'loans' });
  });
  afterEach(() => {
    StrataTable.maxScrollHeight = 15_000_000;
  });

  it('keeps only the visible rows in the DOM in a rowCount × rowHeight scroll area', async () => {
    expect(count).to.equal(30_000);
    const element = await table(strata);
    expect(bodyRows(element).length).to.be.lessThan(40);
    const body = root(element).querySelector<HTMLElement>('.body')!;
    expect(body.getBoundingClientRect().height).to.equal(count * element.rowHeight);
    const head = root(element).querySelector<HTMLElement>('.head')!.offsetHeight;
    expect(head).to.be.at.least(element.rowHeight);
    expect(grid(element).scrollHeight).to.equal(count * element.rowHeight + head);
    expect(grid(element).getAttribute('aria-rowcount')).to.equal(String(count + 1));
    expect(root(element).querySelector('#summary')!.textContent).to.contain('30,000 loans');
  });

  it('scrolling shows later rows, fetched a page at a time, stale pages aborted', async () => {
    const element = await table(strata);
    const requests: { offset: number; signal?: AbortSignal }[] = [];
    const rows = strata.rows.bind(strata);
    strata.rows = ((options: Parameters<Strata['rows']>[0]) => {
      requests.push({ offset: options.offset, signal: options.signal });
      return rows(options);
    }) as Strata['rows'];
    try {
      const g = grid(element);
      // Half way, then at once to the end: the half-way page is no longer needed.
      await scrollTo(element, (count / 2) * element.rowHeight);
      await scrollTo(element, g.scrollHeight);
      await until(() => loaded(element) && bodyRows(element).at(-1)?.getAttribute('aria-rowindex') === String(count + 1), 'the last rows');
      const middle = requests.find((r) => r.offset === Math.floor(count / 2 / 100) * 100);
      expect(middle, 'a request for the middle page').to.not.equal(undefined);
      expect(middle!.signal!.aborted).to.equal(true);
      expect(bodyRows(element).length).to.be.lessThan(40);
      const shown = bodyRows(element);
      const first = Number(shown[0]!.getAttribute('aria-rowindex')) - 2;
      const expected = await strata.rows({ table: 'loans', offset: first, limit: shown.length });
      expect(shownCells(element)).to.deep.equal(expected.map((r) => loanCells(r)));
      expect(first + shown.length).to.equal(count);
    } finally {
      strata.rows = rows;
    }
  });

  it('keyboard paging scrolls the active row into view', async () => {
    const element = await table(strata);
    const g = grid(element);
    g.focus();
    key(g, 'End', { ctrlKey: true });
    await until(() => loaded(element) && g.getAttribute('aria-activedescendant') === `c-${count - 1}-9`, 'the last row active');
    expect(root(element).querySelector(`#c-${count - 1}-9`)).to.not.equal(null);
    key(g, 'PageUp');
    await element.updateComplete;
    const active = g.getAttribute('aria-activedescendant')!;
    expect(root(element).querySelector(`#${active}`)).to.not.equal(null);
    expect(Number(active.split('-')[1])).to.be.lessThan(count - 5);
  });

  it('scales the scroll area beyond the browser height limit and still reaches every row', async () => {
    StrataTable.maxScrollHeight = 100_000;
    const element = await table(strata, { sort: 'balance', descending: '' });
    const body = root(element).querySelector<HTMLElement>('.body')!;
    expect(body.getBoundingClientRect().height).to.equal(100_000);
    await scrollTo(element, grid(element).scrollHeight);
    await until(() => loaded(element) && bodyRows(element).at(-1)?.getAttribute('aria-rowindex') === String(count + 1), 'the last row');
    const last = await strata.rows({ table: 'loans', offset: count - 1, limit: 1, orderBy: { column: 'balance', descending: true } });
    expect(cells(bodyRows(element).at(-1)!)).to.deep.equal(loanCells(last[0]!));
    // The last row sits at the bottom of the view.
    const view = grid(element).getBoundingClientRect();
    const lastBox = bodyRows(element).at(-1)!.getBoundingClientRect();
    expect(Math.abs(lastBox.bottom - view.bottom)).to.be.lessThan(element.rowHeight + 20);
  });

  it('CSV export fetches every row in pages', async () => {
    const element = await table(strata);
    const csv = await element.toFullCsv();
    expect(csv.split('\r\n').length).to.equal(count + 2);
  });
});

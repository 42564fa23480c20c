/// <reference types="mocha" />
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { Strata } from '@strata/sdk';
import './register.ts';
import type { StrataList } from './list.ts';
import type { StrataAssignDetail } from '../events.ts';
import { smallBankWithFollowUps } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, downloads, mount, openStrata, sharedStrata, until } from '../../../../test/helpers/browser.ts';

const root = (element: StrataList) => element.shadowRoot!;
const rows = (element: StrataList) => [...root(element).querySelectorAll<HTMLTableRowElement>('tbody tr')];
/** The rows' keys: customer ids (lead ids for overdue_leads), whatever the masking. */
const keys = (element: StrataList) => rows(element).map((r) => r.dataset.key);
const cells = (row: Element) => [...row.querySelectorAll('td:not(.check)')].map((c) => c.textContent!.trim());
const headers = (element: StrataList) => [...root(element).querySelectorAll('thead th:not(.check)')].map((h) => h.textContent!.replace(/[▲▼]/g, '').trim());
const summary = (element: StrataList) => root(element).querySelector('#summary')?.textContent ?? '';
const sortButton = (element: StrataList, column: string) => root(element).querySelector<HTMLButtonElement>(`button.sort[data-sort="${column}"]`)!;
const ready = (element: StrataList) => element.shadowRoot && !element.shadowRoot.querySelector('.skeleton, [aria-busy="true"]') && (rows(element).length > 0 || !!element.shadowRoot.querySelector('[part~="empty"]'));

/** Waits until the list shows `expected` keys (after a change that queries again). */
const showing = (element: StrataList, expected: string[]) => until(() => ready(element) && JSON.stringify(keys(element)) === JSON.stringify(expected), () => `${expected.join(',')} (shown: ${keys(element).join(',')})`);

async function list(strata: Strata, attrs: Record<string, string> = {}, lang = 'en', width = 1100): Promise<StrataList> {
  const element = document.createElement('strata-list');
  element.setAttribute('lang', lang);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.strata = strata;
  mount(element, width);
  await customElements.whenDefined('strata-list');
  await until(() => ready(element), 'the list');
  return element;
}

describe('<strata-list>', () => {
  let strata: Strata;
  sharedStrata(smallBankWithFollowUps, (s) => (strata = s));

  it('is defined from its own chunk once one is in the document', async () => {
    const element = await list(strata, { preset: 'handoff' });
    expect(customElements.get('strata-list')).to.equal(element.constructor);
  });

  it('handoff: C1, C2, C3, C5, C7, masked, with the columns, the caption, date, scope and reason', async () => {
    const element = await list(strata, { preset: 'handoff' });
    expect(keys(element)).to.deep.equal(['C1', 'C2', 'C3', 'C5', 'C7']);
    expect(headers(element)).to.deep.equal(['Customer ID', 'Name', 'Tier', 'Manager', 'Branch', 'Loans', 'Deposits', 'Next maturity', 'Last contact', 'Why on the list']);
    expect(root(element).querySelector('#title')!.textContent).to.equal('Customers due for a hand-off');
    expect(summary(element)).to.equal('5 at 2024-12-31; scope: Whole bank; names and IDs masked.');
    const c2 = cells(rows(element)[1]!);
    expect(c2.slice(0, 5)).to.deep.equal(['**', '李*', 'Potential high-end', '王强', '城北支行']);
    const c7 = cells(rows(element)[4]!);
    expect(c7[1]).to.equal('省***司');
    expect(c7[5]).to.equal('¥1M');
    expect(c7[9]).to.match(/^A corporate gold customer is owned by/);
  });

  it('no_loan: C6 and C8; overdue_leads: P10, P5, P8 with lead, stage and days idle', async () => {
    const noLoan = await list(strata, { preset: 'no_loan' });
    expect(keys(noLoan)).to.deep.equal(['C6', 'C8']);
    cleanup();
    const leads = await list(strata, { preset: 'overdue_leads' });
    expect(keys(leads)).to.deep.equal(['P10', 'P5', 'P8']);
    expect(headers(leads).slice(0, 5)).to.deep.equal(['Lead', 'Customer ID', 'Name', 'Stage', 'Days idle']);
    expect(rows(leads).map((r) => [cells(r)[0], cells(r)[3], cells(r)[4]])).to.deep.equal([
      ['P10', 'Lead', '90'],
      ['P5', 'Applied', '60'],
      ['P8', 'Follow-up', '56'],
    ]);
    expect(root(leads).querySelector('#title')!.textContent).to.equal('Leads overdue for follow-up · idle over 14 days');
    expect(summary(leads)).to.contain('3 leads at 2024-12-31');
  });

  it('a filter set on the Strata narrows the list (branch B2: no_loan is C6), and its clearing widens it again', async () => {
    const element = await list(strata, { preset: 'no_loan' });
    strata.filters.set({ field: 'branch', op: 'in', values: ['B2'], source: 'branch-view' });
    await showing(element, ['C6']);
    expect(summary(element)).to.contain('scope: B2');
    strata.filters.clear();
    await showing(element, ['C6', 'C8']);
    expect(summary(element)).to.contain('scope: Whole bank');
  });

  it('inside a dashboard: the dashboard’s filter changes re-query it; another preset drops the ticks', async () => {
    await import('../dashboard/register.ts');
    const dashboard = document.createElement('strata-dashboard');
    dashboard.setAttribute('lang', 'en');
    dashboard.strata = strata;
    const element = document.createElement('strata-list');
    element.setAttribute('preset', 'no_loan');
    dashboard.append(element);
    mount(dashboard, 1100);
    await customElements.whenDefined('strata-list');
    await showing(element, ['C6', 'C8']);
    strata.filters.set({ field: 'branch', op: 'in', values: ['B2'], source: 'branch-view' });
    await showing(element, ['C6']);
    strata.filters.clear();
    await showing(element, ['C6', 'C8']);
    rows(element)[0]!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    element.setAttribute('preset', 'handoff');
    await showing(element, ['C1', 'C2', 'C3', 'C5', 'C7']);
    element.setAttribute('preset', 'no_loan');
    await showing(element, ['C6', 'C8']);
    expect(rows(element).map((r) => r.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked)).to.deep.equal([false, false]);
  });

  it('a header click sorts (amounts largest first), a second reverses; the summary and aria-sort say it', async () => {
    const element = await list(strata, { preset: 'maturing', days: '1700' });
    expect(keys(element)).to.deep.equal(['C1', 'C2', 'C3', 'C4', 'C5', 'C7']);
    sortButton(element, 'loan_balance').click();
    // C5 1,900,000; C7 1,000,000; C1 990,000; C4 600,000; C2 95,000; C3 50,000.
    await showing(element, ['C5', 'C7', 'C1', 'C4', 'C2', 'C3']);
    expect(element.getAttribute('sort')).to.equal('loan_balance');
    expect(sortButton(element, 'loan_balance').closest('th')!.getAttribute('aria-sort')).to.equal('descending');
    expect(summary(element)).to.contain('sorted by Loans, descending');
    sortButton(element, 'loan_balance').click();
    await showing(element, ['C3', 'C2', 'C4', 'C1', 'C7', 'C5']);
    expect(sortButton(element, 'loan_balance').closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
    // Text sorts A→Z first: the names' code points (masked names are the sdk's, sorted by the real ones).
    sortButton(element, 'customer_id').click();
    await showing(element, ['C1', 'C2', 'C3', 'C4', 'C5', 'C7']);
  });

  it('names and IDs masked by default, in full with unmasked (a new query: the sdk masks)', async () => {
    const element = await list(strata, { preset: 'handoff' });
    expect(cells(rows(element)[1]!).slice(0, 2)).to.deep.equal(['**', '李*']);
    element.unmasked = true;
    await until(() => ready(element) && cells(rows(element)[1]!)[1] === '李四', 'the names in full');
    expect(cells(rows(element)[1]!).slice(0, 2)).to.deep.equal(['C2', '李四']);
    expect(summary(element)).not.to.contain('masked');
  });

  it('exports CSV as shown: masked names, amounts in 万元, formula text neutralised; raw with codes; xlsx', async () => {
    const element = await list(strata, { preset: 'payroll_unit' });
    const people = (await element.toCsv('people'))!;
    const lines = people.slice(1).split('\r\n');
    expect(lines[0]).to.equal('Customer ID,Name,Tier,Manager,Branch,Loans (10k yuan),Deposits (10k yuan),Next maturity,Last contact,Why on the list');
    expect(lines[1]).to.equal('**,李*,Potential high-end,王强,城北支行,9.50,10.00,2029-06-15,,Employee of payroll unit 南******司');
    const raw = (await element.toCsv('raw'))!.slice(1).split('\r\n');
    expect(raw[0]).to.equal('Customer ID,Name,Tier code,Tier,Manager code,Manager,Branch code,Branch,Loans,Deposits,Next maturity,Last contact,Why on the list');
    const files = await downloads(() => element.exportXlsx());
    expect(files).to.have.length(1);
    expect(files[0]!.name).to.match(/\.xlsx$/);

    // A name that a spreadsheet would run as a formula is written as text.
    const hostile = await openStrata({
      ...smallBankWithFollowUps,
      customers: smallBankWithFollowUps.customers.map((c) => (c.customer_id === 'C6' ? { ...c, name: '=HYPERLINK("http://x","y")' } : c)),
    });
    try {
      cleanup();
      const unmasked = await list(hostile, { preset: 'no_loan', unmasked: '' });
      const csv = (await unmasked.toCsv('people'))!;
      expect(csv.slice(1).split('\r\n')[1]!.startsWith(`C6,"'=HYPERLINK(""http://x"",""y"")"`)).to.equal(true);
      expect(cells(rows(unmasked)[0]!)[1]).to.equal('=HYPERLINK("http://x","y")');
    } finally {
      await hostile.close();
    }
  });

  it('ticking rows, choosing a manager and assign fire strata-assign with the real ids and the preset; nothing else changes', async () => {
    const element = await list(strata, { preset: 'handoff' });
    const got: StrataAssignDetail[] = [];
    document.body.addEventListener('strata-assign', (e) => got.push(e.detail), { once: true });
    const boxes = () => rows(element).map((r) => r.querySelector<HTMLInputElement>('input[type=checkbox]')!);
    const button = () => root(element).querySelector<HTMLButtonElement>('.assign-button')!;
    expect(button().disabled).to.equal(true);
    boxes()[1]!.click();
    boxes()[3]!.click();
    await element.updateComplete;
    const select = root(element).querySelector('select')!;
    expect([...select.options].map((o) => [o.value, o.textContent])).to.deep.equal([['', 'Choose a manager'], ['M2', '李娜'], ['M1', '王强']]);
    select.value = 'M2';
    select.dispatchEvent(new Event('change'));
    await element.updateComplete;
    expect(button().textContent).to.equal('Assign (2)');
    button().click();
    expect(got).to.deep.equal([{ source: element.sourceId, customerIds: ['C2', 'C5'], preset: 'handoff', manager: 'M2', managerName: '李娜' }]);
    await element.updateComplete;
    expect(root(element).querySelector('.done')!.textContent).to.equal('2 assigned to 李娜');
    expect(boxes().every((b) => !b.checked)).to.equal(true);
    expect(keys(element)).to.deep.equal(['C1', 'C2', 'C3', 'C5', 'C7']);

    // Select all, for overdue leads: the leads and their customers.
    cleanup();
    const leads = await list(strata, { preset: 'overdue_leads' });
    const all: StrataAssignDetail[] = [];
    leads.addEventListener('strata-assign', (e) => all.push(e.detail));
    root(leads).querySelector<HTMLInputElement>('thead input[type=checkbox]')!.click();
    const picker = root(leads).querySelector('select')!;
    picker.value = 'M1';
    picker.dispatchEvent(new Event('change'));
    await leads.updateComplete;
    leads.assign();
    const customerIds = (await strata.list({ preset: 'overdue_leads' })).flatMap((r) => (r.customer_id ? [r.customer_id] : []));
    expect(all).to.deep.equal([{ source: leads.sourceId, customerIds: [...new Set(customerIds)], leadIds: ['P10', 'P5', 'P8'], preset: 'overdue_leads', manager: 'M1', managerName: '王强' }]);
  });

  it('keyboard: Enter on a header sorts, Space ticks a row; the controls are native and in tab order', async () => {
    const element = await list(strata, { preset: 'maturing', days: '1700' });
    sortButton(element, 'loan_balance').focus();
    await sendKeys({ press: 'Enter' });
    await showing(element, ['C5', 'C7', 'C1', 'C4', 'C2', 'C3']);
    sortButton(element, 'loan_balance').focus();
    await sendKeys({ press: 'Space' });
    await showing(element, ['C3', 'C2', 'C4', 'C1', 'C7', 'C5']);
    const first = rows(element)[0]!.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    first.focus();
    await sendKeys({ press: 'Space' });
    expect(first.checked).to.equal(true);
    await element.updateComplete;
    expect(rows(element)[0]!.classList.contains('checked')).to.equal(true);
    expect(first.getAttribute('aria-label')).to.equal('Select 王*');
  });

  it('zh-CN: headers, caption, summary and reasons in Chinese; amounts in 万', async () => {
    const element = await list(strata, { preset: 'maturing', days: '1700' }, 'zh-CN');
    expect(headers(element)).to.deep.equal(['客户号', '客户名称', '客户分层', '客户经理', '机构', '贷款余额', '日均存款', '最近到期日', '最近联系', '入选原因']);
    expect(root(element).querySelector('#title')!.textContent).to.equal('贷款即将到期客户 · 1700天内');
    expect(summary(element)).to.equal('2024-12-31 共 6 户，范围：全行，姓名与证件号已脱敏。');
    expect(cells(rows(element)[0]!)[5]).to.equal('99万');
    expect(cells(rows(element)[0]!)[9]).to.equal('贷款将于2029-06-15到期（1627天后）');
  });

  it('on a phone: the name, the figure and the reason (the exports keep every column)', async () => {
    const element = await list(strata, { preset: 'handoff' }, 'en', 380);
    // The width is measured (a ResizeObserver) once the element is in the page.
    await until(() => headers(element).length < 10, 'the phone columns');
    expect(headers(element)).to.deep.equal(['Name', 'Loans', 'Why on the list']);
    expect(keys(element)).to.deep.equal(['C1', 'C2', 'C3', 'C5', 'C7']);
    expect((await element.toCsv('people'))!.slice(1).split('\r\n')[0]!.split(',')).to.have.length(10);
    cleanup();
    const leads = await list(strata, { preset: 'overdue_leads' }, 'en', 380);
    await until(() => headers(leads).length < 10, 'the phone columns');
    expect(headers(leads)).to.deep.equal(['Lead', 'Name', 'Days idle', 'Why on the list']);
  });

  for (const lang of ['en', 'zh-CN']) {
    it(`is axe-clean (${lang}), rows ticked and sorted`, async () => {
      const element = await list(strata, { preset: 'handoff' }, lang);
      rows(element)[0]!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
      sortButton(element, 'name').click();
      await until(() => ready(element) && element.getAttribute('sort') === 'name', 'sorted');
      expect(await axeViolations(element)).to.deep.equal([]);
    });
  }
});

/// <reference types="mocha" />
/**
 * The export and tooltip controllers on a bare Lit element of the test's own (no view, no data):
 * what each does for any host (the tooltip's behaviour fetched with the views' coordinator first). The export's sheet neutralises formula cells; the tooltip shows a
 * mark's figures on hover and on keyboard focus, and goes on Escape and when the pointer leaves.
 */
import { expect } from 'chai';
import { select } from 'd3';
import { sendKeys } from '@web/test-runner-commands';
import { html, LitElement, type TemplateResult } from 'lit';
import { cleanup, mount, until } from '../../../../test/helpers/browser.ts';
import { markInteraction } from '../renderers/marks.ts';
import { ExportController } from './exports.ts';
import { exportStyles, type ExportFormat } from './export-menu.ts';
import type { TableData } from './table-data.ts';
import { TooltipController, tooltipStyles } from './tooltip.ts';

interface Row {
  name: string;
  balance: number;
}

const SHEET: TableData<Row> = {
  rows: [
    { name: '=HYPERLINK("x")', balance: 1_234_500 },
    { name: '城北支行', balance: 10_050 },
  ],
  columns: [
    { label: '名称', value: (r) => r.name },
    { label: '余额', value: (r) => r.balance, numeric: true, kind: 'amount' },
  ],
};

class ControllerHost extends LitElement {
  static override styles = [tooltipStyles, exportStyles];
  readonly language = 'zh-CN' as const;
  readonly chosen: ExportFormat[] = [];
  fail = false;
  readonly tooltip = new TooltipController(this);
  readonly exports = new ExportController(
    this,
    {
      language: 'zh-CN',
      db: undefined,
      heading: () => '测试',
      palette: () => ({ fg: '#111', muted: '#555', border: '#ccc', surface: '#fff', accent: '#1d4ed8', accent2: '#0f766e', danger: '#b91c1c', good: '#15803d', warn: '#b45309', select: '#f59e0b', classes: [] }),
      chartSvg: () => this.renderRoot.querySelector('svg'),
      exportClauses: () => [],
      knownMonth: () => '2024-12-31',
      sheetData: () => SHEET,
    },
    async (format) => {
      if (this.fail) throw new Error('磁盘已满');
      this.chosen.push(format);
    },
  );

  protected override render(): TemplateResult {
    return html`<figure>
      <span>${this.exports.render('zh-CN', '测试', ['csv', 'xlsx'], () => undefined)}</span>
      ${this.exports.renderError('zh-CN')}
      <svg width="300" height="120"><g class="mark"><rect width="40" height="40" x="130" y="60"></rect></g></svg>
      ${this.tooltip.render()}
    </figure>`;
  }

  protected override firstUpdated(): void {
    markInteraction(select(this.renderRoot.querySelector<SVGGElement>('g.mark')!).datum({ key: 'B01' }), {
      selected: () => false,
      target: (d) => d.key,
      onSelect: () => undefined,
      tooltip: () => ({ title: '城北支行', lines: ['余额 123.45万元'] }),
    });
  }
}
customElements.define('test-controller-host', ControllerHost);

const tip = (host: ControllerHost) => host.shadowRoot!.querySelector<HTMLElement>('.tooltip')!;

describe('ExportController', () => {
  afterEach(() => cleanup());

  it('the sheet for people and the raw one neutralise a formula cell; figures in 万元', async () => {
    const host = mount(document.createElement('test-controller-host') as ControllerHost, 400);
    await host.updateComplete;
    const people = (await host.exports.use((e) => e.csv('people')))!.split('\r\n');
    expect(people[0]).to.equal('\uFEFF名称,余额（万元）');
    expect(people[1]).to.equal(`"'=HYPERLINK(""x"")",123.45`);
    const raw = (await host.exports.use((e) => e.csv('raw')))!.split('\r\n');
    expect(raw[1]).to.equal(`"'=HYPERLINK(""x"")",1234500`);
    expect(await host.exports.use((e) => e.fileName('csv'))).to.equal('测试_2024-12-31.csv');
  });

  it('its menu runs the format chosen; a failure stays in the host as an alert until the next export succeeds', async () => {
    const host = mount(document.createElement('test-controller-host') as ControllerHost, 400);
    await host.updateComplete;
    const root = host.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
    await host.updateComplete;
    const items = [...root.querySelectorAll<HTMLButtonElement>('[part~="export-item"]')];
    expect(items.map((i) => i.dataset.format)).to.deep.equal(['csv', 'xlsx']);
    items[1]!.click();
    await until(() => host.chosen.length === 1, 'the export to run');
    expect(host.chosen).to.deep.equal(['xlsx']);
    host.fail = true;
    root.querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
    await host.updateComplete;
    root.querySelector<HTMLButtonElement>('[data-format="csv"]')!.click();
    await until(() => root.querySelector('[part~="export-error"]') !== null, 'the failure shown');
    expect(root.querySelector('[part~="export-error"]')!.getAttribute('role')).to.equal('alert');
    expect(root.querySelector('[part~="export-error"]')!.textContent).to.contain('磁盘已满');
    host.fail = false;
    root.querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
    await host.updateComplete;
    root.querySelector<HTMLButtonElement>('[data-format="csv"]')!.click();
    await until(() => root.querySelector('[part~="export-error"]') === null, 'the failure gone');
    expect(host.chosen).to.deep.equal(['xlsx', 'csv']);
  });
});

describe('TooltipController', () => {
  afterEach(() => cleanup());

  it('shows a mark’s figures on hover and what a click does; goes a moment after the pointer leaves', async () => {
    const host = mount(document.createElement('test-controller-host') as ControllerHost, 400);
    await host.updateComplete;
    await host.tooltip.ready;
    const mark = host.shadowRoot!.querySelector('g.mark')!;
    mark.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect(tip(host).hidden).to.equal(false);
    expect([...tip(host).children].map((c) => c.textContent)).to.deep.equal(['城北支行', '余额 123.45万元', '点击筛选全部视图 · 双击查看明细']);
    mark.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, composed: true, relatedTarget: document.body }));
    expect(tip(host).hidden, 'kept while the pointer crosses the gap').to.equal(false);
    await until(() => tip(host).hidden, 'the tooltip to go', 2_000);
  });

  it('keyboard focus shows it (described by it), with the key’s words; Escape hides it', async () => {
    const host = mount(document.createElement('test-controller-host') as ControllerHost, 400);
    await host.updateComplete;
    await host.tooltip.ready;
    host.shadowRoot!.querySelector<HTMLButtonElement>('[part~="export-button"]')!.focus();
    await sendKeys({ press: 'Tab' });
    const mark = host.shadowRoot!.querySelector('g.mark')!;
    expect(host.shadowRoot!.activeElement).to.equal(mark);
    expect(tip(host).hidden).to.equal(false);
    expect(mark.getAttribute('aria-describedby')).to.equal('tooltip');
    expect(tip(host).lastElementChild!.textContent).to.equal('Enter 筛选全部视图 · Shift+Enter 查看明细');
    await sendKeys({ press: 'Escape' });
    expect(tip(host).hidden).to.equal(true);
  });
});

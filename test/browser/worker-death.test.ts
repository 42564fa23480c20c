/// <reference types="mocha" />
/**
 * A duckdb-wasm worker that dies (terminated by anyone, idle or mid-query) is noticed: every call
 * on it rejects with an EngineStoppedError, never hangs; `strata.restart()` brings each Strata back
 * on one new page worker with the figures it had; the views show a stopped state whose retry
 * restarts the dashboard's Strata once and re-queries every view.
 */
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { expect } from 'chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import {
  configureAssets,
  createBrowserEngine,
  EngineStoppedError,
  Strata,
  type BrowserEngine,
  type FilterClause,
} from '@strata/sdk/browser';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { smallBank } from '../fixtures/small.ts';
import { axeViolations } from '../helpers/axe.ts';
import { assets, cleanup, mount, until, defaultLayoutSettled } from '../helpers/browser.ts';

/** Every duckdb-wasm worker the page starts, to terminate it as any script on the page could. */
const workers: Worker[] = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    if (String(url).includes('duckdb')) workers.push(this);
  }
};
configureAssets(assets);

/** The page's worker now (the last one started). */
const pageWorker = () => workers.at(-1)!;

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a value');
}

/** An EngineStoppedError, or an error caused by one (a query error wrapping what the engine said). */
function expectStopped(error: Error, what: string): void {
  let cause: unknown = error;
  while (cause instanceof Error && !(cause instanceof EngineStoppedError)) cause = cause.cause;
  expect(cause, `${what}: ${error.name}: ${error.message}`).to.be.instanceOf(EngineStoppedError);
  expect((cause as Error).message, what).to.contain('strata.restart()');
}

/** What the small bank's figures read through the SDK: the KPIs and NPL by kind, under the current filters. */
async function figures(strata: Strata): Promise<string> {
  const kpis = await strata.kpis();
  const npl = await strata.npl({ by: 'kind' });
  return JSON.stringify({ kpis: kpis.map((r) => [r.metric, r.value]), npl: [...npl] });
}

const corporate: FilterClause = { field: 'kind', op: 'in', values: ['corporate'], source: 'test' };

describe('a duckdb-wasm worker that dies', function () {
  this.timeout(60_000);

  it('terminated idle: every call of every engine on it rejects with EngineStoppedError, and so does load()', async () => {
    const [a, b] = await Promise.all([Strata.open(), Strata.open()]);
    try {
      await Promise.all([a.load(smallBank), b.load(smallBank)]);
      expect((a.engine as BrowserEngine).duckdb).to.equal((b.engine as BrowserEngine).duckdb);
      pageWorker().terminate();
      for (const [name, strata] of [['a', a], ['b', b]] as const) {
        expectStopped(await rejection(strata.engine.query('SELECT 1')), `${name}: a query`);
        expectStopped(await rejection(strata.kpis()), `${name}: a metric`);
        expectStopped(await rejection(strata.load({ loans: smallBank.loans })), `${name}: a load`);
        expect(strata.engine.stopped).to.be.instanceOf(EngineStoppedError);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('terminated mid-query: the pending call rejects with EngineStoppedError', async () => {
    const strata = await Strata.open();
    try {
      const engine = strata.engine as BrowserEngine;
      // Tens of seconds of work in the worker; the test ends long before it would.
      const slow = engine.query('SELECT sum(hash(a.range * b.range)) AS h FROM range(400000) a, range(400000) b');
      const later = engine.query('SELECT 1');
      const pending = () => (engine.duckdb as unknown as { _pendingRequests: Map<number, unknown> })._pendingRequests.size;
      await until(() => pending() > 0, 'the query to reach the worker');
      pageWorker().terminate();
      expectStopped(await rejection(slow), 'the query running');
      expectStopped(await rejection(later), 'the query waiting behind it');
    } finally {
      await strata.close();
    }
  });

  it('restart(): every Strata on the page comes back on one new worker, with its figures and filters', async () => {
    const [a, b] = await Promise.all([Strata.open(), Strata.open()]);
    try {
      // a: two loads, the second replacing loans only, as Arrow IPC bytes (kept usable for the
      // reload: the engine hands a copy to the worker); b: a data set, then another replacing it all.
      await a.load(smallBank);
      const ipc = tableToIPC(tableFromJSON(smallBank.loans.filter((l) => l.loan_id !== 'L7').map((l) => ({ ...l }))), 'stream');
      await a.load({ loans: ipc });
      expect(ipc.byteLength, 'the bytes given').to.be.greaterThan(0);
      await b.load({ loans: smallBank.loans.slice(0, 3) });
      await b.load(smallBank, { replace: 'all' });
      a.filters.set(corporate);
      const before = { a: await figures(a), b: await figures(b) };
      const started = workers.length;
      pageWorker().terminate();
      expectStopped(await rejection(a.kpis()), 'a before its restart');
      await Promise.all([a.restart(), b.restart()]);
      expect(workers.length - started, 'new workers').to.equal(1);
      expect((a.engine as BrowserEngine).duckdb).to.equal((b.engine as BrowserEngine).duckdb);
      expect(a.filters.clauses).to.deep.equal([corporate]);
      expect(await figures(a)).to.equal(before.a);
      expect(await figures(b)).to.equal(before.b);
      a.filters.clear();
      // And the new worker takes loads as the old one did.
      await b.load({ loans: smallBank.loans.filter((l) => l.loan_id !== 'L7') });
      expect((await b.kpis()).find((r) => r.metric === 'balance')!.value).to.equal(3_635_000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a worker whose script does not load: the start rejects (its error event), never hangs', async () => {
    const error = await rejection(createBrowserEngine({ ...assets, duckdbWorker: new URL('/no-such-duckdb-worker.js', location.href) }));
    expect(error.message).to.contain('did not start in its worker');
    expect(error.message).to.contain('/no-such-duckdb-worker.js');
  });

  it('a Strata given its engine cannot restart it, and says so', async () => {
    const strata = await Strata.open({ engine: await createBrowserEngine(assets) });
    try {
      const error = await rejection(strata.restart());
      expect(error.name).to.equal('StrataOptionError');
      expect(error.message).to.contain('Strata.open({ engine })');
    } finally {
      await strata.close();
    }
  });
});

type View = HTMLElement & { data: { value: unknown }; query(strata: Strata, signal: AbortSignal): Promise<unknown> };

/** The default layout's views (every element but the filters bar, which has no figures). */
const viewsOf = (dashboard: StrataDashboard) => [...dashboard.shadowRoot!.querySelectorAll('.layout > *')].filter((v): v is View => 'query' in v);

/** What the view shows, as text: its query's value. */
const shown = (view: View) => JSON.stringify(view.data.value);
/** What the view's query answers now, under the current filters. */
const fresh = async (view: View, strata: Strata) => JSON.stringify(await view.query(strata, new AbortController().signal));

const stoppedState = (element: Element) => element.shadowRoot!.querySelector<HTMLElement>('[role="alert"][part~="stopped"]');

describe('the views of a dashboard whose worker dies', function () {
  this.timeout(90_000);
  afterEach(() => cleanup());

  it('show the stopped state (axe-clean, both languages); one restart from the keyboard brings back the figures from before', async () => {
    const dashboard = mount(document.createElement('strata-dashboard'), 1240);
    dashboard.setAttribute('lang', 'en');
    await dashboard.load(smallBank);
    await until(() => defaultLayoutSettled(dashboard), 'every view to render');
    const db = dashboard.database!;
    const views = viewsOf(dashboard);
    expect(views).to.have.length(8);

    // The figures each view shows under the filter, read from the SDK while the worker lives.
    db.filters.set(corporate);
    const expected = new Map<View, string>();
    for (const view of views) expected.set(view, await fresh(view, db));
    db.filters.clear();
    await until(() => defaultLayoutSettled(dashboard), 'the views without the filter');

    const started = workers.length;
    let restarts = 0;
    const restart = db.restart.bind(db);
    db.restart = () => (restarts++, restart());
    pageWorker().terminate();
    db.filters.set(corporate);
    await until(() => views.every(stoppedState), () => `the stopped state in every view (missing in ${views.filter((v) => !stoppedState(v)).map((v) => v.id).join(', ')})`, 10_000);
    // No chart of the data from before stays on screen.
    expect(views.filter((v) => v.shadowRoot!.querySelector('svg.chart-svg, [part="summary"]')).map((v) => v.id)).to.deep.equal([]);

    for (const lang of ['en', 'zh-CN'] as const) {
      dashboard.setAttribute('lang', lang);
      await dashboard.updateComplete;
      await until(() => views.every((v) => stoppedState(v)?.closest('figure')?.getAttribute('lang') === lang), `the stopped state in ${lang}`);
      const state = stoppedState(views[0]!)!;
      expect(state.textContent).to.contain(lang === 'en' ? 'The analysis engine stopped' : '分析引擎已停止');
      expect(state.querySelector('button')!.textContent).to.equal(lang === 'en' ? 'Restart the engine' : '重启引擎');
      expect(await axeViolations(dashboard)).to.deep.equal([]);
      await executeServerCommand('strata-screenshot', { name: `engine-stopped-${lang}.png` });
    }

    // The keyboard: the restart button of the third view, Enter.
    stoppedState(views[2]!)!.querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => defaultLayoutSettled(dashboard) && views.every((v) => !stoppedState(v)), 'every view back', 30_000);
    expect(restarts, 'restarts').to.equal(1);
    expect(workers.length - started, 'new workers').to.equal(1);
    expect(db.filters.clauses).to.deep.equal([corporate]);
    for (const view of views) expect(shown(view), view.id).to.equal(expected.get(view));
    db.filters.clear();
  });

  it('a load of src cut short by the death shows the stopped state; its restart loads src', async () => {
    const dashboard = document.createElement('strata-dashboard');
    dashboard.setAttribute('lang', 'en');
    dashboard.innerHTML = '<strata-npl by="tier"></strata-npl>';
    mount(dashboard, 900);
    const view = dashboard.querySelector<View & HTMLElement>('strata-npl')!;
    // The worker dies as the load begins (the dashboard fetched the files while the engine started).
    const load = Strata.prototype.load;
    Strata.prototype.load = function (this: Strata, ...args: Parameters<Strata['load']>) {
      Strata.prototype.load = load;
      pageWorker().terminate();
      return load.apply(this, args);
    };
    try {
      dashboard.src = '/test/fixtures/small-bank/manifest.json';
      const panel = await until(() => dashboard.shadowRoot!.querySelector('[part="error"]'), 'the load’s error panel');
      expect(panel.getAttribute('role')).to.equal('alert');
      expect(panel.textContent).to.contain('The analysis engine stopped');
      const loaded = new Promise<CustomEvent>((resolve) => dashboard.addEventListener('strata-load', (e) => resolve(e), { once: true }));
      panel.querySelector('button')!.click();
      expect((await loaded).detail.report.rows).to.deep.include({ loans: 12, customers: 8 });
      await until(
        () => dashboard.shadowRoot!.querySelector('[part="error"]') === null && view.shadowRoot!.querySelector('svg.chart-svg') && !view.shadowRoot!.querySelector('[aria-busy="true"]'),
        'the panel gone, the view drawn',
      );
      expect(shown(view)).to.equal(await fresh(view, dashboard.database!));
    } finally {
      Strata.prototype.load = load;
    }
  });
});

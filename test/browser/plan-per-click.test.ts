/// <reference types="mocha" />
/**
 * One plan per click: the default dashboard's views ask through their Strata's coordinator, so a
 * click makes one `strata.plan` holding every view's readings; a mark the pointer rests on has its
 * click asked ahead, so that the click then runs no statement; and the coordinator's own rules (a
 * turn's asks planned together, a new turn re-asking what is still waited for, an abandoned ask).
 */
import { expect } from 'chai';
import { configureAssets, Strata, type PlanRequest } from '@strata/sdk/browser';
import { generate } from '@strata/synth';
import '@strata/widgets';
import { coordinatorOf } from '@strata/widgets/coordinator';
import { smallBank } from '../fixtures/small.ts';
import { assets, cleanup, mount, until, defaultLayoutSettled, selectingMarks } from '../helpers/browser.ts';

configureAssets(assets);

type View = HTMLElement & { data: { value: unknown }; query(strata: Strata, signal: AbortSignal): Promise<unknown> };

/** The engine's own count of statements run (duckdb-wasm's engine keeps it). */
const statements = (db: Strata) => (db.engine as unknown as { stats: { statements: number } }).stats.statements;

describe('one plan per click', function () {
  this.timeout(120_000);
  afterEach(() => cleanup());

  it('a click is one plan with every view’s readings; a mark rested on is asked ahead, and its click runs no statement', async () => {
    const dashboard = mount(document.createElement('strata-dashboard'), 1240);
    dashboard.setAttribute('lang', 'en');
    await dashboard.load(generate({ seed: 11, loanRows: 20_000, asOf: '2024-11-30' }));
    await until(() => defaultLayoutSettled(dashboard), 'every view to render', 45_000);
    const db = dashboard.database!;
    const coordinator = coordinatorOf(db);
    const views = [...dashboard.shadowRoot!.querySelectorAll('.layout > *')].filter((v): v is View => 'query' in v);

    // Plans seen by the Strata: a spy on the real method.
    const plans: PlanRequest[][] = [];
    const plan = db.plan.bind(db);
    db.plan = (requests, options) => {
      plans.push([...requests]);
      return plan(requests, options);
    };
    try {
      const segments = views.find((v) => v.localName === 'strata-segments' && selectingMarks(v).length > 1)!;
      const before = coordinator.plans;
      selectingMarks(segments)[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
      await until(() => defaultLayoutSettled(dashboard) && coordinator.plans > before, 'the views to answer the click', 30_000);
      expect(coordinator.plans - before, 'plans for one click').to.equal(1);
      expect(plans.length).to.equal(1);
      // Every view but the table (whose list and count go beside the plan) asked in it.
      expect(plans[0]!.length).to.be.at.least(views.length);
      for (const view of views) {
        const fresh = await view.query(db, new AbortController().signal);
        expect(JSON.stringify(view.data.value), `${view.id} after the click`).to.equal(JSON.stringify(fresh));
      }

      // The pointer rests on another view's mark: its click is asked ahead, then costs no statement.
      const npl = views.find((v) => v.localName === 'strata-npl' && selectingMarks(v).length > 1)!;
      const mark = selectingMarks(npl).at(-1)!;
      const asked = coordinator.prefetches;
      mark.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      await until(() => coordinator.prefetches > asked, 'the click to be asked ahead', 5_000);
      await coordinator.prefetched;
      expect(db.filters.clauses.length, 'asking ahead sets no filter').to.equal(1);
      const ran = statements(db);
      const planned = coordinator.plans;
      // Lit updates per view for the click: one for a new answer (none while it is on its way), one
      // for the clicked view's selection (its answer, its own clause excluded, is the one shown), none
      // for a view whose answer the click does not change.
      const shown = new Map(views.map((v) => [v.id, v.data.value]));
      const chartMarks = (v: View) => [...v.shadowRoot!.querySelectorAll('svg.chart-svg .mark')];
      const drawn = new Map(views.map((v) => [v.id, new Set(chartMarks(v))]));
      const updates = new Map<string, number>();
      for (const view of views) {
        const own = (view as unknown as { update(changed: unknown): void }).update;
        Object.defineProperty(view, 'update', {
          configurable: true,
          value(this: View, changed: unknown) {
            updates.set(view.id, (updates.get(view.id) ?? 0) + 1);
            own.call(this, changed);
          },
        });
      }
      // The loan table's grid, watched for what makes the browser lay the page out inside the
      // click's update: its scroll position set, its box read.
      const grid = views.find((v) => v.localName === 'strata-table')!.shadowRoot!.querySelector<HTMLElement>('.grid')!;
      const layoutTouches: string[] = [];
      for (const name of ['scrollTop', 'scrollLeft', 'clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth']) {
        const own = Object.getOwnPropertyDescriptor(Element.prototype, name) ?? Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)!;
        Object.defineProperty(grid, name, {
          configurable: true,
          get() {
            layoutTouches.push(`read ${name}`);
            return own.get!.call(grid);
          },
          set(value: number) {
            layoutTouches.push(`set ${name}`);
            own.set!.call(grid, value);
          },
        });
      }
      mark.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
      await until(() => coordinator.plans > planned && defaultLayoutSettled(dashboard), 'the views to answer the second click', 30_000);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      for (const name of ['scrollTop', 'scrollLeft', 'clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth']) delete (grid as unknown as Record<string, unknown>)[name];
      expect(layoutTouches, 'the table laid out inside the click').to.deep.equal([]);
      for (const view of views) delete (view as unknown as { update?: unknown }).update;
      const expected = views.map((v) => [v.id, v === npl || v.data.value !== shown.get(v.id) ? 1 : 0]);
      expect(views.map((v) => [v.id, updates.get(v.id) ?? 0]), 'Lit updates per view for the click').to.deep.equal(expected);
      expect(expected.filter(([, n]) => n === 1).length, 'views the click changed').to.be.at.least(4);
      // A chart drawn again moves the marks it keeps (keyed d3 updates) rather than making new ones.
      const redrawn = views.filter((v) => updates.get(v.id) === 1 && drawn.get(v.id)!.size > 0 && chartMarks(v).length > 0);
      expect(redrawn.map((v) => v.id)).to.include.members(['npl-trend']);
      for (const view of redrawn) expect(chartMarks(view).some((m) => drawn.get(view.id)!.has(m)), `${view.id} keeps its marks`).to.equal(true);
      expect(coordinator.plans - planned, 'plans for the second click').to.equal(1);
      expect(statements(db) - ran, 'statements the click ran').to.equal(0);
      for (const view of views) {
        const fresh = await view.query(db, new AbortController().signal);
        expect(JSON.stringify(view.data.value), `${view.id} after the second click`).to.equal(JSON.stringify(fresh));
      }

      // A clause that changes no figure: one plan, and no chart drawn again.
      const draws: string[] = [];
      for (const view of views) {
        const own = (view as unknown as { draw(svg: SVGSVGElement, value: unknown): void }).draw;
        Object.defineProperty(view, 'draw', {
          configurable: true,
          value(this: View, svg: SVGSVGElement, value: unknown) {
            draws.push(view.id);
            own.call(this, svg, value);
          },
        });
      }
      const quiet = coordinator.plans;
      db.filters.set({ field: 'tier', op: 'not_in', values: ['no such tier'], source: 'test-nothing' });
      await until(() => coordinator.plans > quiet && defaultLayoutSettled(dashboard), 'the views to answer a clause that changes nothing', 30_000);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      expect(coordinator.plans - quiet).to.equal(1);
      expect(draws, 'charts drawn again').to.deep.equal([]);
    } finally {
      db.plan = plan;
      db.filters.clear();
    }
  });

  it('asks of one turn make one plan; a new turn asks again what is still waited for; an abandoned ask is an AbortError', async () => {
    const strata = await Strata.open();
    try {
      await strata.load(smallBank);
      const coordinator = coordinatorOf(strata);
      const keep = new AbortController();
      const readings = coordinator.readings(keep.signal);
      const before = coordinator.plans;
      const [npl, kpis, count] = await Promise.all([readings.npl({ by: 'industry_class' }), readings.kpis(), readings.rowCount({ table: 'loans' })]);
      expect(coordinator.plans - before).to.equal(1);
      expect([...npl]).to.deep.equal([...(await strata.npl({ by: 'industry_class' }))]);
      expect([...kpis]).to.deep.equal([...(await strata.kpis())]);
      expect(count).to.equal(await strata.rowCount({ table: 'loans' }));

      // A turn, then another while its plan runs: the first's asks still waited for are answered.
      strata.clearCache();
      const waiting = readings.segments({ by: 'tier' });
      const gone = new AbortController();
      const abandoned = coordinator.readings(gone.signal).vintage({ by: 'branch' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      gone.abort();
      const next = readings.npl();
      const [segments, vintage, total] = await Promise.allSettled([waiting, abandoned, next]);
      expect(segments.status === 'fulfilled' && [...segments.value]).to.deep.equal([...(await strata.segments({ by: 'tier' }))]);
      expect(vintage.status === 'rejected' && (vintage.reason as Error).name).to.equal('AbortError');
      expect(total.status === 'fulfilled' && [...total.value]).to.deep.equal([...(await strata.npl())]);
    } finally {
      await strata.close();
    }
  });
});

/// <reference types="mocha" />
/**
 * A click storm: 50 selections in one second across the default dashboard's views. When it ends,
 * every view shows the final state: its value is what its query answers under the final filters
 * (read afresh from the SDK), none is left busy, and each chart is the one its value draws.
 */
import { expect } from 'chai';
import { configureAssets, type Strata } from '@strata/sdk/browser';
import { generate } from '@strata/synth';
import '@strata/widgets';
import { assets, cleanup, mount, until, defaultLayoutSettled, selectingMarks } from '../helpers/browser.ts';

configureAssets(assets);

type View = HTMLElement & {
  data: { value: unknown };
  query(strata: Strata, signal: AbortSignal): Promise<unknown>;
  draw(svg: SVGSVGElement, value: unknown): void;
};

describe('a click storm on the default dashboard', function () {
  this.timeout(120_000);
  afterEach(() => cleanup());

  it('50 selections in one second end with every view showing the final state', async () => {
    const dashboard = mount(document.createElement('strata-dashboard'), 1240);
    dashboard.setAttribute('lang', 'en');
    await dashboard.load(generate({ seed: 7, loanRows: 20_000, asOf: '2024-11-30' }));
    await until(() => defaultLayoutSettled(dashboard), 'every view to render', 45_000);
    const db = dashboard.database!;
    const views = [...dashboard.shadowRoot!.querySelectorAll('.layout > *')].filter((v): v is View => 'query' in v);
    const selectable = views.filter((v) => selectingMarks(v).length > 0);
    expect(selectable.length).to.be.at.least(5);

    // 50 clicks, 20 ms apart, going round the views; each on a mark of the chart as it is then
    // (a second click on a selected mark clears it, as a user's would). A view whose chart is empty
    // under the selections of the moment (answers land within a frame: the charts follow the storm)
    // is passed over for the next one.
    let clicks = 0;
    for (let i = 0; clicks < 50 && i < 500; i++) {
      const view = selectable[i % selectable.length]!;
      const marks = selectingMarks(view);
      const mark = marks[(i * 7) % Math.max(marks.length, 1)];
      if (!mark) continue;
      mark.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
      clicks++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(clicks).to.equal(50);
    expect(db.filters.clauses.length, 'selections left standing').to.be.greaterThan(0);

    await until(() => defaultLayoutSettled(dashboard), 'every view to settle', 60_000);
    for (const view of views) {
      const fresh = await view.query(db, new AbortController().signal);
      expect(JSON.stringify(view.data.value), `${view.id} shows the final state`).to.equal(JSON.stringify(fresh));
      expect(view.shadowRoot!.querySelector('[role="alert"]'), `${view.id} has no error`).to.equal(null);
      const chart = view.shadowRoot!.querySelector<SVGSVGElement>('svg.chart-svg');
      if (!chart) continue;
      // The chart on screen is the one the value draws (the same size, beside it), not an earlier one.
      const redrawn = chart.cloneNode(false) as SVGSVGElement;
      chart.after(redrawn);
      try {
        view.draw(redrawn, view.data.value);
        expect(chart.innerHTML, `${view.id}'s chart`).to.equal(redrawn.innerHTML);
      } finally {
        redrawn.remove();
      }
    }
    db.filters.clear();
  });
});

/// <reference types="mocha" />
/**
 * Screenshots of the default dashboard on synthetic data, in zh-CN and en, written to
 * test/.out/screenshots (the README shows one): what an executive sees.
 */
import { expect } from 'chai';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { configureAssets } from '@strata/sdk/browser';
import { generate } from '@strata/synth';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { assets, cleanup, mount, until } from '../helpers/browser.ts';

configureAssets(assets);

/** Every view in the default layout has data (or says it has none) and is not loading. */
function settled(dashboard: StrataDashboard): boolean {
  const views = [...(dashboard.shadowRoot?.querySelectorAll('.layout > *') ?? [])] as (HTMLElement & { data?: { status: number } })[];
  return views.length > 0 && views.every((v) => customElements.get(v.localName) && v.shadowRoot && !v.shadowRoot.querySelector('.skeleton, [aria-busy="true"]'));
}

describe('screenshots of the default dashboard', () => {
  const bank = generate({ seed: 42, loanRows: 60_000, asOf: '2024-11-30' });
  afterEach(() => cleanup());

  for (const lang of ['zh-CN', 'en']) {
    it(`renders every view in ${lang}`, async () => {
      await setViewport({ width: 1280, height: 900 });
      const dashboard = document.createElement('strata-dashboard');
      dashboard.setAttribute('lang', lang);
      mount(dashboard, 1240);
      await dashboard.load(bank);
      await until(() => settled(dashboard), 'every view to render', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await executeServerCommand('strata-screenshot', { name: `dashboard-${lang}.png` })).to.equal(true);
    });
  }
});

/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { Strata } from '@strata/sdk';
import './register.ts';
import type { StrataNpl } from './npl.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { marks, mount, sharedStrata, until } from '../../../../test/helpers/browser.ts';

/**
 * The small bank's matrix, 2024-11-30 → 2024-12-31, by hand (share of each class's balance at the
 * start). Pass, 2,200,000: L1 1,000,000 and L4 600,000 stay (72.7 %), L2 100,000 → special
 * mention (4.55 %), L6 500,000 exited (22.7 %). Special mention: L3 → substandard (100 %).
 * Substandard: L5 → doubtful (100 %). Doubtful and loss: no balance at the start.
 */
const MATRIX = [
  ['72.7%', '4.55%', '0.00%', '0.00%', '0.00%', '22.7%'],
  ['0.00%', '0.00%', '100.0%', '0.00%', '0.00%', '0.00%'],
  ['0.00%', '0.00%', '0.00%', '100.0%', '0.00%', '0.00%'],
  ['—', '—', '—', '—', '—', '—'],
  ['—', '—', '—', '—', '—', '—'],
].flat();

const HEADERS = {
  'zh-CN': ['正常', '关注', '次级', '可疑', '损失', '结清/退出'],
  en: ['Pass', 'Special mention', 'Substandard', 'Doubtful', 'Loss', 'Exited'],
};

describe('<strata-npl view="migration"> on a desktop and a phone', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));

  const shadow = (element: HTMLElement) => element.shadowRoot!;
  /** A text as printed: its lines, without its title (the full name on hover). */
  const printed = (text: Element) => [...text.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' ');

  // The demo's dashboard: half of a 1440 px page's main column; a 390 px phone's full width (the page's margins out).
  for (const [screen, column] of [
    [1440, 430],
    [390, 358],
  ] as const) {
    for (const lang of ['zh-CN', 'en'] as const) {
      it(`${lang}, ${screen} px: every cell prints its share, headers whole, no text under 11 px, the page no wider than the screen`, async () => {
        await setViewport({ width: screen, height: 900 });
        const element = document.createElement('strata-npl') as StrataNpl;
        element.setAttribute('view', 'migration');
        element.setAttribute('lang', lang);
        element.strata = strata;
        mount(element, column);
        const svg = () => shadow(element).querySelector<SVGSVGElement>('svg.chart-svg')!;
        // A cached result can draw before the element knows its width: wait for the full-width draw.
        await until(() => marks(element).length === 30 && Number(svg()?.getAttribute('width')) >= column - 26, 'the matrix at full width');

        // Every cell prints its share (100.0 % as 100 % where the cells are narrow).
        const texts = marks(element).map((m) => m.querySelector('text')?.textContent ?? '');
        expect(texts.map((t) => (t === '100%' ? '100.0%' : t))).to.deep.equal(MATRIX);
        // Column labels whole: wrapped at spaces or turned, never hyphenated inside a word.
        const headers = [...svg().querySelectorAll('.labels text.col')];
        const words = (text: string) => text.replace(/\s/g, '');
        expect(headers.map((h) => words(printed(h)))).to.deep.equal(HEADERS[lang].map(words));
        expect(headers.filter((h) => h.querySelector('title') || printed(h).includes('-'))).to.have.length(0);
        // No text rendered under 11 px: the matrix is never scaled down to the width.
        const scale = svg().getBoundingClientRect().width / svg().viewBox.baseVal.width;
        expect(scale).to.equal(1);
        const sizes = [...svg().querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        expect(Math.min(...sizes)).to.be.at.least(11);
        // The page keeps the screen's width; a matrix wider than the view scrolls inside it.
        expect(document.documentElement.scrollWidth).to.be.at.most(screen);
        expect(element.getBoundingClientRect().right).to.be.at.most(screen);
        const chart = shadow(element).querySelector<HTMLElement>('.chart')!;
        const edge = (side: '::before' | '::after') => getComputedStyle(chart, side).opacity;
        // The dashboard's half column holds the whole matrix; a phone's does not.
        expect(chart.scrollWidth > chart.clientWidth).to.equal(screen === 390);
        if (screen === 390) {
          // The cue: a shadow on the edge where columns are out of view, the other edge clear.
          await until(() => edge('::after') === '1' && edge('::before') === '0', () => `edges at the start: ${edge('::before')} ${edge('::after')}`);
          await executeServerCommand('strata-screenshot', { name: `migration-${screen}-${lang}.png` });
          chart.scrollLeft = chart.scrollWidth;
          await until(() => edge('::after') === '0' && edge('::before') === '1', () => `edges at the end: ${edge('::before')} ${edge('::after')}`);
          await executeServerCommand('strata-screenshot', { name: `migration-${screen}-${lang}-scrolled.png` });
        } else {
          expect(edge('::after')).to.equal('0');
          await executeServerCommand('strata-screenshot', { name: `migration-${screen}-${lang}.png` });
        }
        expect(await axeViolations(element)).to.deep.equal([]);
        element.theme = 'dark';
        await until(() => element.dataset.theme === 'dark', 'dark');
        await executeServerCommand('strata-screenshot', { name: `migration-${screen}-${lang}-dark.png` });
        await setViewport({ width: 800, height: 600 });
      });
    }
  }
});

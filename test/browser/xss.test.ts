/// <reference types="mocha" />
/**
 * The default dashboard (a `<strata-dashboard>` with no children) on a bank whose every text
 * column holds an XSS payload or a spreadsheet formula: branch, manager, customer and campaign
 * names, every id, industries, lost reasons, grids, and the codes' spellings through a mapping.
 * Without a CSP and under the strict one of the README (plus `img-src blob:`, which PNG export
 * needs), each in a frame of its own so that the policy holds from the page's first byte. No
 * payload runs (a function each would call, `securitypolicyviolation`, error events, requests
 * for the URLs they name), no element is injected in any shadow root (each tag is one the views
 * render for a plain bank, no `on…` attribute, no payload in an attribute that is not text), the
 * text is shown as text, and the exports carry it inert: CSV cells never start a formula, the SVG
 * parses back to the same elements and text, the PNG is an image.
 */
import { expect } from 'chai';
import { createBrowserEngine, Strata } from '@strata/sdk/browser';
import type { StrataDashboard, StrataView } from '@strata/widgets';
import { smallBank, smallBankWithFollowUps } from '../fixtures/small.ts';
import { assets, until } from '../helpers/browser.ts';
import { FORMULAS, hostileBank, XSS_PAYLOADS } from '../helpers/hostile-strings.ts';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' blob:";
const PAYLOADS = [...XSS_PAYLOADS, ...FORMULAS];
/** Name spaces whose values must stay distinct (ids), besides the spellings of codes (`table.column`). */
const IDS = new Set(['branch', 'manager', 'customer', 'loan', 'lead', 'campaign']);
/** Attributes whose value is text to read (a payload there is inert). */
const TEXT_ATTRIBUTE = /^(aria-.*|title|alt|label|value|placeholder|data-.*)$/;

/** Every payload in turn; ids and code spellings numbered, so that each stays one of its kind. */
const bank = hostileBank(smallBankWithFollowUps, (space, i) => {
  const payload = PAYLOADS[i % PAYLOADS.length]!;
  return IDS.has(space) || space.includes('.') ? `${payload}#${i}` : payload;
});

type View = StrataView<unknown> & { toFullCsv?: () => Promise<string> };

interface Frame {
  window: Window & typeof globalThis;
  dashboard: StrataDashboard;
  /** Payloads that ran (their numbers), CSP violations, error events. */
  ran: number[];
  violations: string[];
  errors: string[];
}

/** A frame with the widgets (and the policy, if given) of its own, watched from its start. */
async function openFrame(csp: string | null): Promise<Frame> {
  const element = document.createElement('iframe');
  element.style.cssText = 'position: absolute; top: 0; left: 0; width: 1280px; height: 3000px; border: 0';
  element.dataset.xss = '';
  const policy = csp ? `<meta http-equiv="Content-Security-Policy" content="${csp}">` : '';
  element.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">${policy}<script type="module" src="/packages/widgets/src/index.ts"></script></head><body></body></html>`;
  const loaded = new Promise((resolve) => element.addEventListener('load', resolve, { once: true }));
  document.body.append(element);
  await loaded;
  const win = element.contentWindow as Window & typeof globalThis;
  const frame: Frame = { window: win, dashboard: undefined as unknown as StrataDashboard, ran: [], violations: [], errors: [] };
  (win as unknown as { __xss: (n: number) => void }).__xss = (n) => frame.ran.push(n);
  win.document.addEventListener('securitypolicyviolation', (e) => frame.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  // Capturing: an injected image's or script's load error does not bubble.
  win.addEventListener('error', (e: Event) => frame.errors.push(e instanceof win.ErrorEvent ? e.message : `${(e.target as Element | null)?.localName} failed to load`), true);
  win.addEventListener('unhandledrejection', (e) => frame.errors.push(`unhandled rejection: ${String(e.reason)}`));
  await win.customElements.whenDefined('strata-dashboard');
  const dashboard = win.document.createElement('strata-dashboard') as StrataDashboard;
  dashboard.setAttribute('lang', 'en');
  const box = win.document.createElement('div');
  box.style.width = '1240px';
  box.append(dashboard);
  win.document.body.append(box);
  frame.dashboard = dashboard;
  return frame;
}

const views = (dashboard: StrataDashboard) => [...(dashboard.shadowRoot?.querySelectorAll('.layout > *') ?? [])] as View[];

/** Every view defined, rendered and not loading (the default layout has nine). */
function settled(dashboard: StrataDashboard): boolean {
  const all = views(dashboard);
  return all.length === 9 && all.every((v) => v.shadowRoot && !v.shadowRoot.querySelector('.skeleton, [aria-busy="true"]'));
}

/** Every element under `root`, and in every shadow root inside it. */
function allElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].flatMap((e) => [e, ...(e.shadowRoot ? allElements(e.shadowRoot) : [])]);
}

/** What a user does to make a view show more of its text: a selection, another campaign, every data table open. */
async function exercise(frame: Frame): Promise<void> {
  const { dashboard, window: win } = frame;
  await until(() => settled(dashboard), 'every view to render', 45_000);
  const attainment = views(dashboard).find((v) => v.id === 'attainment')!;
  const mark = await until(() => attainment.shadowRoot!.querySelector('svg.chart-svg .mark[role="button"]'), 'an attainment bar');
  mark.dispatchEvent(new win.MouseEvent('click', { bubbles: true, detail: 1 }));
  const filters = views(dashboard).find((v) => v.id === 'filters')!;
  const campaign = await until(() => filters.shadowRoot!.querySelector<HTMLSelectElement>('select.campaign option:nth-child(2)'), 'the campaign picker');
  const select = campaign.parentElement as HTMLSelectElement;
  select.value = campaign.value;
  select.dispatchEvent(new win.Event('change', { bubbles: true }));
  await until(() => settled(dashboard) && dashboard.campaign === campaign.value, 'the views to follow the selection and the campaign', 45_000);
  for (const view of views(dashboard)) {
    const details = view.shadowRoot!.querySelector('details');
    if (details) details.open = true;
  }
  await until(() => views(dashboard).every((v) => !v.shadowRoot!.querySelector('details') || v.shadowRoot!.querySelector('details table')), 'every data table', 15_000);
}

/** A CSV text's cells (RFC 4180, after its BOM). */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (s[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',' || (c === '\r' && s[i + 1] === '\n')) {
      cells.push(field);
      field = '';
      if (c === '\r') i++;
    } else field += c;
  }
  return field === '' ? cells : [...cells, field];
}

/** The PNG a view's export downloads (its download intercepted: the blob handed to the link). */
async function exportedPng(win: Frame['window'], view: View): Promise<Blob | undefined> {
  const blobs: Blob[] = [];
  const { createObjectURL } = win.URL;
  const { click } = win.HTMLAnchorElement.prototype;
  win.URL.createObjectURL = (blob: Blob) => (blobs.push(blob), createObjectURL.call(win.URL, blob));
  win.HTMLAnchorElement.prototype.click = () => undefined;
  try {
    await view.exportPng();
  } finally {
    win.URL.createObjectURL = createObjectURL;
    win.HTMLAnchorElement.prototype.click = click;
  }
  return blobs.find((b) => b.type === 'image/png');
}

for (const csp of [null, CSP]) {
  describe(`XSS payloads in every text column of the default dashboard, ${csp ? 'under the strict CSP' : 'without a CSP'}`, () => {
    let strata: Strata;
    let frame: Frame;
    /** The tags the dashboard renders for the plain small bank. */
    let plainTags: Set<string>;

    before(async () => {
      strata = await Strata.open({ engine: await createBrowserEngine(assets) });
      frame = await openFrame(csp);
      // A payload in a frame of its own calls the page's.
      (window as unknown as { __xss: (n: number) => void }).__xss = (n) => frame.ran.push(n);
      frame.dashboard.strata = strata;
      await frame.dashboard.load(smallBank);
      await exercise(frame);
      plainTags = new Set(allElements(frame.window.document.body).map((e) => e.localName));
      strata.filters.clear();
      frame.dashboard.campaign = undefined;
      await frame.dashboard.load(bank.files, { mapping: bank.mapping, replace: 'all' });
      await exercise(frame);
    });

    after(async () => {
      document.querySelector('iframe[data-xss]')?.remove();
      await strata?.close();
    });

    it('loads the payloads as they are, and every view shows its figures (no error state)', async () => {
      const names = (await strata.rows({ table: 'customers', offset: 0, limit: 100, unfiltered: true })).map((r) => r.customer_name);
      expect(names.sort()).to.deep.equal(bank.stored.customers.map((c) => c.name).sort());
      for (const view of views(frame.dashboard)) expect(view.shadowRoot!.querySelector('[role="alert"]'), view.id).to.equal(null);
    });

    it('injects no element and no handler in any shadow root; attributes carry payloads only as text', () => {
      const elements = allElements(frame.window.document.body);
      expect(elements.filter((e) => e.shadowRoot).length, 'shadow roots walked').to.be.greaterThan(9);
      // A name cut to fit gets its whole text in an SVG <title> where no tooltip shows it (the funnel's
      // lists): a plain bank's short names are never cut. Such a title holds the payload as text only.
      const titles = elements.filter((e) => e.localName === 'title');
      expect(titles.filter((e) => e.childElementCount > 0).map((e) => e.outerHTML), 'titles holding elements').to.deep.equal([]);
      const newTags = [...new Set(elements.map((e) => e.localName))].filter((tag) => !plainTags.has(tag) && tag !== 'title');
      expect(newTags, 'tags a plain bank does not render').to.deep.equal([]);
      const attributes = elements.flatMap((e) => [...e.attributes].map((a) => ({ tag: e.localName, name: a.name, value: a.value })));
      expect(attributes.filter((a) => a.name.startsWith('on')), 'event handler attributes').to.deep.equal([]);
      expect(attributes.filter((a) => !TEXT_ATTRIBUTE.test(a.name) && /xss|javascript:/i.test(a.value)), 'payloads in attributes that are not text').to.deep.equal([]);
    });

    it('shows the payloads as text', () => {
      const text = allElements(frame.window.document.body)
        .map((e) => [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''))
        .join('\n');
      const shown = XSS_PAYLOADS.filter((p) => text.includes(p));
      // Names cut in a chart are whole in its tooltip, shown on hover or focus only (no <title> any
      // more): at rest, the payloads short enough to print whole in charts, chips and tables.
      expect(shown.length, `payloads shown verbatim: ${shown.join(' ')}`).to.be.greaterThan(3);
    });

    it("exports CSV whose cells never start a formula (=, +, -, @, tab, CR), the data's own neutralised", async () => {
      const texts: [string, string][] = [];
      for (const view of views(frame.dashboard)) {
        const csv = await view.toCsv?.();
        if (csv) texts.push([view.id, csv]);
        if (view.toFullCsv) texts.push([`${view.id} (every row)`, await view.toFullCsv()]);
      }
      expect(texts.length).to.be.greaterThan(6);
      const risky = /^[=+\-@\t\r]/;
      for (const [id, csv] of texts) {
        const formulas = csvCells(csv).filter((cell) => risky.test(cell) && !Number.isFinite(Number(cell)));
        expect(formulas, `${id}: cells that start a formula`).to.deep.equal([]);
      }
      const neutralised = texts.flatMap(([, csv]) => csvCells(csv)).filter((cell) => /^'[=+\-@\t\r]/.test(cell));
      expect(neutralised.length, 'formulas from the data, neutralised').to.be.greaterThan(0);
    });

    it('exports SVG that parses back to the same elements and text, with nothing executable', async () => {
      let charts = 0;
      for (const view of views(frame.dashboard)) {
        const live = view.shadowRoot!.querySelector('svg.chart-svg');
        const text = await view.toSvg?.();
        if (!live || !text) continue;
        charts++;
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        expect(doc.querySelector('parsererror'), `${view.id}: parses`).to.equal(null);
        const parsed = [doc.documentElement, ...doc.documentElement.querySelectorAll('*')];
        // The picture holds the chart's own SVG whole, under the title, scope, filters and source.
        const chart = doc.documentElement.querySelector(':scope > svg')!;
        expect([chart, ...chart.querySelectorAll('*')].map((e) => e.localName), `${view.id}: elements`).to.deep.equal([live, ...live.querySelectorAll('*')].map((e) => e.localName));
        expect(chart.textContent, `${view.id}: text`).to.equal(live.textContent);
        const executable = parsed.filter(
          (e) =>
            ['script', 'foreignObject', 'iframe', 'a'].includes(e.localName) ||
            [...e.attributes].some((a) => a.name.startsWith('on') || (!TEXT_ATTRIBUTE.test(a.name) && /javascript:/i.test(a.value))),
        );
        expect(executable.map((e) => e.outerHTML.slice(0, 200)), `${view.id}: executable parts`).to.deep.equal([]);
      }
      expect(charts).to.be.greaterThan(4);
    });

    it('exports PNG images of every chart', async () => {
      let images = 0;
      for (const view of views(frame.dashboard)) {
        if (!view.shadowRoot!.querySelector('svg.chart-svg')) continue;
        const png = await exportedPng(frame.window, view);
        expect(png?.type, `${view.id}: PNG`).to.equal('image/png');
        expect((await createImageBitmap(png!)).width, `${view.id}: an image`).to.be.greaterThan(0);
        images++;
      }
      expect(images).to.be.greaterThan(4);
    });

    // Last: every render, interaction and export above had its chance to run a payload.
    it('runs no payload: no call, no CSP violation, no error, no request for a URL a payload names', () => {
      expect(frame.ran, 'payloads that ran').to.deep.equal([]);
      expect(frame.violations, 'CSP violations').to.deep.equal([]);
      expect(frame.errors, 'errors').to.deep.equal([]);
      const requested = [...frame.window.performance.getEntriesByType('resource'), ...performance.getEntriesByType('resource')].map((e) => e.name);
      expect(requested.filter((url) => /\/xss-/i.test(new URL(url).pathname)), 'requests a payload made').to.deep.equal([]);
    });

    it('watches what it says: markup written as HTML on purpose runs, or is blocked and reported by the CSP', async () => {
      const scratch = frame.window.document.createElement('div');
      frame.window.document.body.append(scratch);
      scratch.innerHTML = '<img src="" onerror="__xss(0)">';
      await until(() => (csp ? frame.violations.length > 0 : frame.ran.includes(0)), csp ? 'the violation report' : 'the control payload to run');
      scratch.remove();
    });
  });
}

/**
 * The plain HTML host: the markup is in index.html (one `<strata-dashboard>` tag and a
 * `<strata-import for="dashboard">` for the user's own files); this script registers the
 * elements, points the engine at the page's own assets and wires the portal's controls with
 * nothing but the DOM.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import {
  applyPortalStyles,
  BRANCH_DATASETS,
  branchLabel,
  customersTitle,
  drillOf,
  initialBranch,
  initialLang,
  labelThemeSwitch,
  manifestUrl,
  selectionText,
  SidePanel,
  t,
  wireThemeSwitch,
  type Lang,
  type PanelSnapshot,
} from './core.ts';

applyPortalStyles();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const dashboard = $<StrataDashboard>('dashboard');
const branchSelect = $<HTMLSelectElement>('branch');
const langSelect = $<HTMLSelectElement>('lang');
const status = $<HTMLDivElement>('status');

let lang: Lang = initialLang();
let shown: PanelSnapshot = { selection: [], customers: null };
const panel = new SidePanel((snapshot) => {
  shown = snapshot;
  renderPanel();
});
dashboard.theme = wireThemeSwitch((theme) => (dashboard.theme = theme));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node: HTMLElementTagNameMap[K] = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function renderStatic(): void {
  document.documentElement.lang = lang;
  langSelect.value = lang;
  dashboard.setAttribute('lang', lang);
  const current = branchSelect.value || initialBranch().code;
  branchSelect.replaceChildren(...BRANCH_DATASETS.map((b) => el('option', { value: b.code, textContent: branchLabel(lang, b) })));
  branchSelect.value = current;
  labelThemeSwitch(lang);
  $('branch-label').textContent = t(lang, 'branch');
  $('selection-title').textContent = t(lang, 'selection');
  $('drill-title').textContent = t(lang, 'drill');
  if (!document.getElementById('drill-id')) $('drill').textContent = t(lang, 'drillNone');
  void panel.refresh(dashboard, lang);
}

// ─── branch switcher ───

function showBranch(code: string): void {
  status.textContent = t(lang, 'loading');
  dashboard.src = manifestUrl(code);
}

branchSelect.addEventListener('change', () => showBranch(branchSelect.value));
langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'en' ? 'en' : 'zh-CN';
  renderStatic();
});

// ─── the host-side panel: the dashboard's selection by name, and the customers behind it ───

function renderPanel(): void {
  const list = $<HTMLUListElement>('selection-list');
  list.replaceChildren(
    ...(shown.selection.length === 0
      ? [el('li', { className: 'muted', textContent: t(lang, 'selectionNone') })]
      : shown.selection.map((item) => el('li', { className: 'selected-value', textContent: selectionText(lang, item) }))),
  );
  const title = $('customers-title');
  title.hidden = !shown.customers;
  title.textContent = shown.customers ? customersTitle(lang, shown.customers) : '';
  $('customers-list').replaceChildren(...(shown.customers?.items ?? []).map((c) => el('li', {}, el('code', { textContent: c.shownId }), ` ${c.name}`)));
}

// Every change of what the dashboard shows: a selection, the filter state (chips, code), a load.
dashboard.addEventListener('strata-select', (event) => {
  panel.select(event.detail, lang);
  void panel.refresh(dashboard, lang);
});
dashboard.addEventListener('strata-filter-change', () => void panel.refresh(dashboard, lang));
dashboard.addEventListener('strata-drill', (event) => {
  const id = drillOf(event.detail);
  if (!id) return;
  $('drill').replaceChildren(el('code', { id: 'drill-id', textContent: id }), ' ', el('a', { href: `#crm/${encodeURIComponent(id)}`, textContent: t(lang, 'openCrm') }));
});
dashboard.addEventListener('strata-load', () => {
  if (status.textContent === t(lang, 'loading')) status.textContent = '';
  document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
  void panel.refresh(dashboard, lang);
});
dashboard.addEventListener('strata-error', (event) => {
  // The dashboard's own load of `src` (the views' query errors show in the views).
  if (event.detail.source === dashboard.id) status.textContent = event.detail.error.message.split('\n')[0] ?? '';
});

renderStatic();
showBranch(initialBranch().code);

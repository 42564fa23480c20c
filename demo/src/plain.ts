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
  drillOf,
  formatValue,
  initialBranch,
  initialLang,
  manifestUrl,
  selectedCustomers,
  selectionOf,
  t,
  type Lang,
  type SelectionView,
} from './core.ts';

applyPortalStyles();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const dashboard = $<StrataDashboard>('dashboard');
const branchSelect = $<HTMLSelectElement>('branch');
const langSelect = $<HTMLSelectElement>('lang');
const status = $<HTMLDivElement>('status');

let lang: Lang = initialLang();
let selection: SelectionView | null = null;

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
  renderSelection();
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

// ─── the host-side panel: what the user selected, and the customers behind it ───

function renderSelection(): void {
  const list = $<HTMLUListElement>('selection-list');
  if (!selection) {
    list.replaceChildren(el('li', { className: 'muted', textContent: t(lang, 'selectionNone') }));
    return;
  }
  list.replaceChildren(
    selection.values.length === 0
      ? el('li', { textContent: t(lang, 'selectionCleared', { field: selection.field }) })
      : el('li', {}, el('code', { textContent: selection.field }), ` (${selection.source})`),
    ...selection.values.map((v) => el('li', { className: 'selected-value', textContent: formatValue(v) })),
  );
}

let customersRequest = 0;
async function renderCustomers(): Promise<void> {
  const request = ++customersRequest;
  const { total, items } = await selectedCustomers(dashboard);
  if (request !== customersRequest) return;
  const title = $('customers-title');
  title.hidden = false;
  title.textContent = t(lang, 'customers', { n: items.length, total: total.toLocaleString(lang) });
  $('customers-list').replaceChildren(...items.map((c) => el('li', {}, el('code', { textContent: c.id }), ` ${c.name}`)));
}

dashboard.addEventListener('strata-select', (event) => {
  selection = selectionOf(event.detail);
  renderSelection();
  void renderCustomers();
});
dashboard.addEventListener('strata-drill', (event) => {
  const id = drillOf(event.detail);
  if (!id) return;
  $('drill').replaceChildren(el('code', { id: 'drill-id', textContent: id }), ' ', el('a', { href: `#crm/${encodeURIComponent(id)}`, textContent: t(lang, 'openCrm') }));
});
dashboard.addEventListener('strata-load', () => {
  if (status.textContent === t(lang, 'loading')) status.textContent = '';
  document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
});
dashboard.addEventListener('strata-error', (event) => {
  // The dashboard's own load of `src` (the views' query errors show in the views).
  if (event.detail.source === dashboard.id) status.textContent = event.detail.error.message.split('\n')[0] ?? '';
});

renderStatic();
showBranch(initialBranch().code);

/**
 * Two dashboards, one database. A loads the branch (its `src`); B gets a Strata of its own opened
 * on the page's shared engine (`Strata.open()` from '@strata/sdk/browser'), so both read the same
 * DuckDB tables while each keeps its own FilterState. The checkbox gives B A's Strata instead,
 * and with it A's filter state.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import { Strata } from '@strata/sdk/browser';
import type { StrataDashboard, StrataView } from '@strata/widgets';
import { applyPortalStyles, BRANCH_DATASETS, branchLabel, initialBranch, initialLang, manifestUrl, type Lang } from './core.ts';

applyPortalStyles();

const a = document.getElementById('dash-a') as StrataDashboard;
const b = document.getElementById('dash-b') as StrataDashboard;
const branchSelect = document.getElementById('branch') as HTMLSelectElement;
const langSelect = document.getElementById('lang') as HTMLSelectElement;
const link = document.getElementById('link-filters') as HTMLInputElement;
const note = document.getElementById('engine-note')!;
const log = document.getElementById('event-log')!;

let lang: Lang = initialLang();
let ownB: Strata | undefined;

function setLang(value: Lang): void {
  lang = value;
  document.documentElement.lang = value;
  langSelect.value = value;
  a.setAttribute('lang', value);
  b.setAttribute('lang', value);
  const current = branchSelect.value || initialBranch().code;
  branchSelect.replaceChildren(...BRANCH_DATASETS.map((d) => Object.assign(document.createElement('option'), { value: d.code, textContent: branchLabel(lang, d) })));
  branchSelect.value = current;
}

function record(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString(lang)} ${text}`;
  log.prepend(item);
  while (log.children.length > 40) log.lastElementChild?.remove();
}

function describeEngines(): void {
  const shared = a.database && b.database ? a.database.engine === b.database.engine : false;
  const sameFilters = a.database && b.database ? a.database.filters === b.database.filters : false;
  note.dataset.sharedEngine = String(shared);
  note.dataset.sharedFilters = String(sameFilters);
  note.textContent = lang === 'en'
    ? `one engine: ${shared ? 'yes' : 'no'} · filter states: ${sameFilters ? 'one (linked)' : 'two (separate)'}`
    : `同一引擎：${shared ? '是' : '否'} · 筛选状态：${sameFilters ? '共用一个' : '各自独立'}`;
}

/** B's views re-query (a load through A replaced the tables B reads too). */
function refreshB(): void {
  for (const view of b.querySelectorAll<StrataView<unknown>>('strata-funnel, strata-attainment')) view.refresh();
}

a.addEventListener('strata-load', async (event) => {
  record(`A strata-load: ${Object.entries(event.detail.report.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (!ownB) {
    ownB = await Strata.open();
    b.strata = link.checked ? a.database : ownB;
  } else {
    refreshB();
  }
  describeEngines();
  document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
});

for (const [name, dashboard] of [['A', a], ['B', b]] as const) {
  dashboard.addEventListener('strata-select', (event) => {
    const { field, values, source } = event.detail;
    record(`${name} strata-select ${source}: ${field} = ${values.length ? values.join(', ') : '∅'}`);
  });
  dashboard.addEventListener('strata-filter-change', (event) => {
    record(`${name} strata-filter-change: ${event.detail.clauses.map((c) => `${c.field}=${c.values.join('|')}`).join('; ') || '∅'}`);
  });
}

link.addEventListener('change', () => {
  if (!ownB || !a.database) return;
  // Clear the selections of the filter state B leaves, so that no hidden clause stays behind.
  (link.checked ? ownB : a.database).filters.clear();
  b.strata = link.checked ? a.database : ownB;
  describeEngines();
});

branchSelect.addEventListener('change', () => (a.src = manifestUrl(branchSelect.value)));
langSelect.addEventListener('change', () => {
  setLang(langSelect.value === 'en' ? 'en' : 'zh-CN');
  describeEngines();
});

setLang(lang);
a.src = manifestUrl(initialBranch().code);

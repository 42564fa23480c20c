/**
 * Two dashboards, two branches, one engine. Each `<strata-dashboard>` has its own `src` and opens a
 * Strata of its own (`Strata.open()` from '@strata/sdk/browser'): its own tables and filter state,
 * on the page's one duckdb-wasm worker. "Show A's data in B" gives B A's Strata instead
 * (`b.strata = a.database`), and with it A's filter state; unticked, B goes back to its own.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { BrowserEngine, Strata } from '@strata/sdk/browser';
import type { StrataDashboard, StrataView } from '@strata/widgets';
import { applyPortalStyles, BRANCH_DATASETS, branchLabel, initialBranch, initialLang, labelThemeSwitch, manifestUrl, wireThemeSwitch, type Lang, type Theme } from './core.ts';

applyPortalStyles();

const a = document.getElementById('dash-a') as StrataDashboard;
const b = document.getElementById('dash-b') as StrataDashboard;
const branchA = document.getElementById('branch-a') as HTMLSelectElement;
const branchB = document.getElementById('branch-b') as HTMLSelectElement;
const showAInB = document.getElementById('show-a-in-b') as HTMLInputElement;
const langSelect = document.getElementById('lang') as HTMLSelectElement;
const note = document.getElementById('engine-note')!;
const log = document.getElementById('event-log')!;

/** The page's own texts; `…` in backticks is shown as code. */
const TEXT = {
  lead: [
    '页面上有两个 `<strata-dashboard>`，各有自己的 `src`：A 显示一家分行的数据，B 显示另一家。每个仪表盘打开自己的 Strata，数据表和筛选状态都是自己的；两者共用页面上唯一的引擎（一个 Web Worker，DuckDB 的 wasm 只下载一次）。勾选“B 显示 A 的数据”后，B 改用 A 的 Strata（`b.strata = a.database`），显示 A 的数据，也与 A 共用筛选状态。',
    'Two `<strata-dashboard>` elements, each with its own `src`: A shows one branch’s data, B another’s. Each dashboard opens a Strata of its own, so its tables and filter state are its own; both run on the page’s one engine (one Web Worker; DuckDB’s wasm is downloaded once). Tick “Show A’s data in B” and B uses A’s Strata instead (`b.strata = a.database`): it shows A’s data and shares A’s filter state.',
  ],
  branchA: ['仪表盘 A 的机构', 'Dashboard A’s branch'],
  branchB: ['仪表盘 B 的机构', 'Dashboard B’s branch'],
  showAInB: ['B 显示 A 的数据（共用 A 的 Strata 和筛选状态）', 'Show A’s data in B (A’s Strata and filter state)'],
  titleA: ['仪表盘 A：{branch}', 'Dashboard A: {branch}'],
  titleB: ['仪表盘 B：{branch}', 'Dashboard B: {branch}'],
  titleBShared: ['仪表盘 B：{branch}（A 的数据）', 'Dashboard B: {branch} (A’s data)'],
  note: ['引擎：{workers} · 数据：{data} · 筛选状态：{filters}', 'engine: {workers} · data: {data} · filter states: {filters}'],
  oneWorker: ['一个 Worker', 'one worker'],
  twoWorkers: ['两个 Worker', 'two workers'],
  ownData: ['各自的', 'each its own'],
  aData: ['B 显示 A 的', 'B shows A’s'],
  twoStates: ['各自独立', 'two (separate)'],
  oneState: ['共用一个', 'one (shared)'],
} as const;

let lang: Lang = initialLang();
/** B's own Strata (the one it opened for its `src`), kept while B shows A's. */
let ownB: Strata | undefined;

function say(key: keyof typeof TEXT, values: Record<string, string> = {}): string {
  const text = TEXT[key][lang === 'en' ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** Text with its backticked parts as `<code>`. */
function withCode(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? Object.assign(document.createElement('code'), { textContent: part }) : document.createTextNode(part)));
}

function branchName(code: string): string {
  const dataset = BRANCH_DATASETS.find((d) => d.code === code);
  return dataset ? branchLabel(lang, dataset) : code;
}

function setText(id: string, text: string): void {
  document.getElementById(id)!.textContent = text;
}

function render(): void {
  document.getElementById('lead')!.replaceChildren(...withCode(say('lead')));
  setText('branch-a-label', say('branchA'));
  setText('branch-b-label', say('branchB'));
  setText('show-a-in-b-label', say('showAInB'));
  setText('a-title', say('titleA', { branch: branchName(branchA.value) }));
  setText('b-title', showAInB.checked ? say('titleBShared', { branch: branchName(branchA.value) }) : say('titleB', { branch: branchName(branchB.value) }));
  const worker = (strata: Strata | undefined) => (strata?.engine as Partial<BrowserEngine> | undefined)?.duckdb;
  const oneWorker = worker(a.database) !== undefined && worker(a.database) === worker(b.database);
  const sameData = a.database !== undefined && a.database === b.database;
  const sameFilters = a.database !== undefined && a.database.filters === b.database?.filters;
  note.dataset.oneWorker = String(oneWorker);
  note.dataset.sharedData = String(sameData);
  note.dataset.sharedFilters = String(sameFilters);
  note.textContent = say('note', {
    workers: say(oneWorker ? 'oneWorker' : 'twoWorkers'),
    data: say(sameData ? 'aData' : 'ownData'),
    filters: say(sameFilters ? 'oneState' : 'twoStates'),
  });
}

function setTheme(theme: Theme): void {
  a.theme = theme;
  b.theme = theme;
}

function setLang(value: Lang): void {
  lang = value;
  document.documentElement.lang = value;
  labelThemeSwitch(value);
  langSelect.value = value;
  a.setAttribute('lang', value);
  b.setAttribute('lang', value);
  for (const select of [branchA, branchB]) {
    const current = select.value;
    select.replaceChildren(...BRANCH_DATASETS.map((d) => Object.assign(document.createElement('option'), { value: d.code, textContent: branchLabel(lang, d) })));
    select.value = current;
  }
  render();
}

function record(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString(lang)} ${text}`;
  log.prepend(item);
  while (log.children.length > 40) log.lastElementChild?.remove();
}

for (const [name, dashboard] of [['A', a], ['B', b]] as const) {
  dashboard.addEventListener('strata-load', (event) => {
    record(`${name} strata-load: ${Object.entries(event.detail.report.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    // B showing A's data re-queries when A's tables change: the load re-rendered A's views only.
    if (dashboard === a && showAInB.checked) {
      for (const view of b.querySelectorAll<StrataView<unknown>>('strata-kpis, strata-funnel, strata-attainment')) view.refresh();
    }
    showAInB.disabled = !(a.database && b.database);
    render();
    document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
  });
  dashboard.addEventListener('strata-select', (event) => {
    const { field, values, source, labels } = event.detail;
    // The names the view showed, beside the codes (a widgets build without them: the codes alone).
    const names = labels?.length ? ` (${labels.join(', ')})` : '';
    record(`${name} strata-select ${source}: ${field} = ${values.length ? values.join(', ') : '∅'}${names}`);
  });
  dashboard.addEventListener('strata-filter-change', (event) => {
    record(`${name} strata-filter-change: ${event.detail.clauses.map((c) => `${c.field}=${c.values.join('|')}`).join('; ') || '∅'}`);
  });
}

showAInB.addEventListener('change', () => {
  if (!a.database) return;
  if (showAInB.checked) {
    ownB = b.database;
    b.strata = a.database;
  } else {
    // B's selections leave A's filter state with B's views: no clause A does not show stays behind.
    for (const view of b.querySelectorAll('[id]')) a.database.filters.remove(view.id);
    b.strata = ownB;
  }
  branchB.disabled = showAInB.checked;
  render();
});

branchA.addEventListener('change', () => {
  a.src = manifestUrl(branchA.value);
  render();
});
branchB.addEventListener('change', () => {
  b.src = manifestUrl(branchB.value);
  render();
});
langSelect.addEventListener('change', () => setLang(langSelect.value === 'en' ? 'en' : 'zh-CN'));

setTheme(wireThemeSwitch(setTheme));
setLang(lang);
const first = initialBranch();
branchA.value = first.code;
branchB.value = (BRANCH_DATASETS.find((d) => d.code !== first.code) ?? first).code;
render();
a.src = manifestUrl(branchA.value);
b.src = manifestUrl(branchB.value);

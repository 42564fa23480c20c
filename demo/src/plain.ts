/**
 * The plain HTML host: the markup is in index.html (one `<strata-dashboard>` tag); this script
 * registers the elements, points the engine at the page's own assets and wires the portal's
 * controls with nothing but the DOM.
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import {
  applyPortalStyles,
  BRANCH_DATASETS,
  branchLabel,
  canonicalColumns,
  drillOf,
  formatValue,
  initialBranch,
  initialLang,
  loadFile,
  manifestUrl,
  outcomeText,
  problemCells,
  selectedCustomers,
  selectionOf,
  t,
  TABLE_NAMES,
  tableFromFileName,
  type DropOutcome,
  type Lang,
  type SelectionView,
  type TableName,
} from './core.ts';

applyPortalStyles();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const dashboard = $<StrataDashboard>('dashboard');
const branchSelect = $<HTMLSelectElement>('branch');
const langSelect = $<HTMLSelectElement>('lang');
const tableSelect = $<HTMLSelectElement>('table-select');
const fileInput = $<HTMLInputElement>('file-input');
const dropZone = $<HTMLDivElement>('drop-zone');
const status = $<HTMLDivElement>('status');
const problems = $<HTMLDivElement>('problems');
const dialog = $<HTMLDialogElement>('mapping-dialog');

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
  const table = tableSelect.value;
  tableSelect.replaceChildren(
    el('option', { value: '', textContent: t(lang, 'tableAuto') }),
    ...TABLE_NAMES.map((name) => el('option', { value: name, textContent: name })),
  );
  tableSelect.value = table;
  $('drop-text').textContent = t(lang, 'drop');
  renderSelection();
}

// ─── branch switcher ───

function showBranch(code: string): void {
  problems.hidden = true;
  problems.replaceChildren();
  status.textContent = t(lang, 'loading');
  dashboard.src = manifestUrl(code);
}

branchSelect.addEventListener('change', () => showBranch(branchSelect.value));
langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'en' ? 'en' : 'zh-CN';
  renderStatic();
});

// ─── dropped files ───

function showOutcome(outcome: DropOutcome): void {
  status.textContent = outcomeText(lang, outcome);
  problems.hidden = outcome.kind !== 'problems';
  if (outcome.kind !== 'problems') problems.replaceChildren();
  else {
    const head = el('tr', {}, ...(['colTable', 'colRow', 'colColumn', 'colExpected', 'colGot'] as const).map((k) => el('th', { scope: 'col', textContent: t(lang, k) })));
    const rows = outcome.problems.map((p) => el('tr', {}, ...problemCells(p).map((text) => el('td', { textContent: text }))));
    problems.replaceChildren(
      el('p', { textContent: outcomeText(lang, outcome) }),
      el('table', { className: 'problem-list' }, el('thead', {}, head), el('tbody', {}, ...rows)),
      ...(outcome.total > outcome.problems.length ? [el('p', { textContent: t(lang, 'more', { n: outcome.total - outcome.problems.length }) })] : []),
    );
  }
}

async function takeFile(file: File, columns?: Record<string, string>): Promise<void> {
  const table = (tableSelect.value || tableFromFileName(file.name) || 'loans') as TableName;
  status.textContent = t(lang, 'loading');
  const outcome = await loadFile(dashboard, file, table, columns);
  if (outcome.kind === 'mapping') askMapping(file, outcome);
  else showOutcome(outcome);
}

/** The mapping dialog: each missing canonical column ← one of the file's columns. */
function askMapping(file: File, outcome: Extract<DropOutcome, { kind: 'mapping' }>): void {
  status.textContent = outcomeText(lang, outcome);
  $('mapping-title').textContent = t(lang, 'mappingTitle', { file: outcome.file, table: outcome.table });
  $('mapping-help').textContent = t(lang, 'mappingHelp');
  const known = new Set(canonicalColumns(outcome.table).map((c) => c.name));
  const rows = outcome.missing
    .filter((name) => known.has(name))
    .map((name) => {
      const select = el(
        'select',
        { name, className: 'form-control form-control-sm', id: `map-${name}` },
        el('option', { value: '', textContent: t(lang, 'notInFile') }),
        ...outcome.columns.map((c) => el('option', { value: c, textContent: c })),
      );
      select.value = outcome.mapping[name] ?? '';
      return el('div', { className: 'row-map' }, el('label', { htmlFor: `map-${name}`, textContent: name }), select);
    });
  $('mapping-rows').replaceChildren(...rows);
  $('mapping-cancel').textContent = t(lang, 'cancel');
  $('mapping-apply').textContent = t(lang, 'apply');
  const form = $<HTMLFormElement>('mapping-form');
  form.onsubmit = (event) => {
    event.preventDefault();
    const columns: Record<string, string> = { ...outcome.mapping };
    for (const select of form.querySelectorAll('select')) if (select.value) columns[select.name] = select.value;
    dialog.close();
    void takeFile(file, columns);
  };
  $('mapping-cancel').onclick = () => {
    dialog.close();
    status.textContent = '';
  };
  dialog.showModal();
}

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file) void takeFile(file);
  fileInput.value = '';
});
dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('over');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) void takeFile(file);
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

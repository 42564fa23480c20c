/**
 * The marketing lists page: a `<strata-dashboard>` with a branch view (a click filters the list)
 * and a `<strata-list>`, a preset picker, and a log of the `strata-assign` events as the portal's
 * CRM would receive them (Strata writes nothing; the host records the assignment).
 */
import './portal.css';
import './engine.ts';
import '@strata/widgets';
import { LIST_PRESETS } from '@strata/sdk/browser';
import type { StrataAssignDetail, StrataDashboard } from '@strata/widgets';
import { applyPortalStyles, BRANCH_DATASETS, branchLabel, initialBranch, initialLang, labelThemeSwitch, manifestUrl, wireThemeSwitch, type Lang } from './core.ts';

applyPortalStyles();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const dashboard = $<StrataDashboard>('dashboard');
const list = $('list');
const branchSelect = $<HTMLSelectElement>('branch');
const presetSelect = $<HTMLSelectElement>('preset');
const langSelect = $<HTMLSelectElement>('lang');
const log = $<HTMLUListElement>('assign-log');

/** The page's own texts. */
const TEXT = {
  title: ['营销名单', 'Marketing lists'],
  lead: [
    '按预设条件生成的客户名单，每户附入选原因；点击机构图可筛选名单。勾选客户并选择客户经理后“分配”，由门户的 CRM 记录（Strata 不写入行内数据）。',
    'Lists of customers by preset, each with the reason it is on the list; a click on the branch chart filters the list. Tick customers, choose a manager and assign: the portal’s CRM records it (Strata writes no bank data).',
  ],
  branch: ['机构', 'Branch'],
  preset: ['名单', 'List'],
  logTitle: ['门户 CRM 收到的分配', 'Assignments the portal’s CRM received'],
  none: ['尚无分配。', 'No assignment yet.'],
  loading: ['正在加载数据…', 'Loading data…'],
} as const;

/** Each preset in the picker's words (the element names its list itself). */
const PRESET_NAMES: Record<string, readonly [string, string]> = {
  mortgage_without_consumer: ['按揭客户（无消费贷）', 'Mortgage, no consumer loan'],
  wealth_without_loan: ['优质存款理财客户（无贷款）', 'Wealth, no loan'],
  card_without_loan: ['信用卡客户（无贷款）', 'Card, no loan'],
  maturing: ['贷款90天内到期', 'Loans maturing in 90 days'],
  paid_off_good: ['资信良好的结清客户', 'Paid off in good standing'],
  no_loan: ['存量无贷户', 'Without a loan'],
  large_borrowers: ['大额信贷客户', 'Large borrowers'],
  payroll_unit: ['代发单位员工', 'Payroll-unit employees'],
  merchants: ['活跃收单商户', 'Active merchants'],
  overdue_leads: ['待跟进线索', 'Overdue leads'],
  handoff: ['需换手的客户', 'Due for a hand-off'],
  behind_cadence: ['未按频次跟进的客户', 'Behind visit cadence'],
};

let lang: Lang = initialLang();
const say = (key: keyof typeof TEXT) => TEXT[key][lang === 'en' ? 1 : 0];
dashboard.theme = wireThemeSwitch((theme) => (dashboard.theme = theme));

function option(value: string, text: string): HTMLOptionElement {
  return Object.assign(document.createElement('option'), { value, textContent: text });
}

function render(): void {
  document.documentElement.lang = lang;
  langSelect.value = lang;
  dashboard.setAttribute('lang', lang);
  labelThemeSwitch(lang);
  for (const id of ['heading', 'crumb']) $(id).textContent = say('title');
  $('lead').textContent = say('lead');
  $('branch-label').textContent = say('branch');
  $('preset-label').textContent = say('preset');
  $('log-title').textContent = say('logTitle');
  const none = document.getElementById('assign-none');
  if (none) none.textContent = say('none');
  const branch = branchSelect.value || initialBranch().code;
  branchSelect.replaceChildren(...BRANCH_DATASETS.map((b) => option(b.code, branchLabel(lang, b))));
  branchSelect.value = branch;
  const preset = presetSelect.value || list.getAttribute('preset') || 'maturing';
  presetSelect.replaceChildren(...LIST_PRESETS.map((p) => option(p, PRESET_NAMES[p]?.[lang === 'en' ? 1 : 0] ?? p)));
  presetSelect.value = preset;
}

function showBranch(code: string): void {
  $('status').textContent = say('loading');
  dashboard.src = manifestUrl(code);
}

branchSelect.addEventListener('change', () => showBranch(branchSelect.value));
presetSelect.addEventListener('change', () => list.setAttribute('preset', presetSelect.value));
langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'en' ? 'en' : 'zh-CN';
  render();
});
dashboard.addEventListener('strata-load', () => ($('status').textContent = ''));

// What a host CRM receives: the real customer ids, the preset and the manager; it records them.
dashboard.addEventListener('strata-assign', (event) => {
  const detail: StrataAssignDetail = event.detail;
  document.getElementById('assign-none')?.remove();
  const item = document.createElement('li');
  item.append(Object.assign(document.createElement('code'), { textContent: `strata-assign ${JSON.stringify(detail)}` }));
  log.prepend(item);
  document.body.dataset.assigns = String(Number(document.body.dataset.assigns ?? 0) + 1);
});

render();
showBranch(initialBranch().code);

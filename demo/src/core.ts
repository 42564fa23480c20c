/**
 * What every host page of the demo shares that is not UI: the branch data sets, the page's
 * language and theme, its words, and the host-side panel (the selection by name, the customers
 * behind it). Files are imported by
 * `<strata-import for="dashboard">` (preview, column and unit choices, problems in groups), which
 * every host places beside its dashboard. Each host (plain DOM, Vue, React) renders these its own way.
 */
import { maskId, maskName, type FilterClause, type FilterValue } from '@strata/sdk/browser';
import { codeLabel, type StrataDashboard, type StrataDrillDetail, type StrataSelectDetail } from '@strata/widgets';
import { BRANCH_DATASETS, manifestUrl, type BranchDataset } from './branches.ts';

export { BRANCH_DATASETS, manifestUrl, type BranchDataset };

export type Lang = 'zh-CN' | 'en';

/** `?plain`: the page without the portal's CSS (Bootstrap and the resets), for comparison. */
export function isPlain(): boolean {
  return new URLSearchParams(location.search).has('plain');
}

/** Turns the portal's style sheets off on `?plain` pages; marks the root either way. */
export function applyPortalStyles(): void {
  const plain = isPlain();
  document.documentElement.classList.toggle('plain', plain);
  if (!plain) return;
  const off = () => {
    for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) link.disabled = true;
    for (const style of document.querySelectorAll('style')) style.remove(); // vite dev injects <style>
  };
  off();
  // vite dev adds its <style> elements as modules run: keep turning them off.
  new MutationObserver(off).observe(document.head, { childList: true });
}

/** The branch the page starts on: `?branch=` when it names a data set, else the first. */
export function initialBranch(): BranchDataset {
  const wanted = new URLSearchParams(location.search).get('branch');
  return BRANCH_DATASETS.find((b) => b.code === wanted) ?? BRANCH_DATASETS[0]!;
}

/** The page's language: `?lang=en`, else zh-CN. */
export function initialLang(): Lang {
  return new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
}

// ─── light and dark ─────────────────────────────────────────────────────────────────────────

export type Theme = 'light' | 'dark';

const THEME_KEY = 'strata-demo-theme';

/** The theme the page starts in: `?theme=`, else the one the user chose on any portal page, else the system's. */
export function initialTheme(): Theme {
  const asked = new URLSearchParams(location.search).get('theme');
  if (asked === 'light' || asked === 'dark') return asked;
  try {
    const kept = localStorage.getItem(THEME_KEY);
    if (kept === 'light' || kept === 'dark') return kept;
  } catch {
    // Storage refused (a locked-down profile): the system's choice then.
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * The header's light/dark switch (`#theme`, a button with `role="switch"`: one tab stop, Space or
 * Enter toggles). The portal's own colours follow the root's `data-theme` (and Bootstrap's
 * `data-bs-theme`); the host hands the theme to its dashboards. The choice is kept for the
 * portal's other pages. Returns the theme the page starts in.
 */
export function wireThemeSwitch(onChange: (theme: Theme) => void): Theme {
  const button = document.getElementById('theme') as HTMLButtonElement;
  let theme = initialTheme();
  const show = () => {
    button.setAttribute('aria-checked', String(theme === 'dark'));
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.bsTheme = theme;
  };
  button.addEventListener('click', () => {
    theme = theme === 'dark' ? 'light' : 'dark';
    show();
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Not kept: this page still switches.
    }
    onChange(theme);
  });
  show();
  return theme;
}

/** The switch's words in the page's language (its state is `aria-checked`). */
export function labelThemeSwitch(lang: Lang): void {
  document.getElementById('theme')!.textContent = t(lang, 'darkMode');
}

// ─── labels ─────────────────────────────────────────────────────────────────────────────────

const TEXT = {
  branch: ['机构', 'Branch'],
  loading: ['正在载入…', 'Loading…'],
  selection: ['选中项', 'Selection'],
  selectionNone: ['在图表中点击一个标记以筛选。', 'Click a mark in a chart to cross-filter.'],
  customers: ['选中客户（前 {n} 名，共 {total} 名）', 'Selected customers (first {n} of {total})'],
  customersAll: ['客户（前 {n} 名，共 {total} 名）', 'Customers (first {n} of {total})'],
  drill: ['下钻客户号', 'Drill: customer id'],
  drillNone: ['在明细表中双击或回车打开客户。', 'Double-click or press Enter on a table row to open a customer.'],
  openCrm: ['在 CRM 中打开', 'Open in CRM'],
  darkMode: ['深色模式', 'Dark mode'],
} as const;

export type TextKey = keyof typeof TEXT;

export function t(lang: Lang, key: TextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function branchLabel(lang: Lang, branch: BranchDataset): string {
  return `${lang === 'en' ? branch.nameEn : branch.name} (${branch.loanRows.toLocaleString(lang)})`;
}

// ─── selection ──────────────────────────────────────────────────────────────────────────────

/** The fields a view of the default dashboard selects on, in the portal's words (@strata/widgets exports no field names). */
const FIELDS: Record<string, readonly [string, string]> = {
  tier: ['客户分层', 'Tier'],
  tier_owner: ['负责层级', 'Tier owner'],
  kind: ['客户类型', 'Customer kind'],
  lifecycle: ['客群', 'Lifecycle group'],
  industry: ['行业', 'Industry'],
  industry_class: ['行业类别', 'Industry class'],
  relationship_type: ['服务类型', 'Relationship type'],
  has_loan: ['有无贷款', 'Borrower status'],
  branch: ['机构', 'Branch'],
  manager: ['客户经理', 'Manager'],
  product: ['产品', 'Product'],
  classification: ['五级分类', 'Five-category class'],
  stage: ['阶段', 'Stage'],
  channel: ['渠道', 'Channel'],
  lost_reason: ['流失原因', 'Lost reason'],
  as_of: ['月末', 'Month end'],
  campaign: ['营销活动', 'Campaign'],
  customer_id: ['客户号', 'Customer ID'],
  deposits_avg: ['日均存款', 'Deposits (daily avg.)'],
  aum: ['金融资产', 'AUM'],
  loan_balance: ['贷款余额', 'Loan balance'],
  open_date: ['开户日期', 'Opened on'],
  last_active_date: ['最近活跃日期', 'Last active on'],
  next_maturity: ['最近到期日', 'Next maturity'],
  days_to_maturity: ['距到期天数', 'Days to maturity'],
  days_since_contact: ['距上次跟进天数', 'Days since last contact'],
  holds: ['持有产品', 'Holds'],
};

export function fieldName(lang: Lang, field: string): string {
  const words = Object.prototype.hasOwnProperty.call(FIELDS, field) ? FIELDS[field] : undefined;
  return words ? words[lang === 'en' ? 1 : 0] : field;
}

/** A value of a clause as the panel shows it: its name, and the code behind it. */
export interface SelectedValue {
  value: FilterValue;
  name: string;
}

/** One clause of the dashboard's filter state (one view's selection), for people. */
export interface SelectionItem {
  source: string;
  field: string;
  fieldName: string;
  /** in, not_in, between, gte or lte: how the values select. */
  op: FilterClause['op'];
  values: SelectedValue[];
}

/** A name a view gave a value, in the language the view showed it in. */
interface Given {
  lang: Lang;
  label: string;
}

/**
 * Names for the values of the dashboard's clauses: the label the view gave (the `strata-select`
 * event's `labels`, or the clause's) when there is one, else the widgets' words for a code, else
 * the code. A label is kept with the language it was given in: after a language switch the
 * code's words in the new language win; names that are data (a branch's, a manager's) have no
 * words and stay.
 */
export class ValueNames {
  private given = new Map<string, Given>();

  private static key(field: string, value: FilterValue): string {
    return `${field}\u0000${typeof value}\u0000${String(value)}`;
  }

  /** Keeps the labels a `strata-select` event carries (a widgets build without them: none). */
  remember(detail: StrataSelectDetail, lang: Lang): void {
    const labels = (detail as Partial<StrataSelectDetail>).labels;
    detail.values.forEach((value, i) => {
      const label = labels?.[i];
      if (typeof label === 'string' && label !== '') this.given.set(ValueNames.key(detail.field, value), { lang, label });
    });
  }

  name(lang: Lang, field: string, value: FilterValue): string {
    const code = value === null ? null : String(value);
    const words = codeLabel(lang, code, field);
    const given = this.given.get(ValueNames.key(field, value));
    return given && (given.lang === lang || words === code) ? given.label : words;
  }

  /** The dashboard's clauses as the panel lists them (labels a clause carries are kept first seen). */
  items(lang: Lang, clauses: readonly FilterClause[]): SelectionItem[] {
    return clauses.map((clause) => ({
      source: clause.source,
      field: clause.field,
      fieldName: fieldName(lang, clause.field),
      op: clause.op,
      values: clause.values.map((value, i) => {
        const label = clause.labels?.[i];
        const key = ValueNames.key(clause.field, value);
        if (label && !this.given.has(key)) this.given.set(key, { lang, label });
        return { value, name: this.name(lang, clause.field, value) };
      }),
    }));
  }
}

/** A clause as one line: 客户分层：黄金客户、零售高端 / Tier: Gold (corporate), High-end (retail). */
export function selectionText(lang: Lang, item: SelectionItem): string {
  const values = item.values.map((v) => v.name);
  const list = values.join(lang === 'en' ? ', ' : '、');
  const names =
    item.op === 'between' ? values.join(' – ')
    : item.op === 'gte' ? `≥ ${list}`
    : item.op === 'lte' ? `≤ ${list}`
    : item.op === 'not_in' ? `${lang === 'en' ? 'not ' : '非'}${list}`
    : list;
  return lang === 'en' ? `${item.fieldName}: ${names}` : `${item.fieldName}：${names}`;
}

export function drillOf(detail: StrataDrillDetail): string | null {
  return detail.field === 'customer_id' && detail.value !== null ? String(detail.value) : null;
}

export interface CustomerItem {
  id: string;
  /** The id as the page shows it: masked, as the loan table shows it. */
  shownId: string;
  name: string;
}

export interface CustomersView {
  /** Whether a selection narrows them. */
  filtered: boolean;
  total: number;
  items: CustomerItem[];
}

/** The first customers behind the dashboard's current selection (names masked), and how many. */
export async function selectedCustomers(dashboard: StrataDashboard, limit = 8): Promise<CustomersView | null> {
  const db = dashboard.database;
  if (!db) return null;
  const [rows, total] = await Promise.all([db.rows({ table: 'customers', offset: 0, limit }), db.rowCount({ table: 'customers' })]);
  return { filtered: db.filters.clauses.length > 0, total, items: rows.map((r) => ({ id: r.customer_id, shownId: maskId(r.customer_id), name: maskName(r.customer_name) ?? '—' })) };
}

/** The title over the customers list. */
export function customersTitle(lang: Lang, customers: CustomersView): string {
  return t(lang, customers.filtered ? 'customers' : 'customersAll', { n: customers.items.length, total: customers.total.toLocaleString(lang) });
}

/**
 * What the host-side panel shows, kept current on every change of the dashboard's data: a
 * selection (`strata-select`), any change of the filter state (chips, code), a load (a branch
 * switch, an imported file) and a language switch. Each host calls `refresh` from its own event
 * handlers and renders `onChange`'s snapshot its own way; answers that a later refresh overtook
 * are dropped.
 */
export interface PanelSnapshot {
  selection: SelectionItem[];
  customers: CustomersView | null;
}

export class SidePanel {
  readonly names = new ValueNames();
  private request = 0;

  constructor(private readonly onChange: (snapshot: PanelSnapshot) => void) {}

  /** Keeps a selection's labels (call before `refresh`). */
  select(detail: StrataSelectDetail, lang: Lang): void {
    this.names.remember(detail, lang);
  }

  async refresh(dashboard: StrataDashboard, lang: Lang): Promise<void> {
    const request = ++this.request;
    const clauses = dashboard.database?.filters.clauses ?? [];
    const selection = this.names.items(lang, clauses);
    let customers: CustomersView | null = null;
    try {
      customers = await selectedCustomers(dashboard);
    } catch {
      // A load under way or a stopped engine: the views say so; the panel shows no customers.
    }
    if (request === this.request) this.onChange({ selection, customers });
  }
}

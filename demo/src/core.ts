/**
 * What every host page of the demo shares that is not UI: the branch data sets, the page's
 * language, its words, and the selection for the host-side panel. Files are imported by
 * `<strata-import for="dashboard">` (preview, column and unit choices, problems in groups), which
 * every host places beside its dashboard. Each host (plain DOM, Vue, React) renders these its own way.
 */
import { maskName, type FilterValue } from '@strata/sdk/browser';
import type { StrataDashboard, StrataDrillDetail, StrataSelectDetail } from '@strata/widgets';
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

// ─── labels ─────────────────────────────────────────────────────────────────────────────────

const TEXT = {
  branch: ['机构', 'Branch'],
  loading: ['正在载入…', 'Loading…'],
  selection: ['选中项', 'Selection'],
  selectionNone: ['在图表中点击一个标记以筛选。', 'Click a mark in a chart to cross-filter.'],
  selectionCleared: ['{field}：已清除', '{field}: cleared'],
  customers: ['选中客户（前 {n} 名，共 {total} 名）', 'Selected customers (first {n} of {total})'],
  drill: ['下钻客户号', 'Drill: customer id'],
  drillNone: ['在明细表中双击或回车打开客户。', 'Double-click or press Enter on a table row to open a customer.'],
  openCrm: ['在 CRM 中打开', 'Open in CRM'],
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

export interface SelectionView {
  source: string;
  field: string;
  values: FilterValue[];
}

export function selectionOf(detail: StrataSelectDetail): SelectionView {
  return { source: detail.source, field: detail.field, values: [...detail.values] };
}

export function drillOf(detail: StrataDrillDetail): string | null {
  return detail.field === 'customer_id' && detail.value !== null ? String(detail.value) : null;
}

export interface CustomerItem {
  id: string;
  name: string;
}

/** The first customers behind the dashboard's current selection (names masked), and how many. */
export async function selectedCustomers(dashboard: StrataDashboard, limit = 8): Promise<{ total: number; items: CustomerItem[] }> {
  const db = dashboard.database;
  if (!db) return { total: 0, items: [] };
  const [rows, total] = await Promise.all([db.rows({ table: 'customers', offset: 0, limit }), db.rowCount({ table: 'customers' })]);
  return { total, items: rows.map((r) => ({ id: r.customer_id, name: maskName(r.customer_name) ?? '—' })) };
}

export function formatValue(value: FilterValue): string {
  return value === null ? '∅' : String(value);
}

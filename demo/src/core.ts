/**
 * What every host page of the demo shares that is not UI: the engine assets, the branch data
 * sets, reading a dropped file's columns, loading it into a dashboard (all or nothing) and
 * turning the outcome into something a page shows, and the selection for the host-side panel.
 * Each host (plain DOM, Vue, React) renders these its own way.
 */
import { tableFromIPC } from 'apache-arrow';
import initParquet, { readSchema } from 'parquet-wasm/esm';
import { decodeText, LoadError, maskName, parseCsvHeader, SCHEMA, TABLE_NAMES, type FilterValue, type LoadProblem, type Mapping, type TableName } from '@strata/sdk/browser';
import type { StrataDashboard, StrataDrillDetail, StrataSelectDetail } from '@strata/widgets';
import { ENGINE_ASSETS } from './engine.ts';
import { BRANCH_DATASETS, manifestUrl, type BranchDataset } from './branches.ts';

export { BRANCH_DATASETS, manifestUrl, type BranchDataset, TABLE_NAMES, type TableName, type LoadProblem };

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
  drop: ['将 CSV / Parquet / Arrow 文件拖到此处，或', 'Drop a CSV / Parquet / Arrow file here, or'],
  choose: ['选择文件', 'choose a file'],
  table: ['载入为表', 'Load as table'],
  tableAuto: ['按文件名', 'from the file name'],
  loading: ['正在载入…', 'Loading…'],
  loaded: ['已载入 {file}：{table} 表 {rows} 行', 'Loaded {file}: {rows} rows into {table}'],
  problems: ['{file} 未载入（共 {total} 个问题），仪表盘数据保持不变：', '{file} was not loaded ({total} problems); the dashboard keeps its data:'],
  mappingTitle: ['列映射：{file} → {table}', 'Map columns: {file} → {table}'],
  mappingHelp: ['以下必需列在文件中找不到，请选择文件中对应的列。', 'These required columns are not in the file under a known name: pick the file’s column for each.'],
  notInFile: ['（文件中没有）', '(not in the file)'],
  apply: ['载入', 'Load'],
  cancel: ['取消', 'Cancel'],
  selection: ['选中项', 'Selection'],
  selectionNone: ['在图表中点击一个标记以筛选。', 'Click a mark in a chart to cross-filter.'],
  selectionCleared: ['{field}：已清除', '{field}: cleared'],
  customers: ['选中客户（前 {n} 名，共 {total} 名）', 'Selected customers (first {n} of {total})'],
  drill: ['下钻客户号', 'Drill: customer id'],
  drillNone: ['在明细表中双击或回车打开客户。', 'Double-click or press Enter on a table row to open a customer.'],
  openCrm: ['在 CRM 中打开', 'Open in CRM'],
  colTable: ['表', 'Table'],
  colRow: ['行', 'Row'],
  colColumn: ['列', 'Column'],
  colExpected: ['期望', 'Expected'],
  colGot: ['实际', 'Got'],
  more: ['… 另有 {n} 个问题未列出', '… and {n} more not listed'],
} as const;

export type TextKey = keyof typeof TEXT;

export function t(lang: Lang, key: TextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function branchLabel(lang: Lang, branch: BranchDataset): string {
  return `${lang === 'en' ? branch.nameEn : branch.name} (${branch.loanRows.toLocaleString(lang)})`;
}

// ─── dropped files ──────────────────────────────────────────────────────────────────────────

/** The table a file name names (`loans.csv`, `Customers-2024.parquet`), else undefined. */
export function tableFromFileName(name: string): TableName | undefined {
  const base = name.toLowerCase().replace(/\.[^.]*$/, '');
  return TABLE_NAMES.find((table) => base === table) ?? TABLE_NAMES.find((table) => base.startsWith(table));
}

/** Parquet's schema reader shares the sdk's parquet-wasm module, initialised once from our own copy. */
let parquetReady: Promise<unknown> | undefined;

/** The column names of a CSV, Parquet or Arrow file (for the mapping dialog). */
export async function readColumns(file: Blob): Promise<string[]> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const magic = String.fromCharCode(...head);
  if (magic === 'PAR1') {
    parquetReady ??= initParquet({ module_or_path: ENGINE_ASSETS.parquetWasm });
    await parquetReady;
    const bytes = new Uint8Array(await file.arrayBuffer());
    return tableFromIPC(readSchema(bytes).intoIPCStream()).schema.fields.map((f) => f.name);
  }
  if (magic === 'ARRO' || (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff)) {
    return tableFromIPC(new Uint8Array(await file.arrayBuffer())).schema.fields.map((f) => f.name);
  }
  // The SDK's own header reading (BOM, UTF-8 or GBK, the delimiter that splits the header most).
  // Cut at the last line feed, so a multi-byte character split by the slice cannot make valid
  // UTF-8 look like GBK.
  const start = new Uint8Array(await file.slice(0, 65_536).arrayBuffer());
  const end = start.lastIndexOf(0x0a);
  return parseCsvHeader(decodeText(end > 0 ? start.subarray(0, end + 1) : start)).columns;
}

/** The required canonical columns a load reported missing (the file has no column for them). */
export function missingColumns(error: LoadError): string[] {
  return error.problems
    .filter((p) => p.row === null && p.column !== null && /^a column (for|named) /.test(p.expected))
    .map((p) => {
      const mappedTo = /\(mapped to (\w+)\)/.exec(p.expected)?.[1];
      return mappedTo ?? p.column!;
    })
    .filter((c, i, all) => all.indexOf(c) === i);
}

/** Every column of `table` a mapping dialog can offer, required ones first. */
export function canonicalColumns(table: TableName): { name: string; required: boolean }[] {
  return SCHEMA[table].columns.map((c) => ({ name: c.name, required: Boolean(c.required) })).sort((a, b) => Number(b.required) - Number(a.required));
}

export type DropOutcome =
  | { kind: 'loaded'; file: string; table: TableName; rows: number }
  | { kind: 'mapping'; file: string; table: TableName; missing: string[]; columns: string[]; mapping: Record<string, string> }
  | { kind: 'problems'; file: string; table: TableName; problems: readonly LoadProblem[]; total: number }
  | { kind: 'error'; file: string; table: TableName; message: string };

/**
 * Loads `file` into the dashboard as `table` (all or nothing: the dashboard keeps its data when
 * this fails). `columns` maps canonical columns to the file's; without it and with required
 * columns the file lacks, the outcome asks for a mapping (with the file's columns to offer).
 */
export async function loadFile(
  dashboard: StrataDashboard,
  file: File,
  table: TableName,
  columns?: Record<string, string>,
): Promise<DropOutcome> {
  const mapping: Mapping | undefined = columns && Object.keys(columns).length > 0 ? { [table]: { columns } } : undefined;
  try {
    const report = await dashboard.load({ [table]: file }, mapping);
    return { kind: 'loaded', file: file.name, table, rows: report.rows[table] ?? 0 };
  } catch (error) {
    if (!(error instanceof LoadError)) return { kind: 'error', file: file.name, table, message: (error as Error).message };
    const missing = missingColumns(error);
    // A mapping dialog only when columns are all that is wrong; anything else is listed.
    if (missing.length > 0 && missing.length === error.problems.length) {
      let fileColumns: string[] = [];
      try {
        fileColumns = await readColumns(file);
      } catch {
        fileColumns = [];
      }
      return { kind: 'mapping', file: file.name, table, missing, columns: fileColumns, mapping: { ...(columns ?? {}) } };
    }
    return { kind: 'problems', file: file.name, table, problems: error.problems, total: error.total };
  }
}

/** A status line for an outcome that is not a mapping request. */
export function outcomeText(lang: Lang, outcome: DropOutcome): string {
  switch (outcome.kind) {
    case 'loaded':
      return t(lang, 'loaded', { file: outcome.file, table: outcome.table, rows: outcome.rows.toLocaleString(lang) });
    case 'problems':
      return t(lang, 'problems', { file: outcome.file, total: outcome.total });
    case 'error':
      return `${outcome.file}: ${outcome.message}`;
    case 'mapping':
      return t(lang, 'mappingTitle', { file: outcome.file, table: outcome.table });
  }
}

/** The cells of a problem row: table, row, column, expected, got. */
export function problemCells(p: LoadProblem): [string, string, string, string, string] {
  return [p.table, p.row === null ? '—' : String(p.row), p.column ?? '—', p.expected, p.got ?? '∅'];
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

import type { Lang } from '../i18n.ts';

/** The export menu's and the exported files' words, zh-CN then en. */
const EXPORT_TEXT = {
  menu: ['导出', 'Export'],
  menu_label: ['导出「{title}」', 'Export “{title}”'],
  csv: ['CSV', 'CSV'],
  csv_raw: ['CSV（原始值）', 'CSV (raw values)'],
  xlsx: ['Excel（xlsx）', 'Excel (xlsx)'],
  svg: ['SVG 图片', 'SVG image'],
  png: ['PNG 图片', 'PNG image'],
  failed: ['导出失败（{format}）：{message}', 'Export failed ({format}): {message}'],
  dismiss: ['关闭', 'Dismiss'],
  unit_wan: ['万元', '10k yuan'],
  unit_percent: ['%', '%'],
  unit: ['单位', 'Unit'],
  code: ['{label}代码', '{label} code'],
  whole_bank: ['全行', 'Whole bank'],
  month: ['数据截至 {month}', 'Data as of {month}'],
  source: ['来源：Strata · 数据截至 {month}', 'Source: Strata · data as of {month}'],
  source_undated: ['来源：Strata', 'Source: Strata'],
  no_filters: ['无其他筛选', 'No other filters'],
} as const satisfies Record<string, readonly [string, string]>;

export type ExportTextKey = keyof typeof EXPORT_TEXT;

export function et(lang: Lang, key: ExportTextKey, values: Record<string, string> = {}): string {
  const [zh, en] = EXPORT_TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** A header with its unit: 余额（万元） / Balance (10k yuan). */
export function withUnit(lang: Lang, label: string, unit: string): string {
  return lang === 'en' ? `${label} (${unit})` : `${label}（${unit}）`;
}

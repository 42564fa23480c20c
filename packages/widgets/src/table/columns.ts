/** The columns `<strata-table>` shows for each list: label, width, cell text and CSV value. */
import { maskId, maskName, type CustomerListRow, type LoanListRow, type RowsTable } from '@strata/sdk';
import { codeLabel, formatCount, t, type Lang } from '../i18n.ts';
import { tt } from './labels.ts';

export type ListRow = CustomerListRow | LoanListRow;
type Cell = string | number | null;

export interface GridColumn {
  /** The sdk column (also the sort key). */
  name: string;
  label: (lang: Lang) => string;
  /** Width in px. */
  width: number;
  numeric?: boolean;
  /** The cell's text as shown (masked when `masked`). */
  text: (row: ListRow, lang: Lang, masked: boolean) => string;
  /** The value in a CSV export (labels for codes, raw numbers, masked when `masked`). */
  csv: (row: ListRow, lang: Lang, masked: boolean) => Cell;
}

const money = new Map<Lang, Intl.NumberFormat>();

/** Yuan with two decimals and grouping: a list shows exact amounts, not 万/亿. */
export function formatMoney(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t(lang, 'no_value');
  let f = money.get(lang);
  if (!f) money.set(lang, (f = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 })));
  return f.format(value);
}

const get = (row: ListRow, name: string): Cell => (row as unknown as Record<string, Cell>)[name] ?? null;

function text(name: string, label: (lang: Lang) => string, width: number, mask?: (value: string) => string): GridColumn {
  const value = (row: ListRow, masked: boolean): string | null => {
    const v = get(row, name);
    if (v === null) return null;
    return masked && mask ? mask(String(v)) : String(v);
  };
  return {
    name,
    label,
    width,
    text: (row, lang, masked) => value(row, masked) ?? t(lang, 'no_value'),
    csv: (row, _lang, masked) => value(row, masked),
  };
}

function code(name: string, label: (lang: Lang) => string, width: number, field = name): GridColumn {
  const value = (row: ListRow, lang: Lang): string | null => {
    const v = get(row, name);
    return v === null ? null : codeLabel(lang, String(v), field);
  };
  return { name, label, width, text: (row, lang) => value(row, lang) ?? t(lang, 'no_value'), csv: (row, lang) => value(row, lang) };
}

function amount(name: string, label: (lang: Lang) => string, width: number): GridColumn {
  return {
    name,
    label,
    width,
    numeric: true,
    text: (row, lang) => formatMoney(lang, get(row, name) as number | null),
    csv: (row) => get(row, name),
  };
}

const shared = (key: Parameters<typeof t>[1]) => (lang: Lang) => t(lang, key);
const own = (key: Parameters<typeof tt>[1]) => (lang: Lang) => tt(lang, key);

const CUSTOMER_ID = text('customer_id', own('customer_id'), 180, maskId);
const CUSTOMER_NAME = text('customer_name', own('customer_name'), 180, maskName);
const BRANCH = text('branch_name', shared('branch'), 130);
const MANAGER = text('manager_name', shared('manager'), 110);

export const COLUMNS: Record<RowsTable, readonly GridColumn[]> = {
  customers: [
    CUSTOMER_ID,
    CUSTOMER_NAME,
    code('kind', shared('kind'), 130),
    code('tier', shared('tier'), 140),
    code('industry', shared('industry'), 140),
    code('industry_class', shared('industry_class'), 120),
    code('lifecycle', shared('lifecycle'), 140),
    code('has_loan', shared('has_loan'), 110),
    BRANCH,
    MANAGER,
    amount('deposits_avg', shared('deposits'), 150),
    amount('aum', own('aum'), 150),
    amount('contribution', shared('contribution'), 130),
  ],
  loans: [
    text('loan_id', own('loan_id'), 150),
    CUSTOMER_ID,
    CUSTOMER_NAME,
    code('product', shared('product'), 130),
    amount('balance', shared('balance'), 150),
    code('classification', shared('classification'), 170),
    {
      name: 'dpd',
      label: own('dpd'),
      width: 120,
      numeric: true,
      text: (row, lang) => formatCount(lang, get(row, 'dpd') as number | null),
      csv: (row) => get(row, 'dpd'),
    },
    BRANCH,
    MANAGER,
    text('origination_date', own('origination_date'), 120),
  ],
};

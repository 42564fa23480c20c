/** The columns `<strata-table>` shows for each list: label, width, cell text and CSV value. */
import {
  CLASSIFICATIONS,
  CUSTOMER_KINDS,
  INDUSTRIES,
  LIFECYCLES,
  maskId,
  maskName,
  PRODUCTS,
  TIERS,
  type CustomerListRow,
  type LoanListRow,
  type RowsTable,
} from '@strata/sdk';
import type { TableColumn } from '../base/view.ts';
import { codeLabel, formatCount, t, type Lang } from '../i18n.ts';
import { tt } from './labels.ts';

export type ListRow = CustomerListRow | LoanListRow;
type Cell = string | number | null;

export interface GridColumn {
  /** The sdk column (also the sort key). */
  name: string;
  label: (lang: Lang) => string;
  /** Width in px (at least what the header's longest word needs: see layout.ts). */
  width: number;
  /** Width in px in the phone layout (smaller type, two lines a cell). */
  phone: number;
  /** Numbers (amounts, days): right-aligned, one line, sorted largest first on the first click. */
  numeric?: boolean;
  /** Texts the column shows without a cut (the widest decides; on a phone, its widest word). */
  samples?: (lang: Lang) => readonly string[];
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

type Widths = [desktop: number, phone: number];

function text(name: string, label: (lang: Lang) => string, [width, phone]: Widths, mask?: (value: string) => string): GridColumn {
  const value = (row: ListRow, masked: boolean): string | null => {
    const v = get(row, name);
    if (v === null) return null;
    return masked && mask ? mask(String(v)) : String(v);
  };
  return {
    name,
    label,
    width,
    phone,
    text: (row, lang, masked) => value(row, masked) ?? t(lang, 'no_value'),
    csv: (row, _lang, masked) => value(row, masked),
  };
}

function code(name: string, label: (lang: Lang) => string, [width, phone]: Widths, codes: readonly string[] = [], field = name): GridColumn {
  const value = (row: ListRow, lang: Lang): string | null => {
    const v = get(row, name);
    return v === null ? null : codeLabel(lang, String(v), field);
  };
  return {
    name,
    label,
    width,
    phone,
    samples: (lang) => codes.map((c) => codeLabel(lang, c, field)),
    text: (row, lang) => value(row, lang) ?? t(lang, 'no_value'),
    csv: (row, lang) => value(row, lang),
  };
}

/** An amount up to a hundred million yuan shows whole; a larger one is cut (its title has it). */
const AMOUNT_SAMPLE = 99_999_999.99;

function amount(name: string, label: (lang: Lang) => string, [width, phone]: Widths): GridColumn {
  return {
    name,
    label,
    width,
    phone,
    numeric: true,
    samples: (lang) => [formatMoney(lang, AMOUNT_SAMPLE)],
    text: (row, lang) => formatMoney(lang, get(row, name) as number | null),
    csv: (row) => get(row, name),
  };
}

const shared = (key: Parameters<typeof t>[1]) => (lang: Lang) => t(lang, key);
const own = (key: Parameters<typeof tt>[1]) => (lang: Lang) => tt(lang, key);

// Widths: desktop (13px type, one line) and phone (12px, two lines), at least what the samples and
// the header need (layout.ts measures them).
const CUSTOMER_ID = text('customer_id', own('customer_id'), [150, 96], maskId);
const CUSTOMER_NAME = text('customer_name', own('customer_name'), [160, 84], maskName);
const BRANCH = text('branch_name', shared('branch'), [130, 84]);
const MANAGER = text('manager_name', shared('manager'), [96, 64]);

export const COLUMNS: Record<RowsTable, readonly GridColumn[]> = {
  customers: [
    CUSTOMER_ID,
    CUSTOMER_NAME,
    code('kind', shared('kind'), [110, 72], CUSTOMER_KINDS),
    code('tier', shared('tier'), [130, 84], TIERS),
    code('industry', shared('industry'), [140, 96], INDUSTRIES),
    code('industry_class', shared('industry_class'), [104, 72], ['1', '2', '3']),
    code('lifecycle', shared('lifecycle'), [130, 90], LIFECYCLES),
    code('has_loan', shared('has_loan'), [120, 80], ['true', 'false']),
    BRANCH,
    MANAGER,
    amount('deposits_avg', shared('deposits'), [140, 92]),
    amount('aum', own('aum'), [140, 92]),
    amount('contribution', shared('contribution'), [130, 92]),
  ],
  loans: [
    { ...text('loan_id', own('loan_id'), [110, 82]), samples: () => ['L000000001'] },
    CUSTOMER_ID,
    CUSTOMER_NAME,
    code('product', shared('product'), [124, 84], PRODUCTS),
    amount('balance', shared('balance'), [130, 92]),
    code('classification', shared('classification'), [140, 82], CLASSIFICATIONS),
    {
      name: 'dpd',
      label: own('dpd'),
      width: 96,
      phone: 64,
      numeric: true,
      samples: (lang) => [formatCount(lang, 9_999)],
      text: (row, lang) => formatCount(lang, get(row, 'dpd') as number | null),
      csv: (row) => get(row, 'dpd'),
    },
    BRANCH,
    MANAGER,
    text('origination_date', own('origination_date'), [112, 84]),
  ],
};

/**
 * The order on a phone: what a list is read for first (which loan, how much, how bad; whose
 * money, which tier, how much), then the rest in the desktop order.
 */
export const PHONE_FIRST: Record<RowsTable, readonly string[]> = {
  customers: ['customer_name', 'tier', 'deposits_avg', 'aum'],
  loans: ['loan_id', 'balance', 'classification', 'customer_name'],
};

/**
 * The list's columns as a view's table, what the exports write: CSV values (masked when
 * `masked`); days past due are a count, every other number in a list is an amount.
 */
export function listColumns(table: RowsTable, lang: Lang, masked: boolean): TableColumn<ListRow>[] {
  return COLUMNS[table].map((c) => ({
    label: c.label(lang),
    value: (row: ListRow) => c.csv(row, lang, masked),
    numeric: c.numeric,
    kind: c.numeric ? (c.name === 'dpd' ? 'count' : 'amount') : undefined,
  }));
}

/**
 * The columns `<strata-list>` shows for a preset: header, cell text, the value its exports write,
 * and the sort key (a whitelisted list column) where the column sorts. The overdue-leads list
 * shows the lead, its stage and days idle where the others show the next maturity.
 */
import { maskId, type ListOrderColumn, type ListPreset, type MarketingListRow } from '@strata/sdk';
import type { TableColumn, ValueKind } from '../base/view.ts';
import { codeLabel, formatAmount, formatCount, type Lang } from '../i18n.ts';
import { lt, type ListText } from './labels.ts';

export interface ListColumn {
  key: string;
  label: ListText;
  /** The column `orderBy` sorts by when its header is clicked; none: not sortable. */
  sort?: ListOrderColumn;
  numeric?: boolean;
  /** What a person's export calls the number (amounts in 万元). */
  kind?: ValueKind;
  /** The cell's text as shown (data text, rendered as text). */
  text: (row: MarketingListRow, lang: Lang, masked: boolean) => string;
  /** The value the exports write (numbers raw; codes by name). */
  value: (row: MarketingListRow, lang: Lang, masked: boolean) => string | number | null;
  /** The code behind a name, for the raw export. */
  code?: (row: MarketingListRow) => string | null;
}

const NONE = '—';
const or = (value: string | null): string => value ?? NONE;
/** The customer id as the table shows it: masked unless `unmasked` (the assign event carries the real one). */
const customerId = (row: MarketingListRow, masked: boolean): string | null => (masked ? maskId(row.customer_id) : row.customer_id);

const ID: ListColumn = { key: 'customer_id', label: 'customer_id', sort: 'customer_id', text: (r, _l, m) => or(customerId(r, m)), value: (r, _l, m) => customerId(r, m) };
// The name comes masked from the sdk unless the list was asked `unmasked`.
const NAME: ListColumn = { key: 'name', label: 'name', sort: 'name', text: (r) => or(r.name), value: (r) => r.name };
const TIER: ListColumn = {
  key: 'tier',
  label: 'tier',
  sort: 'tier',
  text: (r, l) => (r.tier === null ? NONE : codeLabel(l, r.tier, 'tier')),
  value: (r, l) => (r.tier === null ? null : codeLabel(l, r.tier, 'tier')),
  code: (r) => r.tier,
};
const MANAGER: ListColumn = { key: 'manager', label: 'manager', sort: 'manager_name', text: (r) => or(r.manager_name), value: (r) => r.manager_name, code: (r) => r.manager_id };
const BRANCH: ListColumn = { key: 'branch', label: 'branch', sort: 'branch_name', text: (r) => or(r.branch_name), value: (r) => r.branch_name, code: (r) => r.branch_id };
const LOANS: ListColumn = {
  key: 'loan_balance',
  label: 'loan_balance',
  sort: 'loan_balance',
  numeric: true,
  kind: 'amount',
  text: (r, l) => formatAmount(l, r.loan_balance),
  value: (r) => r.loan_balance,
};
const DEPOSITS: ListColumn = {
  key: 'deposits_avg',
  label: 'deposits',
  sort: 'deposits_avg',
  numeric: true,
  kind: 'amount',
  text: (r, l) => formatAmount(l, r.deposits_avg),
  value: (r) => r.deposits_avg,
};
const MATURITY: ListColumn = { key: 'next_maturity', label: 'next_maturity', sort: 'next_maturity', text: (r) => or(r.next_maturity), value: (r) => r.next_maturity };
const CONTACT: ListColumn = { key: 'last_contact', label: 'last_contact', sort: 'last_contact', text: (r) => or(r.last_contact), value: (r) => r.last_contact };
const LEAD: ListColumn = { key: 'lead_id', label: 'lead_id', text: (r) => or(r.lead_id), value: (r) => r.lead_id };
const STAGE: ListColumn = {
  key: 'stage',
  label: 'stage',
  text: (r, l) => (r.stage === null ? NONE : codeLabel(l, r.stage, 'stage')),
  value: (r, l) => (r.stage === null ? null : codeLabel(l, r.stage, 'stage')),
  code: (r) => r.stage,
};
const IDLE: ListColumn = {
  key: 'idle_days',
  label: 'idle_days',
  sort: 'idle_days',
  numeric: true,
  kind: 'count',
  text: (r, l) => formatCount(l, r.idle_days),
  value: (r) => r.idle_days,
};
const REASON: ListColumn = { key: 'reason', label: 'reason', text: (r, l) => (l === 'en' ? r.reason_en : r.reason), value: (r, l) => (l === 'en' ? r.reason_en : r.reason) };

/** Below this width (px) the list shows what a call is made from: who, the figure, why (the exports keep every column). */
export const PHONE_WIDTH = 520;

/** The columns of a preset's list, in order (on a phone, the few a call needs). */
export function listColumns(preset: ListPreset | undefined, phone = false): readonly ListColumn[] {
  if (preset === 'overdue_leads') return phone ? [LEAD, NAME, IDLE, REASON] : [LEAD, ID, NAME, STAGE, IDLE, MANAGER, BRANCH, LOANS, CONTACT, REASON];
  return phone ? [NAME, LOANS, REASON] : [ID, NAME, TIER, MANAGER, BRANCH, LOANS, DEPOSITS, MATURITY, CONTACT, REASON];
}

/** The columns as the view's table and exports read them (masked as shown). */
export function exportColumns(columns: readonly ListColumn[], lang: Lang, masked: boolean): TableColumn<MarketingListRow>[] {
  return columns.map((c) => ({
    label: lt(lang, c.label),
    value: (row) => c.value(row, lang, masked),
    format: (row) => c.text(row, lang, masked),
    numeric: c.numeric,
    kind: c.kind ?? (c.numeric ? 'number' : 'text'),
    ...(c.code ? { code: c.code } : {}),
  }));
}

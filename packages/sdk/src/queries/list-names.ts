/**
 * The marketing lists' presets and sort columns by name: what the options check and the CLI read
 * without the lists' SQL (queries/lists.ts, fetched with the first list).
 */
export const LIST_PRESETS = [
  'mortgage_without_consumer',
  'wealth_without_loan',
  'card_without_loan',
  'maturing',
  'paid_off_good',
  'no_loan',
  'large_borrowers',
  'payroll_unit',
  'merchants',
  'overdue_leads',
  'handoff',
  'behind_cadence',
] as const;
export type ListPreset = (typeof LIST_PRESETS)[number];

/** The columns a list sorts by (a whitelist: a sort column is never written from the caller's text). */
export const LIST_ORDER_COLUMNS = [
  'customer_id',
  'name',
  'tier',
  'manager_name',
  'branch_name',
  'loan_balance',
  'deposits_avg',
  'aum',
  'next_maturity',
  'last_contact',
  'days_since_contact',
  'idle_days',
] as const;
export type ListOrderColumn = (typeof LIST_ORDER_COLUMNS)[number];

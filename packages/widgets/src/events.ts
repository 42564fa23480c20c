import type { FilterClause, FilterValue, LoadReport } from '@strata/sdk';

/** A user selected (or cleared, with `values: []`) marks in a view. */
export interface StrataSelectDetail {
  /** The view's source id (its clause in the filter state). */
  source: string;
  field: string;
  values: FilterValue[];
  /** The values' names as the view shows them (城北支行 for B1, 黄金客户 for corp_gold), one per value. */
  labels: string[];
  /** The clause now set by this view, or null when its selection was cleared. */
  clause: FilterClause | null;
}

/** The filter state changed, by a user or by code. */
export interface StrataFilterChangeDetail {
  clauses: readonly FilterClause[];
  /** The source whose clause changed, or null when all were cleared or replaced. */
  source: string | null;
}

/** Data finished loading into the dashboard. */
export interface StrataLoadDetail {
  report: LoadReport;
}

/** A load or a query failed; the element shows the message and a retry. */
export interface StrataErrorDetail {
  error: Error;
  source: string;
}

/** A user asked for the rows behind a mark (double click, or Shift+Enter). */
export interface StrataDrillDetail {
  source: string;
  field: string;
  value: FilterValue;
  /** The value's name as the view shows it (城北支行 for B1). */
  label: string;
}

/**
 * A user assigned the rows ticked in a `<strata-list>` to a manager: for the portal's CRM to record
 * (Strata writes no bank data).
 */
export interface StrataAssignDetail {
  /** The list's source id. */
  source: string;
  /** The real customer ids of the rows (never masked), once each. */
  customerIds: string[];
  /** The leads, for an `overdue_leads` list. */
  leadIds?: string[];
  /** The list's preset, or null for a list of the clauses alone. */
  preset: string | null;
  /** The manager's id. */
  manager: string;
  /** The manager's name as the picker showed it. */
  managerName: string | null;
}

declare global {
  interface HTMLElementEventMap {
    'strata-select': CustomEvent<StrataSelectDetail>;
    'strata-filter-change': CustomEvent<StrataFilterChangeDetail>;
    'strata-load': CustomEvent<StrataLoadDetail>;
    /** A bundle's first load put the small tables in: the views draw while the loans and loan facts follow (then `strata-load`). */
    'strata-interactive': CustomEvent<null>;
    'strata-error': CustomEvent<StrataErrorDetail>;
    'strata-drill': CustomEvent<StrataDrillDetail>;
    'strata-assign': CustomEvent<StrataAssignDetail>;
    /** From `<strata-filters>`: the user chose a month end ('' for the latest); the dashboard follows. */
    'strata-as-of-change': CustomEvent<string>;
    /** From `<strata-filters>`: the user chose a campaign ('' for the running one); the dashboard follows. */
    'strata-campaign-change': CustomEvent<string>;
  }
}

type EventDetails = {
  'strata-select': StrataSelectDetail;
  'strata-filter-change': StrataFilterChangeDetail;
  'strata-load': StrataLoadDetail;
  'strata-interactive': null;
  'strata-error': StrataErrorDetail;
  'strata-drill': StrataDrillDetail;
  'strata-assign': StrataAssignDetail;
  'strata-as-of-change': string;
  'strata-campaign-change': string;
};

/** Dispatches a typed Strata event that crosses shadow roots (bubbles, composed). */
export function emit<K extends keyof EventDetails>(target: EventTarget, name: K, detail: EventDetails[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

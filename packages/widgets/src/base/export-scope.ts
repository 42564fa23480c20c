/**
 * What an export says about the view's scope, in words a person reads: the branch (or the whole
 * bank), the month and the other filters, by name, not code. Names come from the clause (the view
 * that set it names its values), else from the data (branch and manager names, read when an
 * export starts), else from Strata's own words for codes.
 */
import { maskId, type FilterClause, type FilterValue, type Strata } from '@strata/sdk';
import { clauseValuesText, codeLabel, fieldLabel, type Lang } from '../i18n.ts';
import { et } from './export-labels.ts';

/** Fields whose values are codes with names in the data (branch_name, manager_name). */
const NAMED_IN_DATA = new Set(['branch', 'manager']);

const key = (field: string, value: FilterValue) => `${field}\u0000${String(value)}`;

/** Adds to `names` the data's names of the branches and managers the clauses select (one query per such field). */
export async function readNames(db: Strata, clauses: readonly FilterClause[], names: Map<string, string>): Promise<void> {
  const fields = new Set(
    clauses.filter((c) => NAMED_IN_DATA.has(c.field) && c.values.some((v, i) => !labelsOf(c)?.[i] && !names.has(key(c.field, v)))).map((c) => c.field),
  );
  for (const field of fields) {
    for (const row of await db.npl({ by: field })) if (row.key !== null && row.label) names.set(key(field, row.key), row.label);
  }
}

function labelsOf(clause: FilterClause): readonly string[] | undefined {
  return (clause as FilterClause & { labels?: readonly string[] }).labels;
}

function valueName(lang: Lang, clause: FilterClause, index: number, names: ReadonlyMap<string, string>): string {
  const value = clause.values[index]!;
  const given = labelsOf(clause)?.[index];
  if (given) return given;
  if (value === null) return codeLabel(lang, null);
  if (clause.field === 'customer_id') return maskId(String(value));
  return names.get(key(clause.field, value)) ?? codeLabel(lang, String(value), clause.field);
}

/** A clause's field and values by name: ['客户分层', '黄金客户、高端客户']. */
export function clauseWords(lang: Lang, clause: FilterClause, names: ReadonlyMap<string, string>): [string, string] {
  const values = clause.values.map((_, i) => valueName(lang, clause, i, names));
  return [fieldLabel(lang, clause.field) ?? clause.field, clauseValuesText(lang, clause.op, values)];
}

export interface ScopeWords {
  /** The branch (or branches) the view is limited to, else the whole bank. */
  scope: string;
  /** The other filters: 客户分层：黄金客户. */
  filters: string[];
  /** Every filter for a file name: 机构-城北支行. */
  fileParts: string[];
}

/** The clauses that limit the view (its own selection and the month apart) in words. */
export function scopeWords(lang: Lang, clauses: readonly FilterClause[], names: ReadonlyMap<string, string>): ScopeWords {
  const colon = lang === 'en' ? ': ' : '：';
  const branch = clauses.find((c) => c.field === 'branch' && c.op === 'in');
  const words = clauses.map((c) => clauseWords(lang, c, names));
  return {
    scope: branch ? clauseWords(lang, branch, names)[1] : et(lang, 'whole_bank'),
    filters: clauses.flatMap((c, i) => (c === branch ? [] : [`${words[i]![0]}${colon}${words[i]![1]}`])),
    fileParts: words.map(([field, values]) => `${field}-${values}`),
  };
}

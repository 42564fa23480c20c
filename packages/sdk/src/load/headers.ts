/**
 * Which column of a file gives which canonical field when the mapping does not say: the field's
 * own name or a header a bank's export uses (COLUMN_ALIASES), possibly carrying a unit
 * (`贷款余额(万元)` is balance in 万元).
 */
import { columnSpec, SCHEMA, TABLE_NAMES, type TableName } from '../schema.ts';
import { COLUMN_ALIASES, normalizeHeader } from './codes.ts';
import type { MoneyUnit } from './mapping.ts';
import { headerUnit } from './units.ts';

/** A file column that gives a field, with the unit its header carries (null: none). */
export interface HeaderMatch {
  name: string;
  unit: MoneyUnit | null;
}

/** A file's column names, read once for matching. */
export class FileColumns {
  private readonly exact: Set<string>;
  private readonly byNormalized = new Map<string, string>();
  /** Columns whose header carries a unit, by the normalised name before it. */
  private readonly byBase = new Map<string, HeaderMatch[]>();

  constructor(readonly names: readonly string[]) {
    this.exact = new Set(names);
    for (const name of names) {
      if (!this.byNormalized.has(normalizeHeader(name))) this.byNormalized.set(normalizeHeader(name), name);
      const carried = headerUnit(name);
      if (carried) {
        const base = normalizeHeader(carried.base);
        this.byBase.set(base, [...(this.byBase.get(base) ?? []), { name, unit: carried.unit }]);
      }
    }
  }

  /** The column a mapping names: as written, or the same but for case, spaces and dashes. */
  named(name: string): HeaderMatch | undefined {
    const found = this.exact.has(name) ? name : this.byNormalized.get(normalizeHeader(name));
    return found === undefined ? undefined : { name: found, unit: headerUnit(found)?.unit ?? null };
  }

  /**
   * The first column not yet `used` whose header names the field: its name or an alias, as it is
   * or (for a money field) followed by a unit.
   */
  forField(table: TableName, field: string, used: ReadonlySet<string>): HeaderMatch | undefined {
    const money = columnSpec(table, field)?.money === true;
    for (const candidate of [field, ...(COLUMN_ALIASES[field] ?? [])]) {
      const key = normalizeHeader(candidate);
      const plain = this.byNormalized.get(key);
      if (plain !== undefined && !used.has(plain)) return { name: plain, unit: null };
      const withUnit = money ? this.byBase.get(key)?.find((m) => !used.has(m.name)) : undefined;
      if (withUnit) return withUnit;
    }
    return undefined;
  }
}

/** The fields of `table` the columns give without a mapping (each column to one field at most). */
export function matchFields(table: TableName, file: FileColumns, used = new Set<string>()): Map<string, HeaderMatch> {
  const matches = new Map<string, HeaderMatch>();
  for (const column of SCHEMA[table].columns) {
    const hit = file.forField(table, column.name, used);
    if (!hit) continue;
    used.add(hit.name);
    matches.set(column.name, hit);
  }
  return matches;
}

/**
 * The table whose fields a file's headers fit best: the largest share of its required fields
 * found, then the most fields; only tables with a key field found qualify (a file of names alone
 * is no table). Undefined when none does. For an import screen to propose where a file goes.
 */
export function guessTable(columns: readonly string[]): TableName | undefined {
  const file = new FileColumns(columns);
  let best: { table: TableName; required: number; fields: number } | undefined;
  for (const table of TABLE_NAMES) {
    const spec = SCHEMA[table];
    const found = matchFields(table, file);
    if (!spec.key.some((k) => found.has(k))) continue;
    const required = spec.columns.filter((c) => c.required);
    const share = required.filter((c) => found.has(c.name)).length / Math.max(required.length, 1);
    if (!best || share > best.required || (share === best.required && found.size > best.fields)) best = { table, required: share, fields: found.size };
  }
  return best?.table;
}

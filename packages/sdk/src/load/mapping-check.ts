/**
 * The mapping checked as a whole before any file is read: every problem collected, each naming
 * the mapping key (`loans.units.balance`), and the mapping turned into Maps so that nothing after
 * this reads a key through an object's prototype (`constructor`, `__proto__` …).
 */
import { LONE_SURROGATE } from '../sql/quote.ts';
import { SCHEMA, TABLE_NAMES, type TableName } from '../schema.ts';
import type { LoadProblem } from './errors.ts';
import type { MoneyUnit, PlainValue } from './mapping.ts';
import { ACCEPTED_UNITS, parseUnit } from './units.ts';

/** One table's mapping, checked. */
export interface CheckedTableMapping {
  columns: ReadonlyMap<string, string>;
  values: ReadonlyMap<string, readonly (readonly [string, PlainValue])[]>;
  units: ReadonlyMap<string, MoneyUnit>;
  constants: ReadonlyMap<string, PlainValue>;
  negativeToZero: ReadonlySet<string>;
  unpivot: { column: string; groups: { value: string; columns: ReadonlyMap<string, string> }[] } | null;
  decimal: '.' | ',';
}

export const NO_MAPPING: CheckedTableMapping = {
  columns: new Map(),
  values: new Map(),
  units: new Map(),
  constants: new Map(),
  negativeToZero: new Set(),
  unpivot: null,
  decimal: '.',
};

const OPTIONS = ['columns', 'values', 'units', 'constants', 'negativeToZero', 'unpivot', 'decimal'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';

const shown = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

/** Text that SQL can carry: no NUL (it ends a statement) and no unpaired surrogate (it changes on the way). */
const sqlSafe = (text: string) => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

/**
 * Checks a mapping. `anchor` is the table that problems of the mapping as a whole are reported
 * under (the first table loaded): a LoadProblem always names one.
 */
export function checkMapping(mapping: unknown, anchor: TableName): { problems: LoadProblem[]; tables: Map<TableName, CheckedTableMapping> } {
  const problems: LoadProblem[] = [];
  const tables = new Map<TableName, CheckedTableMapping>();
  if (mapping === undefined) return { problems, tables };
  if (!isRecord(mapping)) {
    problems.push({ kind: 'mapping', table: anchor, row: null, column: 'mapping', field: null, expected: 'a mapping: an object of tables, such as { "loans": { "columns": { … } } }', got: shown(mapping) });
    return { problems, tables };
  }
  for (const key of Object.keys(mapping)) {
    if (!(TABLE_NAMES as readonly string[]).includes(key)) {
      problems.push({ kind: 'mapping', table: key as TableName, row: null, column: key, field: null, expected: `a table name (${TABLE_NAMES.join(', ')})`, got: key });
      continue;
    }
    const checked = checkTable(key as TableName, mapping[key], problems);
    if (checked) tables.set(key as TableName, checked);
  }
  return { problems, tables };
}

function checkTable(table: TableName, section: unknown, problems: LoadProblem[]): CheckedTableMapping | undefined {
  if (section === undefined) return undefined;
  const spec = SCHEMA[table];
  const fields = spec.columns.map((c) => c.name);
  const moneyFields = spec.columns.filter((c) => c.money).map((c) => c.name);
  const problem = (column: string, expected: string, got: unknown, field: string | null = null) =>
    problems.push({ kind: 'mapping', table, row: null, column, field, expected, got: shown(got) });
  if (!isRecord(section)) {
    problem(table, 'an object of mapping options (columns, values, units, constants, negativeToZero, unpivot, decimal)', section);
    return undefined;
  }

  /**
   * Each field → value of an option's object, in the mapping's order: `each` for the fields of
   * the table (money ones where `money`), a problem for the others.
   */
  const forEachField = (option: string, value: unknown, each: (field: string, value: unknown) => void, money = false) => {
    if (value === undefined) return;
    if (!isRecord(value)) {
      problem(`${table}.${option}`, 'an object keyed by field name', value);
      return;
    }
    for (const [field, v] of Object.entries(value)) {
      if ((money ? moneyFields : fields).includes(field)) {
        each(field, v);
        continue;
      }
      const known = fields.includes(field);
      problem(
        `${table}.${option}.${field}`,
        known ? `a money field of ${table} (${moneyFields.join(', ')}): ${field} is no amount` : `a ${table} field (${fields.join(', ')})`,
        field,
        known ? field : null,
      );
    }
  };
  const columnName = (key: string, value: unknown, field: string | null): value is string => {
    // Only the empty name: object keys are not trimmed, and a column may be called " ".
    if (typeof value !== 'string' || value === '') {
      problem(key, 'a column name of the file (text, not empty)', value, field);
      return false;
    }
    if (!sqlSafe(value)) {
      problem(key, 'a column name without NUL characters or unpaired surrogates', value, field);
      return false;
    }
    return true;
  };
  const plainValue = (key: string, value: unknown, field: string): value is PlainValue => {
    const ok = (typeof value === 'string' && sqlSafe(value)) || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) problem(key, 'text, a finite number or true/false', value, field);
    return ok;
  };

  for (const key of Object.keys(section)) {
    if (!(OPTIONS as readonly string[]).includes(key)) problem(`${table}.${key}`, `a mapping option (${OPTIONS.join(', ')})`, key);
  }

  const columns = new Map<string, string>();
  forEachField('columns', section.columns, (field, value) => {
    if (columnName(`${table}.columns.${field}`, value, field)) columns.set(field, value);
  });

  const values = new Map<string, [string, PlainValue][]>();
  forEachField('values', section.values, (field, recode) => {
    if (!isRecord(recode)) {
      problem(`${table}.values.${field}`, 'an object of { value in the file: canonical value }', recode, field);
      return;
    }
    const pairs: [string, PlainValue][] = [];
    for (const [from, to] of Object.entries(recode)) {
      if (!sqlSafe(from)) problem(`${table}.values.${field}`, 'values without NUL characters or unpaired surrogates', from, field);
      else if (plainValue(`${table}.values.${field}.${from}`, to, field)) pairs.push([from, to]);
    }
    values.set(field, pairs);
  });

  const units = new Map<string, MoneyUnit>();
  forEachField(
    'units',
    section.units,
    (field, spelling) => {
      const unit = typeof spelling === 'string' ? parseUnit(spelling) : undefined;
      if (unit) units.set(field, unit);
      else problem(`${table}.units.${field}`, `a unit: ${ACCEPTED_UNITS}`, spelling, field);
    },
    true,
  );

  const constants = new Map<string, PlainValue>();
  forEachField('constants', section.constants, (field, value) => {
    if (!plainValue(`${table}.constants.${field}`, value, field)) return;
    if (columns.has(field)) problem(`${table}.constants.${field}`, `${field} from a column or a constant, not both`, value, field);
    else constants.set(field, value);
  });

  const negativeToZero = new Set<string>();
  if (section.negativeToZero !== undefined) {
    if (!Array.isArray(section.negativeToZero)) problem(`${table}.negativeToZero`, 'a list of money fields', section.negativeToZero);
    else
      for (const field of section.negativeToZero as unknown[]) {
        if (typeof field === 'string' && moneyFields.includes(field)) negativeToZero.add(field);
        else problem(`${table}.negativeToZero`, `money fields of ${table} (${moneyFields.join(', ')})`, field, typeof field === 'string' && fields.includes(field) ? field : null);
      }
  }

  const unpivot = checkUnpivot(table, section.unpivot, fields, columns, constants, problem, columnName);

  let decimal: '.' | ',' = '.';
  if (section.decimal !== undefined) {
    if (section.decimal === '.' || section.decimal === ',') decimal = section.decimal;
    else problem(`${table}.decimal`, 'the decimal separator: "." (1,234.56) or "," (1.234,56)', section.decimal);
  }
  return { columns, values, units, constants, negativeToZero, unpivot, decimal };
}

function checkUnpivot(
  table: TableName,
  value: unknown,
  fields: readonly string[],
  columns: ReadonlyMap<string, string>,
  constants: ReadonlyMap<string, PlainValue>,
  problem: (column: string, expected: string, got: unknown, field?: string | null) => void,
  columnName: (key: string, value: unknown, field: string | null) => value is string,
): CheckedTableMapping['unpivot'] {
  if (value === undefined) return null;
  const key = `${table}.unpivot`;
  if (!isRecord(value)) {
    problem(key, 'an object { column, groups }', value);
    return null;
  }
  for (const k of Object.keys(value)) if (k !== 'column' && k !== 'groups') problem(`${key}.${k}`, 'only column and groups', k);
  const column = value.column;
  const columnOk = typeof column === 'string' && fields.includes(column);
  if (!columnOk) problem(`${key}.column`, `the ${table} field each group gives a value of (${fields.join(', ')})`, column);
  const groups: { value: string; columns: Map<string, string> }[] = [];
  if (!isRecord(value.groups) || Object.keys(value.groups).length === 0) {
    problem(`${key}.groups`, 'an object of { value: { field: column of the file } }, at least one', value.groups);
    return null;
  }
  for (const [groupValue, group] of Object.entries(value.groups)) {
    const groupKey = `${key}.groups.${groupValue}`;
    if (!sqlSafe(groupValue)) {
      problem(groupKey, 'a group value without NUL characters or unpaired surrogates', groupValue);
      continue;
    }
    if (!isRecord(group)) {
      problem(groupKey, 'an object of { field: column of the file }', group);
      continue;
    }
    const map = new Map<string, string>();
    for (const [field, source] of Object.entries(group)) {
      if (!fields.includes(field) || field === column) {
        problem(`${groupKey}.${field}`, `a ${table} field other than ${String(column)}`, field);
      } else if (columns.has(field) || constants.has(field)) {
        problem(`${groupKey}.${field}`, `${field} from the groups or from columns/constants, not both`, source, field);
      } else if (columnName(`${groupKey}.${field}`, source, field)) {
        map.set(field, source);
      }
    }
    groups.push({ value: groupValue, columns: map });
  }
  return columnOk ? { column: column as string, groups } : null;
}

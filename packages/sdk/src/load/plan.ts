/**
 * How one staged file becomes a canonical table: which column (or constant, or record number)
 * gives each field, in which unit, and what the file lacks.
 */
import type { ColumnOrigin, ConversionPlan, DescribeRow } from './sql.ts';
import { SCHEMA, type TableName } from '../schema.ts';
import type { LoadProblem } from './errors.ts';
import { FileColumns, type HeaderMatch } from './headers.ts';
import type { CheckedTableMapping } from './mapping-check.ts';
import type { MoneyUnit } from './mapping.ts';
import { UNIT_LABELS } from './units.ts';

/** The unit a money field was loaded in, and where that came from. */
export interface AppliedUnit {
  table: TableName;
  field: string;
  /** The file's column (or its label: a constant, unpivoted columns). */
  source: string;
  unit: MoneyUnit;
  /** The mapping's `units`, the column's header (`余额(万元)`), or yuan when neither says. */
  from: 'mapping' | 'header' | 'default';
}

/** One column of a file and what it gives. */
export interface FileColumnUse {
  source: string;
  /** The field it gives; null when it is ignored. */
  field: string | null;
  /** The unit it is read in, for a money field. */
  unit: MoneyUnit | null;
  unitFrom: AppliedUnit['from'] | null;
}

export interface TablePlan {
  plan: ConversionPlan;
  /** Problems of the plan itself (a mapped column the file lacks, a required field nothing gives …). */
  problems: LoadProblem[];
  units: AppliedUnit[];
  columns: FileColumnUse[];
  /** Fields filled by a constant (its value) or by the record number (`$row`). */
  constants: Record<string, string>;
  /** Required fields no column gives. */
  missing: string[];
  ignored: string[];
}

export function planTable(table: TableName, described: readonly DescribeRow[], mapping: CheckedTableMapping): TablePlan {
  const spec = SCHEMA[table];
  const file = new FileColumns(described.map((c) => c.column_name));
  const types = new Map(described.map((c) => [c.column_name, c.column_type]));
  const fileList = `columns ${described.map((c) => c.column_name).join(', ')}`;
  const problems: LoadProblem[] = [];
  const used = new Set<string>();
  const labels = new Map<string, string>();
  /** Per money field, the unit each of its columns' headers carries (null: none). */
  const headerUnits = new Map<string, (MoneyUnit | null)[]>();
  const isMoney = (field: string) => spec.columns.some((c) => c.name === field && c.money);

  const fromColumn = (field: string, hit: HeaderMatch): ColumnOrigin => {
    used.add(hit.name);
    if (isMoney(field)) headerUnits.set(field, [...(headerUnits.get(field) ?? []), hit.unit]);
    return { kind: 'column', name: hit.name, type: types.get(hit.name) ?? 'VARCHAR' };
  };
  const named = (field: string, source: string): ColumnOrigin | undefined => {
    if (source === '$row') return { kind: 'row' };
    const hit = file.named(source);
    if (hit) return fromColumn(field, hit);
    problems.push({
      kind: 'missing_column',
      table,
      row: null,
      column: source,
      field,
      expected: `a column named "${source}" in the file (mapped to ${field})`,
      got: fileList,
    });
    return undefined;
  };

  const unpivot = mapping.unpivot;
  const grouped = new Set(unpivot?.groups.flatMap((g) => [...g.columns.keys()]) ?? []);
  const base = new Map<string, ColumnOrigin>();
  for (const [field, value] of mapping.constants) {
    base.set(field, { kind: 'constant', value });
    labels.set(field, `${String(value)} (constant)`);
  }
  // Columns the mapping names claim theirs before any header is matched.
  for (const [field, source] of mapping.columns) {
    if (field === unpivot?.column || grouped.has(field)) continue;
    const origin = named(field, source);
    if (origin) base.set(field, origin), labels.set(field, source);
  }
  const groupOrigins = (unpivot?.groups ?? []).map((group) => {
    const origins = new Map<string, ColumnOrigin>([[unpivot!.column, { kind: 'constant', value: group.value }]]);
    for (const [field, source] of group.columns) {
      const origin = named(field, source);
      if (origin) origins.set(field, origin);
      labels.set(field, labels.has(field) ? `${labels.get(field)}/${source}` : source);
    }
    return origins;
  });
  for (const column of spec.columns) {
    const field = column.name;
    if (base.has(field) || mapping.columns.has(field) || field === unpivot?.column || grouped.has(field)) continue;
    const hit = file.forField(table, field, used);
    if (hit) base.set(field, fromColumn(field, hit)), labels.set(field, hit.name);
  }
  if (unpivot) labels.set(unpivot.column, `${unpivot.column} (unpivot)`);
  const groups = unpivot ? groupOrigins.map((origins) => ({ origins: new Map([...base, ...origins]) })) : [{ origins: base }];
  const mapped = new Set(groups.flatMap((g) => [...g.origins.keys()]));

  const units = new Map<string, MoneyUnit>();
  const applied: AppliedUnit[] = [];
  for (const column of spec.columns) {
    const field = column.name;
    if (!column.money || !mapped.has(field)) continue;
    const given = mapping.units.get(field);
    const carried = [...new Set(headerUnits.get(field) ?? [])];
    if (!given && carried.length > 1) {
      const columns = [...new Set(groups.flatMap((g) => { const o = g.origins.get(field); return o?.kind === 'column' ? [o.name] : []; }))];
      const unitOf = (column: string) => file.named(column)?.unit;
      problems.push({
        kind: 'mapping',
        table,
        row: null,
        column: `${table}.units.${field}`,
        field,
        expected: `one unit for ${field} in every column, or units.${field} in the mapping`,
        got: columns.map((c) => `${c} (${unitOf(c) ? UNIT_LABELS[unitOf(c)!] : 'no unit'})`).join(', '),
      });
      continue;
    }
    const header = carried[0] ?? null;
    const [unit, from]: [MoneyUnit, AppliedUnit['from']] = given ? [given, 'mapping'] : header ? [header, 'header'] : ['yuan', 'default'];
    units.set(field, unit);
    applied.push({ table, field, source: labels.get(field) ?? field, unit, from });
  }

  const missing: string[] = [];
  for (const column of spec.columns) {
    if (!column.required || mapped.has(column.name)) continue;
    // Loans without a classification column get it from days past due.
    if (table === 'loans' && column.name === 'classification' && mapped.has('dpd')) continue;
    missing.push(column.name);
    const hint = table === 'loans' && column.name === 'classification' ? ' (or dpd to derive it)' : '';
    problems.push({
      kind: 'missing_column',
      table,
      row: null,
      column: column.name,
      field: column.name,
      expected: `a column for ${column.name}${hint}: name it so, or map it`,
      got: fileList,
    });
  }

  const fieldOf = new Map<string, string>();
  for (const column of spec.columns) {
    for (const g of groups) {
      const origin = g.origins.get(column.name);
      if (origin?.kind === 'column' && !fieldOf.has(origin.name)) fieldOf.set(origin.name, column.name);
    }
  }
  const columns = described.map(({ column_name: source }): FileColumnUse => {
    const field = fieldOf.get(source) ?? null;
    const unit = field === null ? undefined : applied.find((u) => u.field === field);
    return { source, field, unit: unit?.unit ?? null, unitFrom: unit?.from ?? null };
  });
  const constants: Record<string, string> = {};
  for (const [field, origin] of base) {
    if (origin.kind === 'constant') constants[field] = String(origin.value);
    else if (origin.kind === 'row') constants[field] = '$row';
  }
  return {
    plan: { table, groups, sourceLabels: labels, mapping, units },
    problems,
    units: applied,
    columns,
    constants,
    missing,
    ignored: columns.filter((c) => c.field === null).map((c) => c.source),
  };
}

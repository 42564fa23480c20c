import type { BulkData, Engine } from '../engine/types.ts';
import { DERIVED_TABLES, type FactsNames } from '../queries/facts.ts';
import { toRows } from '../engine/rows.ts';
import { SCHEMA, TABLE_NAMES, type TableName } from '../schema.ts';
import {
  convertSql,
  countSql,
  describeSql,
  dropTableSql,
  dropViewSql,
  numberRowsSql,
  orphanCountsSql,
  problemsSql,
  nextTableSql,
  swapTableSql,
  type ColumnOrigin,
  type ConversionPlan,
  type DescribeRow,
  type OrphanCountRow,
  type ProblemRow,
  type ReferenceCheck,
} from '../queries/load.ts';
import { COLUMN_ALIASES, normalizeHeader } from './codes.ts';
import { LoadError, MAX_REPORTED_PROBLEMS, type LoadProblem, type LoadWarning } from './errors.ts';
import type { Mapping, OrphanPolicy, TableMapping } from './mapping.ts';
import { resolveSource, type Source } from './source.ts';

export type LoadInput = Partial<Record<TableName, Source>>;

export interface LoadOptions {
  mapping?: Mapping;
  /** Dangling references stop the load (`error`, the default) or are reported as warnings. */
  orphans?: OrphanPolicy;
  /**
   * Stage files compressed (slower, a fraction of the memory): `true` for every file, `false` for
   * none; by default only files too big to stage as they are (from about 10M loan rows).
   */
  compactStaging?: boolean;
}

export interface LoadReport {
  /** Rows now in each table this load replaced. */
  rows: Partial<Record<TableName, number>>;
  warnings: LoadWarning[];
  /** Columns of each file that map to nothing in the model and were left out. */
  ignoredColumns: Partial<Record<TableName, string[]>>;
}

let stagingCounter = 0;

/** The derived layer's statements, built from and into the given names, for this many loan rows. */
export type DeriveSql = (names: FactsNames, loanRows: number) => string[];

const nextTableName = (name: string, id: number) => `__strata_next_${name}_${id}`;

/**
 * Builds the derived layer beside the current one (from `source` names) and swaps it in, with the
 * `loaded` tables' next versions, by renames in one transaction.
 */
async function deriveAndSwap(engine: Engine, deriveSql: DeriveSql, id: number, source: FactsNames['source'], loaded: readonly string[]): Promise<void> {
  const names: FactsNames = { source, derived: (table) => nextTableName(table, id) };
  const [loans] = toRows<{ n: number }>(await engine.query(countSql(source('loans'))));
  for (const statement of deriveSql(names, loans?.n ?? 0)) await engine.query(statement);
  await engine.transaction(async (run) => {
    for (const table of [...loaded, ...DERIVED_TABLES]) for (const statement of swapTableSql(table, nextTableName(table, id))) await run(statement);
  });
}

/**
 * Rebuilds the derived layer from the tables as they are (after a change of rules): built beside
 * and swapped in, so that a failure changes nothing.
 */
export async function rebuildDerived(engine: Engine, deriveSql: DeriveSql): Promise<void> {
  const id = ++stagingCounter;
  try {
    await deriveAndSwap(engine, deriveSql, id, (table) => table, []);
  } finally {
    for (const table of DERIVED_TABLES) await engine.query(dropTableSql(nextTableName(table, id))).catch(() => undefined);
  }
}

/**
 * Whether a file is big enough to stage compressed: staged as they are, its raw and typed copies
 * could outgrow wasm's 4 GB (about 10M loan rows); smaller files stage faster uncompressed.
 * Parquet is compressed several times over, so its bytes count for more.
 */
function compactStaging(bulk: BulkData): boolean {
  const bytes = bulk.format === 'arrow' ? bulk.ipc.byteLength : bulk.format === 'parquet' ? bulk.bytes.byteLength * 4 : bulk.text.length * 2;
  return bytes > COMPACT_STAGING_BYTES;
}
const COMPACT_STAGING_BYTES = 512 * 2 ** 20;

/** A file DuckDB could not read, as a problem: CSV errors carry the line and the field counts. */
function insertProblem(table: TableName, format: string, message: string): LoadProblem {
  const line = /CSV Error on Line:\s*(\d+)/i.exec(message)?.[1];
  const counts = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/i.exec(message);
  const original = /Original Line:\s*(.*)/i.exec(message)?.[1];
  if (line && counts) {
    // DuckDB stops counting at the first extra field, so "more" is all it knows for long rows.
    const got = Number(counts[2]) > Number(counts[1]) ? 'more fields' : `${counts[2]} field${counts[2] === '1' ? '' : 's'}`;
    return { kind: 'file', table, row: Number(line), column: null, expected: `${counts[1]} fields, as in the header`, got: `${got}: ${original ?? ''}`.trim() };
  }
  return { kind: 'file', table, row: line ? Number(line) : null, column: null, expected: `a readable ${format} file`, got: message.split('\n')[0] ?? message };
}

function planFor(table: TableName, columns: DescribeRow[], mapping: TableMapping, problems: LoadProblem[]): ConversionPlan {
  const spec = SCHEMA[table];
  const byNormalized = new Map<string, DescribeRow>();
  for (const c of columns) byNormalized.set(normalizeHeader(c.column_name), c);
  const exact = new Map(columns.map((c) => [c.column_name, c]));
  const used = new Set<string>();
  const sourceLabels = new Map<string, string>();

  const find = (canonical: string, sourceName: string): ColumnOrigin | undefined => {
    if (sourceName === '$row') return { kind: 'row' };
    const hit = exact.get(sourceName) ?? byNormalized.get(normalizeHeader(sourceName));
    if (!hit) {
      problems.push({
        kind: 'missing_column',
        table,
        row: null,
        column: sourceName,
        field: canonical,
        expected: `a column named "${sourceName}" in the file (mapped to ${canonical})`,
        got: `columns ${columns.map((c) => c.column_name).join(', ')}`,
      });
      return undefined;
    }
    used.add(hit.column_name);
    return { kind: 'column', name: hit.column_name, type: hit.column_type };
  };

  const base = new Map<string, ColumnOrigin>();
  const unknown = Object.keys({ ...mapping.columns, ...mapping.constants }).filter((c) => !spec.columns.some((s) => s.name === c));
  for (const name of unknown) {
    problems.push({ kind: 'mapping', table, row: null, column: name, field: null, expected: `a ${table} column (${spec.columns.map((c) => c.name).join(', ')})`, got: name });
  }
  const unpivotColumn = mapping.unpivot?.column;
  const groupColumns = new Set(Object.values(mapping.unpivot?.groups ?? {}).flatMap((g) => Object.keys(g)));
  for (const column of spec.columns) {
    const name = column.name;
    if (name === unpivotColumn || groupColumns.has(name)) continue;
    if (mapping.constants && name in mapping.constants) {
      base.set(name, { kind: 'constant', value: mapping.constants[name] as string | number | boolean });
      sourceLabels.set(name, `${name} (constant)`);
      continue;
    }
    const explicit = mapping.columns?.[name];
    if (explicit !== undefined) {
      const origin = find(name, explicit);
      if (origin) base.set(name, origin), sourceLabels.set(name, explicit);
      continue;
    }
    const candidates = [name, ...(COLUMN_ALIASES[name] ?? [])];
    const hit = candidates.map((c) => byNormalized.get(normalizeHeader(c))).find((c) => c && !used.has(c.column_name));
    if (hit) {
      used.add(hit.column_name);
      base.set(name, { kind: 'column', name: hit.column_name, type: hit.column_type });
      sourceLabels.set(name, hit.column_name);
    }
  }

  const groups: ConversionPlan['groups'] = [];
  if (mapping.unpivot) {
    for (const [value, columnsOfGroup] of Object.entries(mapping.unpivot.groups)) {
      const origins = new Map(base);
      origins.set(mapping.unpivot.column, { kind: 'constant', value });
      for (const [canonical, sourceName] of Object.entries(columnsOfGroup)) {
        if (!spec.columns.some((s) => s.name === canonical)) {
          problems.push({ kind: 'mapping', table, row: null, column: canonical, field: null, expected: `a ${table} column in unpivot group ${value}`, got: canonical });
          continue;
        }
        const origin = find(canonical, sourceName);
        if (origin) origins.set(canonical, origin);
        sourceLabels.set(canonical, sourceLabels.has(canonical) ? `${sourceLabels.get(canonical)}/${sourceName}` : sourceName);
      }
      groups.push({ origins });
    }
    sourceLabels.set(mapping.unpivot.column, `${mapping.unpivot.column} (unpivot)`);
  } else {
    groups.push({ origins: base });
  }

  const mappedAnywhere = new Set(groups.flatMap((g) => [...g.origins.keys()]));
  for (const column of spec.columns) {
    if (!column.required || mappedAnywhere.has(column.name)) continue;
    // Loans without a classification column get it from days past due.
    if (table === 'loans' && column.name === 'classification' && mappedAnywhere.has('dpd')) continue;
    const hint = table === 'loans' && column.name === 'classification' ? ' (or dpd to derive it)' : '';
    problems.push({
      kind: 'missing_column',
      table,
      row: null,
      column: column.name,
      field: column.name,
      expected: `a column for ${column.name}${hint}: name it so, or map it`,
      got: `columns ${columns.map((c) => c.column_name).join(', ')}`,
    });
  }
  return { table, groups, sourceLabels, mapping };
}

/**
 * Loads tables all or nothing: every file is staged, converted and checked; only when no file
 * has a problem are the canonical tables replaced, in one transaction. A LoadError leaves every
 * table exactly as it was.
 */
export async function loadTables(
  engine: Engine,
  input: LoadInput,
  options: LoadOptions,
  deriveSql: DeriveSql,
): Promise<LoadReport> {
  const tables = TABLE_NAMES.filter((t) => input[t] !== undefined);
  const unknownTables = Object.keys(input).filter((t) => !(TABLE_NAMES as readonly string[]).includes(t));
  if (unknownTables.length > 0) {
    throw new LoadError(
      unknownTables.map((t) => ({ kind: 'mapping' as const, table: t as TableName, row: null, column: null, expected: `a table name (${TABLE_NAMES.join(', ')})`, got: t })),
      unknownTables.length,
    );
  }
  const id = ++stagingCounter;
  const staging: string[] = [];
  const typedName = (t: TableName) => `__strata_typed_${t}_${id}`;
  const problems: LoadProblem[] = [];
  let problemTotal = 0;
  const plans = new Map<TableName, ConversionPlan>();
  const ignoredColumns: LoadReport['ignoredColumns'] = {};
  const warnings: LoadWarning[] = [];
  const policy = options.orphans ?? 'error';

  // Every file is fetched and read at once (over a network, one after another would add up the
  // latencies); each is then staged in turn. A failure is handled when its table's turn comes.
  const sources = new Map(
    tables.map((table) => {
      const pending = resolveSource(table, input[table] as Source);
      pending.catch(() => undefined);
      return [table, pending] as const;
    }),
  );

  try {
    for (const table of tables) {
      let resolved;
      try {
        resolved = await sources.get(table)!;
      } catch (error) {
        if (!(error instanceof LoadError)) throw error;
        problems.push(...error.problems);
        problemTotal += error.total;
        continue;
      }
      const raw = `__strata_raw_${table}_${id}`;
      const numbered = `__strata_numbered_${table}_${id}`;
      staging.push(numbered, raw, typedName(table));
      const compact = options.compactStaging ?? compactStaging(resolved.bulk);
      try {
        await engine.insert(raw, resolved.bulk, { compact });
      } catch (error) {
        problems.push(insertProblem(table, resolved.format, (error as Error).message));
        problemTotal++;
        continue;
      }
      await engine.query(numberRowsSql(numbered, raw, resolved.rowOffset));
      if (resolved.expectsRows && (toRows<{ n: number }>(await engine.query(countSql(numbered)))[0]?.n ?? 0) === 0) {
        problems.push({ kind: 'file', table, row: 2, column: null, expected: 'rows after the header', got: 'none could be read' });
        problemTotal++;
        continue;
      }
      const columns = toRows<DescribeRow>(await engine.query(describeSql(raw)));
      const before = problems.length;
      const plan = planFor(table, columns, options.mapping?.[table] ?? {}, problems);
      problemTotal += problems.length - before;
      if (problems.length > before) continue;
      plans.set(table, plan);
      const used = new Set(plan.groups.flatMap((g) => [...g.origins.values()].flatMap((o) => (o.kind === 'column' ? [o.name] : []))));
      const ignored = columns.map((c) => c.column_name).filter((c) => !used.has(c));
      if (ignored.length > 0) ignoredColumns[table] = ignored;
      await engine.query(convertSql(plan, numbered, typedName(table), { temporary: !compact }));
      // The typed table keeps what problem reports need: the raw copy's memory is freed now.
      await engine.query(dropViewSql(numbered));
      await engine.query(dropTableSql(raw));
    }

    const referencesOf = async (table: TableName): Promise<ReferenceCheck[]> => {
      const checks: ReferenceCheck[] = [];
      for (const column of SCHEMA[table].columns) {
        if (!column.references) continue;
        const target = column.references.table;
        if (plans.has(target)) {
          checks.push({ column: column.name, target: typedName(target), targetColumn: column.references.column, targetTable: target });
        } else if (!tables.includes(target)) {
          const [row] = toRows<{ n: number }>(await engine.query(countSql(target)));
          if ((row?.n ?? 0) > 0) checks.push({ column: column.name, target, targetColumn: column.references.column, targetTable: target });
        }
      }
      return checks;
    };

    for (const [table, plan] of plans) {
      const references = await referencesOf(table);
      const rows = toRows<ProblemRow>(await engine.query(problemsSql(plan, typedName(table), policy === 'error' ? references : [])));
      problemTotal += rows[0]?.total ?? 0;
      problems.push(...rows.map(({ kind, row, column, field, expected, got }) => ({ kind, table, row, column, field, expected, got })));
      if (policy === 'warning' && references.length > 0) {
        const orphans = toRows<OrphanCountRow>(await engine.query(orphanCountsSql(typedName(table), references)));
        for (const o of orphans) {
          const ref = references.find((r) => r.column === o.column);
          warnings.push({
            kind: 'orphan',
            table,
            field: o.column,
            row: o.first_row,
            column: plan.sourceLabels.get(o.column) ?? o.column,
            expected: `a ${ref?.targetColumn} that exists in ${ref?.targetTable}`,
            got: o.example,
            count: o.count,
          });
        }
      }
    }

    if (problemTotal > 0) {
      const order = (p: LoadProblem) => TABLE_NAMES.indexOf(p.table);
      const sorted = [...problems].sort((a, b) => order(a) - order(b) || (a.row ?? 0) - (b.row ?? 0));
      throw new LoadError(sorted.slice(0, MAX_REPORTED_PROBLEMS), Math.max(problemTotal, sorted.length));
    }

    // Everything new is built beside what is loaded (each table, then the derived layer from them),
    // and swapped in by renames in one transaction: nobody sees a half-loaded state, a failure
    // before the swap changes nothing, and the transaction holds no rows of its own.
    const nextName = (name: string) => nextTableName(name, id);
    for (const table of plans.keys()) {
      staging.push(nextName(table));
      await engine.query(nextTableSql(table, typedName(table), nextName(table)));
      await engine.query(dropTableSql(typedName(table)));
    }
    staging.push(...DERIVED_TABLES.map(nextName));
    await deriveAndSwap(engine, deriveSql, id, (table) => (plans.has(table) ? nextName(table) : table), [...plans.keys()]);
    const rows: LoadReport['rows'] = {};
    for (const table of plans.keys()) rows[table] = toRows<{ n: number }>(await engine.query(countSql(table)))[0]?.n ?? 0;
    return { rows, warnings, ignoredColumns };
  } finally {
    for (const name of staging) {
      await engine.query(name.startsWith('__strata_numbered_') ? dropViewSql(name) : dropTableSql(name)).catch(() => undefined);
    }
  }
}

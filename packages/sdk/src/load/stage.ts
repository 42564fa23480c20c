/**
 * What a load and a preview share: every file staged, converted and checked beside the loaded
 * tables, which nothing here changes. A load then swaps the result in; a preview reads its first
 * rows; both drop the staging tables.
 */
import type { BulkData, Engine } from '../engine/types.ts';
import { toRows } from '../engine/rows.ts';
import { convertSql, countSql, describeSql, dropTableSql, dropViewSql, numberRowsSql, type DescribeRow } from './sql.ts';
import { TABLE_NAMES, type TableName } from '../schema.ts';
import { checkReverse, checkTable, isChecked } from './checks.ts';
import { directCheckSql, directViewSql } from './direct.ts';
import { engineProblem } from './engine-problems.ts';
import { LoadError, type LoadProblem, type LoadWarning } from './errors.ts';
import { checkMapping, NO_MAPPING, type CheckedTableMapping } from './mapping-check.ts';
import type { Mapping, OrphanPolicy } from './mapping.ts';
import { planTable, type TablePlan } from './plan.ts';
import { ProblemList } from './problems.ts';
import { resolveSource, type Encoding, type Format, type ResolvedSource, type Source } from './source.ts';

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
  /**
   * `tables` (the default): only the tables given are replaced; `all`: every table not given is
   * emptied as well (a new data set: nothing of the previous one stays beside it).
   */
  replace?: 'all' | 'tables';
}

/** A table whose file could be read. */
export interface StagedTable {
  table: TableName;
  format: Format;
  encoding: Encoding | null;
  /** Records in the file. */
  sourceRows: number;
  planned: TablePlan;
  /** The converted rows (canonical columns beside what the file said), when converted. */
  typed: string | null;
  /** The typed table is a view over the staged file, already canonical (load/direct.ts). */
  direct: boolean;
  /**
   * The statements that free the staged rows once the canonical table is built: the typed copy,
   * or for a file already canonical (load/direct.ts) the view over its staged rows and those rows.
   */
  release: string[];
  /** Rows of the typed table (more than the records when unpivoted). */
  rows: number;
}

export interface Staged {
  /** The tables given, in model order. */
  given: TableName[];
  tables: Map<TableName, StagedTable>;
  problems: ProblemList;
  warnings: LoadWarning[];
  /** Tables not given that `replace: 'all'` empties. */
  emptied: TableName[];
}

let stagingCounter = 0;

/** The staging tables of one load or preview, dropped on every way out. */
export class Staging {
  readonly id = ++stagingCounter;
  private readonly tables = new Set<string>();
  private readonly views = new Set<string>();

  constructor(private readonly engine: Engine) {}

  /** The name of a staging table (or view) of `table`, to be dropped by `drop`. */
  name(kind: 'raw' | 'numbered' | 'typed' | 'next', table: string, as: 'table' | 'view' = kind === 'numbered' ? 'view' : 'table'): string {
    const name = `__strata_${kind}_${table}_${this.id}`;
    (as === 'view' ? this.views : this.tables).add(name);
    return name;
  }

  async drop(): Promise<void> {
    for (const name of this.views) await this.engine.query(dropViewSql(name)).catch(() => undefined);
    for (const name of this.tables) await this.engine.query(dropTableSql(name)).catch(() => undefined);
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

/** The options checked before anything is read: unknown tables, the mapping, the policies. */
function checkRequest(input: LoadInput, options: LoadOptions): { given: TableName[]; mappings: Map<TableName, CheckedTableMapping>; problems: LoadProblem[] } {
  const problems: LoadProblem[] = [];
  const keys = typeof input === 'object' && input !== null ? Object.keys(input) : [];
  const given = TABLE_NAMES.filter((t) => keys.includes(t) && input[t] !== undefined);
  const anchor = given[0] ?? 'loans';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push({ kind: 'file', table: anchor, row: null, column: null, expected: 'an object of { table: file }', got: String(input) });
  }
  for (const key of keys) {
    if (!(TABLE_NAMES as readonly string[]).includes(key)) {
      problems.push({ kind: 'mapping', table: key as TableName, row: null, column: null, field: null, expected: `a table name (${TABLE_NAMES.join(', ')})`, got: key });
    }
  }
  const checked = checkMapping(options.mapping, anchor);
  problems.push(...checked.problems);
  const option = (name: string, value: unknown, allowed: readonly string[]) => {
    if (value !== undefined && !allowed.includes(value as string)) {
      problems.push({ kind: 'mapping', table: anchor, row: null, column: name, field: null, expected: `${name}: ${allowed.join(' or ')}`, got: String(value) });
    }
  };
  option('orphans', options.orphans, ['error', 'warning']);
  option('replace', options.replace, ['all', 'tables']);
  return { given, mappings: checked.tables, problems };
}

/**
 * Stages, converts and checks every table given. Throws a LoadError only for problems found
 * before any file is read (the mapping, unknown tables); every other problem is in `problems`.
 * With `convertAll`, a table whose columns do not fit is converted all the same (a preview shows
 * its rows); its rows are not checked, as a load would not check them either.
 */
export async function stageTables(engine: Engine, input: LoadInput, options: LoadOptions, staging: Staging, convertAll: boolean): Promise<Staged> {
  let request: ReturnType<typeof checkRequest>;
  try {
    request = checkRequest(input, options);
  } catch (error) {
    // A getter that throws, a proxy …: the mapping cannot even be read.
    throw new LoadError([{ kind: 'mapping', table: 'loans', row: null, column: 'mapping', field: null, expected: 'a mapping of plain values', got: (error as Error)?.message ?? String(error) }], 1);
  }
  if (request.problems.length > 0) {
    const list = new ProblemList();
    list.add(...request.problems);
    throw list.toError();
  }
  const { given, mappings } = request;
  const problems = new ProblemList();
  const warnings: LoadWarning[] = [];
  const tables = new Map<TableName, StagedTable>();
  const policy = options.orphans ?? 'error';
  const emptied = options.replace === 'all' ? TABLE_NAMES.filter((t) => !given.includes(t)) : [];

  // Every file is fetched and read at once (over a network, one after another would add up the
  // latencies); each is then staged in turn. A failure is handled when its table's turn comes.
  const sources = new Map(
    given.map((table) => {
      const pending = resolveSource(table, input[table] as Source);
      pending.catch(() => undefined);
      return [table, pending] as const;
    }),
  );

  for (const table of given) {
    let resolved: ResolvedSource;
    try {
      resolved = await sources.get(table)!;
    } catch (error) {
      if (error instanceof LoadError) problems.addError(error);
      else problems.add({ ...(await engineProblem(engine, table, error, { step: 'read the file' })), kind: 'file', expected: 'the file to be read' });
      continue;
    }
    let step = 'stage the file';
    try {
      const raw = staging.name('raw', table);
      const compact = options.compactStaging ?? compactStaging(resolved.bulk);
      try {
        await engine.insert(raw, resolved.bulk, { compact });
      } catch (error) {
        problems.add(await engineProblem(engine, table, error, { step, source: resolved, reading: true, reread: () => resolveSource(table, input[table] as Source) }));
        continue;
      }
      const numbered = staging.name('numbered', table);
      await engine.query(numberRowsSql(numbered, raw, resolved.rowOffset));
      const sourceRows = toRows<{ n: number }>(await engine.query(countSql(numbered)))[0]?.n ?? 0;
      if (resolved.expectsRows && sourceRows === 0) {
        problems.add({ kind: 'file', table, row: 2, column: null, expected: 'rows after the header', got: 'none could be read' });
        continue;
      }
      const described = toRows<DescribeRow>(await engine.query(describeSql(raw)));
      const planned = planTable(table, described, mappings.get(table) ?? NO_MAPPING);
      problems.add(...planned.problems);
      const entry: StagedTable = { table, format: resolved.format, encoding: resolved.encoding, sourceRows, planned, typed: null, direct: false, release: [], rows: 0 };
      tables.set(table, entry);
      if (planned.problems.length > 0 && !convertAll) continue;
      step = 'convert the values';
      const direct = directCheckSql(planned.plan, numbered);
      if (direct !== null && toRows<{ direct: boolean }>(await engine.query(direct))[0]?.direct === true) {
        // Canonical already: the staged rows are read as they are, numbered as the file is.
        const typed = staging.name('typed', table, 'view');
        await engine.query(directViewSql(planned.plan, numbered, typed));
        Object.assign(entry, { typed, direct: true, release: [dropViewSql(typed), dropViewSql(numbered), dropTableSql(raw)], rows: sourceRows });
        continue;
      }
      const typed = staging.name('typed', table);
      await engine.query(convertSql(planned.plan, numbered, typed, { temporary: !compact }));
      // The typed table keeps what problem reports need: the raw copy's memory is freed now.
      await engine.query(dropViewSql(numbered));
      await engine.query(dropTableSql(raw));
      entry.typed = typed;
      entry.release = [dropTableSql(typed)];
      entry.rows = toRows<{ n: number }>(await engine.query(countSql(typed)))[0]?.n ?? 0;
    } catch (error) {
      problems.add(await engineProblem(engine, table, error, { step, source: resolved }));
    }
  }

  const staged: Staged = { given, tables, problems, warnings, emptied };
  const checked = [...tables.values()].filter(isChecked);
  let rowsIn: Map<TableName, boolean>;
  try {
    rowsIn = await tableRows(engine, given, emptied, tables);
  } catch (error) {
    problems.add(await engineProblem(engine, given[0] ?? 'loans', error, { step: 'count the loaded tables' }));
    return staged;
  }
  for (const table of checked) {
    try {
      await checkTable(engine, table, policy, { given, tables, rowsIn, problems, warnings });
    } catch (error) {
      problems.add(await engineProblem(engine, table.table, error, { step: 'check the values' }));
    }
  }
  try {
    await checkReverse(engine, checked, policy, { given, tables, rowsIn, problems, warnings });
  } catch (error) {
    problems.add(await engineProblem(engine, checked[0]?.table ?? given[0] ?? 'loans', error, { step: 'check the references to the new tables' }));
  }
  return staged;
}

/** Whether each table holds rows once the load is done (a table given: whether its file had any). */
async function tableRows(engine: Engine, given: readonly TableName[], emptied: readonly TableName[], tables: ReadonlyMap<TableName, StagedTable>) {
  const rows = new Map<TableName, boolean>();
  for (const table of TABLE_NAMES) {
    // A file not checked (the load fails anyway) counts as holding rows: no warning of its absence.
    if (given.includes(table)) rows.set(table, isChecked(tables.get(table)) ? tables.get(table)!.rows > 0 : true);
    else if (emptied.includes(table)) rows.set(table, false);
    else rows.set(table, (toRows<{ n: number }>(await engine.query(countSql(table)))[0]?.n ?? 0) > 0);
  }
  return rows;
}

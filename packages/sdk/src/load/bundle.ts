/**
 * Loading a bundle (see bundle-manifest.ts): the manifest and every file are read at once and each
 * file's SHA-256 compared with the manifest's. When all match, the files are the tables a checked
 * load produced: each goes straight into its next table (decoded by parquet-wasm; no conversion,
 * no row checks), then the derived layer is built and everything swapped in, as a load of files does. When any differs, the
 * whole bundle is loaded as files, with every check: a changed table's references, and the
 * references to it, are then checked against the bundle's other tables, not the ones loaded before.
 */
import { toRows } from '../engine/rows.ts';
import type { Engine } from '../engine/types.ts';
import { DERIVED_TABLES } from '../queries/facts.ts';
import { TABLE_NAMES, type TableName } from '../schema.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  type BundleColumn,
  type BundleDerivedTable,
  type BundleInput,
  type BundleManifest,
  type BundleReport,
  type BundleTable,
} from './bundle-manifest.ts';
import { canonicalColumns, deriveFingerprint, sha256Hex } from './bundle-files.ts';
import { engineProblem } from './engine-problems.ts';
import { LoadError, type LoadProblem } from './errors.ts';
import { deriveAndSwap, loadTables, swapIn, type DeriveSql, type LoadReport } from './load.ts';
import { ProblemList } from './problems.ts';
import { readLocation, URL_SCHEME } from './source.ts';
import { ident } from '../sql/quote.ts';
import { countSql, describeSql, emptyNextTableSql, type DescribeRow } from './sql.ts';
import { Staging, type LoadInput, type LoadOptions } from './stage.ts';

/** Manifest problems are filed under the first table (a LoadProblem names one); `column` says where. */
const MANIFEST_ANCHOR: TableName = 'loans';
/** A file name the manifest may give: one name beside it, never a folder or another host. */
const PLAIN_FILE = /^[\w-][\w.-]*$/;

const manifestProblem = (where: string, expected: string, got: string): LoadProblem => ({
  kind: 'file',
  table: MANIFEST_ANCHOR,
  row: null,
  column: where,
  expected,
  got,
});

/** A URL or path that is not a Windows drive path (C:\\ reads as a URL scheme). */
const isUrl = (href: string) => URL_SCHEME.test(href) && !/^[a-z]:[\\/]/i.test(href);

/** The folder files resolve against (a path ends in its separator); undefined: the page's URL or the working directory. */
function folderOf(input: BundleInput): URL | string | undefined {
  const { bundle, base } = input;
  if (typeof bundle === 'string' || bundle instanceof URL) {
    const href = String(bundle);
    return isUrl(href) ? new URL('.', href) : href.replace(/[^/\\]*$/, '');
  }
  if (base === undefined) return undefined;
  const href = String(base);
  const folder = /[/\\]$/.test(href) ? href : `${href}/`;
  return isUrl(folder) ? new URL(folder) : folder;
}

/** The manifest's entries checked against the model; every problem found is listed. */
function checkManifest(value: unknown, where: string): BundleManifest {
  const m = value as Partial<BundleManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== BUNDLE_FORMAT) {
    throw new LoadError([manifestProblem(where, `a Strata bundle manifest (format "${BUNDLE_FORMAT}", made by strata pack)`, JSON.stringify((m as { format?: unknown } | null)?.format ?? null))], 1);
  }
  if (m.schemaVersion !== BUNDLE_SCHEMA_VERSION) {
    const expected = `a bundle of schema version ${BUNDLE_SCHEMA_VERSION} (this Strata's): pack the data again with this version's strata pack`;
    throw new LoadError([manifestProblem(where, expected, `schema version ${JSON.stringify(m.schemaVersion ?? null)}`)], 1);
  }
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  const tables = Array.isArray(m.tables) ? m.tables : [];
  if (!Array.isArray(m.tables) || tables.length === 0) problems.push(manifestProblem(where, 'a list of tables', JSON.stringify(m.tables ?? null)));
  for (const t of tables) {
    const name = (t as Partial<BundleTable> | null)?.name;
    if (!(TABLE_NAMES as readonly unknown[]).includes(name) || seen.has(name as string)) {
      problems.push(manifestProblem(where, `each table once, one of ${TABLE_NAMES.join(', ')}`, JSON.stringify(name ?? null)));
      continue;
    }
    seen.add(name as string);
    const table = name as TableName;
    const entry = (what: string, got: unknown) => problems.push({ kind: 'file', table, row: null, column: where, expected: what, got: JSON.stringify(got ?? null) });
    checkFileEntry(t, entry);
    if (JSON.stringify(t.columns) !== JSON.stringify(canonicalColumns(table))) entry(`the canonical columns of ${table}`, t.columns);
  }
  if (m.derived !== undefined) checkDerived(m.derived, (what, got) => problems.push(manifestProblem(where, what, JSON.stringify(got ?? null))));
  if (problems.length > 0) throw new LoadError(problems, problems.length);
  return m as BundleManifest;
}

/** A DuckDB type name as DESCRIBE gives it (VARCHAR, DECIMAL(18,4), INTEGER[] …): nothing else reaches SQL. */
const TYPE_NAME = /^[A-Z][A-Z0-9_]*(\(\d+, ?\d+\))?(\[\])?$/;

function checkFileEntry(t: Partial<Omit<BundleTable, 'name'>>, problem: (what: string, got: unknown) => void): void {
  if (typeof t.file !== 'string' || !PLAIN_FILE.test(t.file)) problem('a file name beside the manifest', t.file);
  if (!Number.isSafeInteger(t.rows) || t.rows! < 0) problem('a row count', t.rows);
  if (!Number.isSafeInteger(t.bytes) || t.bytes! <= 0) problem('a size in bytes', t.bytes);
  if (typeof t.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(t.sha256)) problem('a SHA-256 in hex', t.sha256);
}

/** The derived layer's section: its rules, and each derived table once with its file and columns. */
function checkDerived(derived: NonNullable<BundleManifest['derived']>, problem: (what: string, got: unknown) => void): void {
  if (typeof derived?.rules !== 'object' || derived.rules === null) problem('derived.rules: the rules the derived layer was built under', derived?.rules);
  if (typeof derived?.sql !== 'string' || !/^[0-9a-f]{64}$/.test(derived.sql)) problem('derived.sql: the SHA-256 of the statements that built it', derived?.sql);
  const tables = Array.isArray(derived?.tables) ? derived.tables : [];
  const names = tables.map((t) => t?.name);
  if (JSON.stringify([...names].sort()) !== JSON.stringify([...DERIVED_TABLES].sort())) problem(`derived.tables: each of ${DERIVED_TABLES.join(', ')} once`, names);
  for (const t of tables) {
    checkFileEntry(t, (what, got) => problem(`derived ${String(t?.name)}: ${what}`, got));
    const columns = Array.isArray(t?.columns) ? t.columns : [];
    if (columns.length === 0 || !columns.every((c) => typeof c?.name === 'string' && typeof c.type === 'string' && TYPE_NAME.test(c.type))) {
      problem(`derived ${String(t?.name)}: its columns, each a name and a DuckDB type`, t?.columns);
    }
  }
}

async function readManifest(input: BundleInput): Promise<{ manifest: BundleManifest; where: string | null }> {
  const { bundle } = input;
  if (typeof bundle !== 'string' && !(bundle instanceof URL)) return { manifest: checkManifest(bundle, 'manifest'), where: null };
  const where = String(bundle);
  const { bytes } = await readLocation(MANIFEST_ANCHOR, bundle);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new LoadError([manifestProblem(where, 'a bundle manifest in JSON', (error as Error).message)], 1);
  }
  return { manifest: checkManifest(parsed, where), where };
}

interface BundleFile<E = BundleTable> {
  entry: E;
  bytes: Uint8Array;
  verified: boolean;
}

/** Every file read at once (over a network, one after another would add up the latencies) and hashed. */
async function readFiles<E extends BundleTable | BundleDerivedTable>(entries: readonly E[], folder: URL | string | undefined): Promise<BundleFile<E>[]> {
  const read = await Promise.allSettled(
    entries.map(async (entry) => {
      const location = folder instanceof URL ? new URL(entry.file, folder) : `${folder ?? ''}${entry.file}`;
      const anchor = (TABLE_NAMES as readonly string[]).includes(entry.name) ? (entry.name as TableName) : MANIFEST_ANCHOR;
      const { bytes } = await readLocation(anchor, location);
      const verified = bytes.byteLength === entry.bytes && (await sha256Hex(bytes)) === entry.sha256;
      return { entry, bytes, verified };
    }),
  );
  const problems = new ProblemList();
  for (const r of read) if (r.status === 'rejected') problems.addError(r.reason as LoadError);
  if (problems.total > 0) throw problems.toError();
  return read.map((r) => (r as PromiseFulfilledResult<BundleFile<E>>).value);
}

/**
 * Loads a bundle: as packed when every file matches the manifest, else with every check. The
 * derived layer comes from the bundle when it was built by the statements `deriveSql` gives (the
 * same rules, the same code) and its files match too; else it is derived here.
 */
export async function loadBundle(engine: Engine, input: BundleInput, options: LoadOptions, deriveSql: DeriveSql): Promise<LoadReport> {
  const { manifest, where } = await readManifest(input);
  const folder = folderOf(input);
  const sameDerive = manifest.derived !== undefined && manifest.derived.sql === (await deriveFingerprint(deriveSql));
  const [files, derivedFiles] = await Promise.all([readFiles(manifest.tables, folder), sameDerive ? readFiles(manifest.derived!.tables, folder) : []]);
  const bundle: BundleReport = {
    manifest: where,
    verified: files.filter((f) => f.verified).map((f) => f.entry.name),
    rechecked: files.filter((f) => !f.verified).map((f) => f.entry.name),
    derivedLayer: 'derived',
  };
  if (bundle.rechecked.length > 0) {
    // The files as a load of a folder would read them (format told by their bytes), so that a
    // problem reads as it would there. The mapping is not applied: a bundle holds canonical tables.
    const asFiles: LoadInput = Object.fromEntries(files.map((f) => [f.entry.name, f.bytes]));
    const report = await loadTables(engine, asFiles, { orphans: options.orphans, compactStaging: options.compactStaging, replace: 'all' }, deriveSql);
    return { ...report, bundle };
  }
  const packed = derivedFiles.length > 0 && derivedFiles.every((f) => f.verified) ? derivedFiles : undefined;
  const { report, derivedLayer } = await loadVerified(engine, files, packed, deriveSql);
  return { ...report, bundle: { ...bundle, derivedLayer } };
}

/**
 * The table's columns, after giving each column that holds only nulls in another type than the
 * one `listed` the listed type (pack wrote an all-null boolean column as integers while it wrote
 * with parquet-wasm, which refused it: bundles packed then still load). A column with values keeps its type, for the caller to compare. The listed
 * types are canonical, or TYPE_NAME-checked: no other text of a manifest becomes SQL.
 */
async function withListedTypes(engine: Engine, name: string, listed: readonly BundleColumn[]): Promise<BundleColumn[]> {
  const described = () => engine.query(describeSql(name)).then((t) => toRows<DescribeRow>(t).map((c) => ({ name: c.column_name, type: c.column_type })));
  const columns = await described();
  const differing = listed.filter((c, i) => columns[i]?.name === c.name && columns[i]?.type !== c.type);
  if (differing.length === 0) return columns;
  const counts = toRows<Record<string, number>>(await engine.query(`SELECT ${differing.map((c) => `count(${ident(c.name)})::DOUBLE AS ${ident(c.name)}`).join(', ')} FROM ${ident(name)}`))[0]!;
  for (const c of differing) if (counts[c.name] === 0) await engine.query(`ALTER TABLE ${ident(name)} ALTER ${ident(c.name)} SET DATA TYPE ${c.type}`);
  return described();
}

/**
 * The verified files straight into the next tables, the others emptied, the derived layer loaded
 * as packed (when given, and its tables are as the manifest lists them) or built, and all swapped in.
 */
async function loadVerified(
  engine: Engine,
  files: readonly BundleFile[],
  packed: readonly BundleFile<BundleDerivedTable>[] | undefined,
  deriveSql: DeriveSql,
): Promise<{ report: LoadReport; derivedLayer: BundleReport['derivedLayer'] }> {
  const staging = new Staging(engine);
  const next = (table: string) => staging.name('next', table);
  const given = files.map((f) => f.entry.name);
  const emptied = TABLE_NAMES.filter((t) => !given.includes(t));
  const report: LoadReport = { rows: {}, warnings: [], ignoredColumns: {}, units: [], columns: {}, files: {}, emptied };
  let step = 'stage the file';
  let table: TableName = given[0] ?? MANIFEST_ANCHOR;
  try {
    const problems = new ProblemList();
    for (const { entry, bytes } of files) {
      table = entry.name;
      step = 'stage the file';
      // Into the compressed database at once: this is the table as it will be, no copy follows.
      await engine.insert(next(table), { format: 'parquet', bytes }, { compact: true });
      step = 'compare the table with the manifest';
      const columns = await withListedTypes(engine, next(table), canonicalColumns(entry.name));
      const [count] = toRows<{ n: number }>(await engine.query(countSql(next(table))));
      const expectedColumns = JSON.stringify(entry.columns);
      if (JSON.stringify(columns) !== expectedColumns) problems.add({ kind: 'file', table, row: null, column: null, expected: `the columns the manifest lists: ${expectedColumns}`, got: JSON.stringify(columns) });
      if (count?.n !== entry.rows) problems.add({ kind: 'file', table, row: null, column: null, expected: `${entry.rows} rows, as the manifest says`, got: `${count?.n ?? 0} rows` });
      report.rows[table] = count?.n ?? 0;
      report.columns[table] = Object.fromEntries(entry.columns.map((c) => [c.name, c.name]));
      report.files[table] = { format: 'parquet', encoding: null };
    }
    if (problems.total > 0) throw problems.toError();
    step = 'build the new tables';
    for (const t of emptied) await engine.query(emptyNextTableSql(t, next(t)));
    const replaced = [...given, ...emptied];
    step = 'load the derived tables as packed';
    if (packed && (await loadPackedDerived(engine, packed, next))) {
      step = 'swap the tables in';
      await swapIn(engine, next, replaced);
      return { report, derivedLayer: 'packed' };
    }
    step = 'derive tiers, groups and facts and swap the tables in';
    await deriveAndSwap(engine, deriveSql, next, next, replaced);
    return { report, derivedLayer: 'derived' };
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError([await engineProblem(engine, table, error, { step })], 1);
  } finally {
    await staging.drop();
  }
}

/** The packed derived tables into their next names; false (nothing to swap) when one is not as the manifest lists it. */
async function loadPackedDerived(engine: Engine, packed: readonly BundleFile<BundleDerivedTable>[], next: (table: string) => string): Promise<boolean> {
  for (const { entry, bytes } of packed) {
    await engine.insert(next(entry.name), { format: 'parquet', bytes }, { compact: true });
    const columns = await withListedTypes(engine, next(entry.name), entry.columns);
    const [count] = toRows<{ n: number }>(await engine.query(countSql(next(entry.name))));
    if (JSON.stringify(columns) !== JSON.stringify(entry.columns) || count?.n !== entry.rows) return false;
  }
  return true;
}

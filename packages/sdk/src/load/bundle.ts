/**
 * Loading a bundle (see bundle-manifest.ts): the manifest and every file are read at once (ahead
 * of the load, while the engine opens, when asked) and each file's SHA-256 compared with the
 * manifest's. When all match, the files are the tables a checked load produced: each goes
 * straight into its next table (decoded by parquet-wasm; no conversion, no row checks), then the
 * derived layer is loaded or built and everything swapped in, as a load of files does; a first
 * load in two steps, the small tables first (loadVerified). When any differs, the whole bundle is
 * loaded as files, with every check: a changed table's references, and the references to it, are
 * then checked against the bundle's other tables, not the ones loaded before.
 *
 * Past 400 lines because the manifest's checks, the reading ahead and the two ways a verified
 * bundle goes in share the same few types and helpers; each part is short.
 */
import { prepareParquet } from '../engine/parquet.ts';
import { startParquetWorker } from '../engine/parquet-thread.ts';
import { toRows } from '../engine/rows.ts';
import type { Engine } from '../engine/types.ts';
import { DERIVED_TABLES, LATEST_LOAN_FACTS, LOAN_FACTS } from '../queries/facts.ts';
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
  isBundleInput,
} from './bundle-manifest.ts';
import { canonicalColumns, deriveFingerprint, sha256Hex } from './bundle-files.ts';
import { engineProblem } from './engine-problems.ts';
import { LoadError, type LoadProblem } from './errors.ts';
import { deriveAndSwap, loadTables, swapIn, swapTables, type DeriveSql, type LoadReport } from './load.ts';
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
 * What the Strata hears of a load as it goes: `interactive` once a first load (into empty tables)
 * has put the small tables in place, with the tables still to come. Until the load settles, a
 * query that reads one of those must wait for it (see results.ts, PendingTables).
 */
export interface BundleProgress {
  /** `reads(sql)`: whether a statement reads one of the tables still to come. */
  interactive(reads: (sql: string) => boolean): void;
}

/**
 * Whether a statement reads one of `tables`: where a FROM or JOIN names it, as the sdk's statements
 * name every table they read. Here, in the loader's chunk, not in the page's first download.
 */
export function readsAny(tables: readonly string[]): (sql: string) => boolean {
  const names = tables.map((t) => t.replace(/\W/g, '')).join('|');
  const pattern = new RegExp(`\\b(?:FROM|JOIN)\\s+"?(?:${names})"?(?![\\w"])`, 'i');
  return (sql) => pattern.test(sql);
}

/**
 * The tables a staged first load writes after the Strata already answers: the loans and the loan
 * facts, most of a bundle's bytes. Every cube, the months, the meta and the customers come before.
 */
export const BIG_TABLES: readonly string[] = ['loans', LOAN_FACTS, LATEST_LOAN_FACTS];

/**
 * Loads a bundle: as packed when every file matches the manifest, else with every check. The
 * derived layer comes from the bundle when it was built by the statements `deriveSql` gives (the
 * same rules, the same code) and its files match too; else it is derived here. Given `progress`,
 * a first load of a bundle as packed comes in two steps (see loadVerified).
 */
export async function loadBundle(engine: Engine, input: BundleInput, options: LoadOptions, deriveSql: DeriveSql, progress?: BundleProgress): Promise<LoadReport> {
  const started = performance.now();
  const read = prefetched.get(input) ?? readBundle(input);
  prefetched.delete(input);
  const { manifest, where } = await read;
  const sameDerive = manifest.derived !== undefined && manifest.derived.sql === (await deriveFingerprint(deriveSql));
  const [files, derivedFiles] = await Promise.all([(await read).files(), sameDerive ? (await read).derived() : []]);
  const bundle: BundleReport = {
    manifest: where,
    verified: files.filter((f) => f.verified).map((f) => f.entry.name),
    rechecked: files.filter((f) => !f.verified).map((f) => f.entry.name),
    derivedLayer: 'derived',
    interactiveMs: null,
    builtMs: 0,
  };
  if (bundle.rechecked.length > 0) {
    // The files as a load of a folder would read them (format told by their bytes), so that a
    // problem reads as it would there. The mapping is not applied: a bundle holds canonical tables.
    const asFiles: LoadInput = Object.fromEntries(files.map((f) => [f.entry.name, f.bytes]));
    const report = await loadTables(engine, asFiles, { orphans: options.orphans, compactStaging: options.compactStaging, replace: 'all' }, deriveSql);
    return { ...report, bundle: { ...bundle, builtMs: performance.now() - started } };
  }
  const packed = derivedFiles.length > 0 && derivedFiles.every((f) => f.verified) ? derivedFiles : undefined;
  const staged = progress && packed && files.some((f) => f.entry.name === 'loans') && (await allEmpty(engine)) ? progress : undefined;
  let interactiveMs: number | null = null;
  const interactive = staged && {
    interactive(reads: (sql: string) => boolean) {
      interactiveMs = performance.now() - started;
      staged.interactive(reads);
    },
  };
  const { report, derivedLayer } = await loadVerified(engine, files, packed, deriveSql, interactive);
  return { ...report, bundle: { ...bundle, derivedLayer, interactiveMs, builtMs: performance.now() - started } };
}

/** A bundle's manifest, and its files as they are read (each list read once, when first asked for). */
interface BundleRead {
  manifest: BundleManifest;
  where: string | null;
  files: () => Promise<BundleFile[]>;
  derived: () => Promise<BundleFile<BundleDerivedTable>[]>;
}

async function readBundle(input: BundleInput): Promise<BundleRead> {
  const { manifest, where } = await readManifest(input);
  const folder = folderOf(input);
  const once = <T>(read: () => Promise<T>) => {
    let started: Promise<T> | undefined;
    return () => (started ??= read());
  };
  return { manifest, where, files: once(() => readFiles(manifest.tables, folder)), derived: once(() => readFiles(manifest.derived?.tables ?? [], folder)) };
}

/** Bundles being read ahead of their load (`prefetchBundle`), by the input object the load will be given. */
const prefetched = new WeakMap<BundleInput, Promise<BundleRead>>();

/**
 * Starts reading a bundle's manifest and every file (its derived layer's too) for a load of the
 * same `input` object that is to follow: while the engine starts, say. The load takes what was
 * read; a failure shows there, as the load's.
 */
export function prefetchBundle(input: BundleInput): void {
  if (prefetched.has(input)) return;
  const read = readBundle(input).then((r) => {
    // Read now; a failure is the load's to report.
    r.files().catch(() => undefined);
    r.derived().catch(() => undefined);
    return r;
  });
  read.catch(() => undefined);
  prefetched.set(input, read);
}

/**
 * `Strata.prepareLoad`'s work, in the loader's chunk (fetched by the call): outside a page,
 * parquet-wasm compiled (from `parquetWasm`, the default engine's); for a bundle, its files read
 * ahead and, in a page, the Parquet worker started.
 */
export async function prepareLoad(input: LoadInput | BundleInput | undefined, parquetWasm: (() => Promise<BufferSource | URL | string>) | undefined): Promise<void> {
  // A bundle is Parquet: its worker starts now (files of other formats may need none).
  if (input !== undefined && isBundleInput(input)) {
    prefetchBundle(input);
    startParquetWorker();
  }
  // Outside a page, the thread's own parquet-wasm decodes.
  if (parquetWasm && typeof document === 'undefined') await prepareParquet(parquetWasm);
}

/** Whether every canonical table is empty (nothing loaded yet): only then is a load staged. */
async function allEmpty(engine: Engine): Promise<boolean> {
  const [row] = toRows<{ n: number }>(await engine.query(`SELECT (${TABLE_NAMES.map((t) => `(SELECT count(*) FROM ${ident(t)})`).join(' + ')})::DOUBLE AS n`));
  return row?.n === 0;
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
 *
 * With `progress` (a first load into empty tables, the derived layer packed) it comes in two
 * steps: every table but BIG_TABLES is loaded, checked and swapped in, `progress` is told, then the
 * big tables follow. Should anything of the second step fail, every table is emptied again (the
 * state before this first load) and the LoadError thrown: nothing of the load stays. A reload is
 * never staged: the views would show the new small tables beside the old big ones' figures.
 */
async function loadVerified(
  engine: Engine,
  files: readonly BundleFile[],
  packed: readonly BundleFile<BundleDerivedTable>[] | undefined,
  deriveSql: DeriveSql,
  progress?: BundleProgress,
): Promise<{ report: LoadReport; derivedLayer: BundleReport['derivedLayer'] }> {
  const staging = new Staging(engine);
  const next = (table: string) => staging.name('next', table);
  const given = files.map((f) => f.entry.name);
  const emptied = TABLE_NAMES.filter((t) => !given.includes(t));
  const report: LoadReport = { rows: {}, warnings: [], ignoredColumns: {}, units: [], columns: {}, files: {}, emptied };
  const where: { step: string; table: TableName } = { step: 'stage the file', table: given[0] ?? MANIFEST_ANCHOR };
  const big = (name: string) => progress !== undefined && BIG_TABLES.includes(name);
  try {
    await insertFiles(engine, files.filter((f) => !big(f.entry.name)), next, report, where);
    where.step = 'build the new tables';
    for (const t of emptied) await engine.query(emptyNextTableSql(t, next(t)));
    const small = [...given.filter((t) => !big(t)), ...emptied];
    where.step = 'load the derived tables as packed';
    if (progress && packed && (await loadPackedDerived(engine, packed.filter((f) => !big(f.entry.name)), next))) {
      where.step = 'swap the small tables in';
      await swapTables(engine, next, [...small, ...DERIVED_TABLES.filter((t) => !big(t))]);
      progress.interactive(readsAny(BIG_TABLES));
      try {
        await insertFiles(engine, files.filter((f) => big(f.entry.name)), next, report, where, true);
        where.step = 'load the derived tables as packed';
        if (await loadPackedDerived(engine, packed.filter((f) => big(f.entry.name)), next, true)) {
          where.step = 'swap the loans and the loan facts in';
          await swapTables(engine, next, BIG_TABLES);
          return { report, derivedLayer: 'packed' };
        }
        where.step = 'derive tiers, groups and facts and swap the tables in';
        await deriveAndSwap(engine, deriveSql, next, (t) => (big(t) ? next(t) : t), given.filter(big));
        return { report, derivedLayer: 'derived' };
      } catch (error) {
        await emptyAgain(engine, deriveSql, next);
        throw error;
      }
    }
    await insertFiles(engine, files.filter((f) => big(f.entry.name)), next, report, where);
    const replaced = [...given, ...emptied];
    if (!progress && packed && (await loadPackedDerived(engine, packed, next))) {
      where.step = 'swap the tables in';
      await swapIn(engine, next, replaced);
      return { report, derivedLayer: 'packed' };
    }
    where.step = 'derive tiers, groups and facts and swap the tables in';
    await deriveAndSwap(engine, deriveSql, next, next, replaced);
    return { report, derivedLayer: 'derived' };
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError([await engineProblem(engine, where.table, error, { step: where.step })], 1);
  } finally {
    await staging.drop();
  }
}

/**
 * Each verified file into its next table and compared with the manifest (columns, rows); every
 * difference is listed in one LoadError. `unread`: the tables are written while the Strata
 * answers from the others (see Engine.insert).
 */
async function insertFiles(
  engine: Engine,
  files: readonly BundleFile[],
  next: (table: string) => string,
  report: LoadReport,
  where: { step: string; table: TableName },
  unread = false,
): Promise<void> {
  const problems = new ProblemList();
  for (const { entry, bytes } of files) {
    const table = (where.table = entry.name);
    where.step = 'stage the file';
    // Into the compressed database at once: this is the table as it will be, no copy follows.
    await engine.insert(next(table), { format: 'parquet', bytes }, { compact: true, unread });
    where.step = 'compare the table with the manifest';
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
}

/** Every canonical table emptied and the derived layer built from them: the tables as before a first load. */
async function emptyAgain(engine: Engine, deriveSql: DeriveSql, next: (table: string) => string): Promise<void> {
  for (const t of TABLE_NAMES) await engine.query(emptyNextTableSql(t, next(t)));
  await deriveAndSwap(engine, deriveSql, next, next, TABLE_NAMES);
}

/** The packed derived tables into their next names; false (nothing to swap) when one is not as the manifest lists it. */
async function loadPackedDerived(engine: Engine, packed: readonly BundleFile<BundleDerivedTable>[], next: (table: string) => string, unread = false): Promise<boolean> {
  for (const { entry, bytes } of packed) {
    await engine.insert(next(entry.name), { format: 'parquet', bytes }, { compact: true, unread });
    const columns = await withListedTypes(engine, next(entry.name), entry.columns);
    const [count] = toRows<{ n: number }>(await engine.query(countSql(next(entry.name))));
    if (JSON.stringify(columns) !== JSON.stringify(entry.columns) || count?.n !== entry.rows) return false;
  }
  return true;
}

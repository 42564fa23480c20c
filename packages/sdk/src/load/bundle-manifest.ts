/**
 * A bundle (`strata pack`): the canonical tables of a load that passed every check, one Parquet
 * file per table, and `manifest.json` naming each file with its rows, bytes, SHA-256 and columns.
 * A load of a bundle whose files all match their hashes skips the checks (docs/bundle.md).
 */
import type { Rules } from '../rules.ts';
import type { TableName } from '../schema.ts';
import type { DerivedTable } from '../queries/facts.ts';

export const BUNDLE_FORMAT = 'strata-bundle';
/** Bumped whenever the canonical tables or the files' layout change: an older bundle is refused. */
export const BUNDLE_SCHEMA_VERSION = 2;

export interface BundleColumn {
  name: string;
  /** The DuckDB type, as the canonical table declares it (VARCHAR, DOUBLE, INTEGER, DATE, BOOLEAN). */
  type: string;
}

export interface BundleTable {
  name: TableName;
  /** The file's name beside the manifest (a plain name: no folder, no URL). */
  file: string;
  rows: number;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  columns: BundleColumn[];
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  schemaVersion: number;
  /** ISO 8601 time the bundle was packed. */
  createdAt: string;
  /** The @strata/sdk version that packed it. */
  strataVersion: string;
  tables: BundleTable[];
  /**
   * The derived layer (tiers, groups, facts, cubes) as packed, under `rules` (for people to read)
   * by statements whose SHA-256 is `sql` (deriveFingerprint): loaded as it is by a Strata whose own
   * statements hash the same (the same rules and the same Strata code) when every file matches,
   * else derived again at load.
   */
  derived?: { rules: Rules; sql: string; tables: BundleDerivedTable[] };
}

/** A derived table's file: as BundleTable, its columns as DuckDB described them when packed. */
export interface BundleDerivedTable extends Omit<BundleTable, 'name'> {
  name: DerivedTable;
}

/**
 * A bundle to load: its manifest's URL or path (files resolve against it), or the manifest itself
 * with `base`, the URL or folder its files are in (else the page's URL or the working directory).
 */
export interface BundleInput {
  bundle: string | URL | BundleManifest;
  base?: string | URL;
}

/** What a load of a bundle says of it in the LoadReport. */
export interface BundleReport {
  /** The manifest's URL or path, when given as one. */
  manifest: string | null;
  /** Tables whose file matched its hash and size: loaded as packed, without the checks. */
  verified: TableName[];
  /** Tables whose file did not: the whole bundle went through every check of a load of files. */
  rechecked: TableName[];
  /**
   * `packed`: the derived layer was loaded from the bundle; `derived`: built at load (the bundle
   * has none, a table was rechecked, the rules differ from the pack's, or a derived file changed).
   */
  derivedLayer: 'packed' | 'derived';
  /**
   * A first load (into empty tables) of a bundle as packed comes in two steps: the small tables
   * (every table but the loans and the loan facts) are put in place first, and the Strata answers
   * from them while the big ones are written. Milliseconds from the load's start until the small
   * tables were in (`interactiveMs`) and until every table was (`builtMs`); null when the load
   * was one step.
   */
  interactiveMs: number | null;
  builtMs: number;
}

/** Whether `load` was given a bundle rather than tables. */
export function isBundleInput(input: unknown): input is BundleInput {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && 'bundle' in input;
}

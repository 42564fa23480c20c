/**
 * What loading and packing a bundle check its files by: the canonical columns, the derived layer's
 * fingerprint and SHA-256. With the loader (not in the page's core: only a bundle's load needs it).
 */
import type { DeriveSql } from './load.ts';
import { SCHEMA, type TableName } from '../schema.ts';
import { SQL_TYPES } from '../queries/tables.ts';
import type { BundleColumn } from './bundle-manifest.ts';

/** The canonical columns of a table as a bundle lists them. */
export function canonicalColumns(table: TableName): BundleColumn[] {
  return SCHEMA[table].columns.map((c) => ({ name: c.name, type: SQL_TYPES[c.type] }));
}

/**
 * SHA-256 of the derived layer's statements (built in place, unsliced): the same exactly when the
 * rules and the code that derives are, so that a packed layer is never one another Strata would
 * not build.
 */
export function deriveFingerprint(deriveSql: DeriveSql): Promise<string> {
  return sha256Hex(new TextEncoder().encode(deriveSql({ source: (t) => t, derived: (t) => t }, 0).join(';\n')));
}

/** Lower-case hex SHA-256 by WebCrypto (the same in Node 20 and a browser). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The canonical tables' DDL: what `Strata.open` creates before any load (apart from load/sql.ts,
 * so that a page's first script does not carry the loader's SQL and what it imports).
 */
import { SCHEMA, type ColumnSpec, type TableName } from '../schema.ts';
import { ident } from '../sql/quote.ts';

/** DuckDB's type of each canonical column type. */
export const SQL_TYPES: Record<ColumnSpec['type'], string> = { text: 'VARCHAR', enum: 'VARCHAR', double: 'DOUBLE', int: 'INTEGER', date: 'DATE', bool: 'BOOLEAN' };

/** A canonical table's columns with their types, for CREATE TABLE. */
export const columnsDdl = (table: TableName) => SCHEMA[table].columns.map((c) => `${ident(c.name)} ${SQL_TYPES[c.type]}`).join(', ');

/** The empty canonical tables, so every metric runs before anything is loaded. */
export function createCanonicalTablesSql(): string[] {
  return Object.values(SCHEMA).map((table) => `CREATE TABLE IF NOT EXISTS ${ident(table.name)} (${columnsDdl(table.name)})`);
}

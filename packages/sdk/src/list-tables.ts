/**
 * Numbered copies of sorted selections, for the deep pages of `strata.rows` (see queries/rows.ts):
 * the last two kept, dropped when the data changes or a third is made.
 */
import type { Engine } from './engine/types.ts';
import type { MetricContext } from './queries/metrics.ts';
import { dropListTableSql, listDataVersionQuery, listTable, type RowsOrder, type RowsTable } from './queries/rows.ts';
import { abortable, type MetricRows } from './results.ts';

export class ListTables {
  /** Copies by selection key, the most recently used last. */
  private tables = new Map<string, { name: string; version: string; ready: Promise<void> }>();

  constructor(
    private readonly engine: () => Engine,
    /** Runs a statement of the SDK's (through the Strata's cache). */
    private readonly run: (q: ReturnType<typeof listDataVersionQuery>, signal?: AbortSignal) => Promise<MetricRows<{ version: string | null }>>,
  ) {}

  /** The name of the numbered copy of the selection, made (once, shared) if need be. */
  async tableFor(ctx: MetricContext, options: { table: RowsTable; asOf?: string; orderBy?: RowsOrder }, signal?: AbortSignal): Promise<string> {
    const [stamp] = await this.run(listDataVersionQuery(), signal);
    const version = stamp?.version ?? '';
    const wanted = listTable(ctx, options);
    let entry = this.tables.get(wanted.key);
    if (entry && entry.version !== version) {
      this.drop(wanted.key);
      entry = undefined;
    }
    if (entry) {
      this.tables.delete(wanted.key);
    } else {
      // Built without the caller's signal: one build serves every later page of the selection.
      const ready = this.engine()
        .query(wanted.create.sql, wanted.create.params)
        .then(() => undefined);
      const created = { name: wanted.name, version, ready };
      entry = created;
      ready.catch(() => {
        if (this.tables.get(wanted.key) === created) this.drop(wanted.key);
      });
    }
    this.tables.set(wanted.key, entry);
    for (const key of [...this.tables.keys()].slice(0, Math.max(this.tables.size - 2, 0))) this.drop(key);
    await abortable(entry.ready, signal);
    return entry.name;
  }

  /** Forgets every copy (after the engine was replaced: its tables went with the old one). */
  clear(): void {
    this.tables.clear();
  }

  private drop(key: string): void {
    const entry = this.tables.get(key);
    if (!entry) return;
    this.tables.delete(key);
    this.engine()
      .query(dropListTableSql(entry.name))
      .catch(() => undefined);
  }
}

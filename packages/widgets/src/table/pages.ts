/**
 * The table's rows as pages: the first fetched with the count, the others as the grid scrolls to
 * them (`strata.rows`, every clause applied but the view's own), requests for pages no longer in
 * view aborted, and only so many pages kept.
 */
import type { RowsOrder, RowsTable, Strata } from '@strata/sdk';
import { emit } from '../events.ts';
import type { ListRow } from './columns.ts';

/** What the table's query returns: the row count and the pages fetched so far. */
export interface TableResult {
  table: RowsTable;
  asOf: string | undefined;
  orderBy: RowsOrder | undefined;
  /** Rows in the current selection. */
  count: number;
  /** Page index → its rows (`PAGE_ROWS` rows each); filled in as the grid scrolls. */
  pages: Map<number, ListRow[]>;
}

/** Which rows a table shows: its list, month end and order, and the view whose own clause is left out. */
export interface RowsQuery {
  table: RowsTable;
  asOf: string | undefined;
  orderBy: RowsOrder | undefined;
  exclude: string;
}

/** Rows fetched per page while scrolling. */
export const PAGE_ROWS = 100;
/** Pages kept in memory (the farthest from the view are dropped first). */
const MAX_CACHED_PAGES = 40;

/** What the first page is asked of: the Strata, or the readings of a click's plan. */
export type PageReadings = Pick<Strata, 'rows' | 'rowCount'>;

export const abortError = (): DOMException => new DOMException('The query was aborted', 'AbortError');

/** The element the pages are fetched for: its Strata, its id in the filters, its redraw. */
export interface PagesHost extends HTMLElement {
  readonly db: Strata | undefined;
  readonly sourceId: string;
  requestUpdate(): void;
}

export class RowPages {
  /** The result whose pages are fetched (the last adopted). */
  result?: TableResult;
  /** True from the start of a new query until its result is adopted: no page requests meanwhile. */
  private stale = true;
  private readonly inflight = new Map<number, AbortController>();

  constructor(private readonly host: PagesHost) {}

  /** The count and the first page of `query`; stale page requests are aborted from the start. */
  async load(readings: PageReadings, query: RowsQuery, signal: AbortSignal): Promise<TableResult> {
    this.stale = true;
    this.abort();
    const [count, first] = await RowPages.ask(readings, query, signal);
    if (signal.aborted) throw abortError();
    return { table: query.table, asOf: query.asOf, orderBy: query.orderBy, count, pages: new Map([[0, [...first]]]) };
  }

  /** The count and the first page of `query`, asked. */
  static ask(readings: PageReadings, query: RowsQuery, signal: AbortSignal) {
    const options = { table: query.table, asOf: query.asOf, exclude: query.exclude, signal };
    return Promise.all([readings.rowCount(options), readings.rows({ ...options, offset: 0, limit: PAGE_ROWS, orderBy: query.orderBy })]);
  }

  /** Makes `result` the one shown: its pages are fetched from now on. */
  adopt(result: TableResult): void {
    this.abort();
    this.result = result;
    this.stale = false;
  }

  abort(): void {
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
  }

  rowAt(result: TableResult, index: number): ListRow | undefined {
    return result.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  /** Requests the pages that rows `first` to `end` (exclusive) are on; aborts requests for pages no longer needed. */
  show(result: TableResult, first: number, end: number): void {
    if (this.stale || result !== this.result) return;
    const needed = new Set<number>();
    if (end > first) {
      for (let p = Math.floor(first / PAGE_ROWS); p <= Math.floor((end - 1) / PAGE_ROWS); p++) needed.add(p);
    }
    for (const [page, controller] of this.inflight) {
      if (!needed.has(page)) {
        controller.abort();
        this.inflight.delete(page);
      }
    }
    for (const page of needed) {
      if (!result.pages.has(page) && !this.inflight.has(page)) this.fetch(result, page);
    }
    if (result.pages.size > MAX_CACHED_PAGES) {
      const centre = Math.min(...needed);
      const far = [...result.pages.keys()].filter((p) => !needed.has(p)).sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const page of far.slice(0, result.pages.size - MAX_CACHED_PAGES)) result.pages.delete(page);
    }
  }

  private fetch(result: TableResult, page: number): void {
    const host = this.host;
    const db = host.db;
    if (!db) return;
    const controller = new AbortController();
    this.inflight.set(page, controller);
    db.rows({
      table: result.table,
      asOf: result.asOf,
      orderBy: result.orderBy,
      exclude: host.sourceId,
      offset: page * PAGE_ROWS,
      limit: PAGE_ROWS,
      signal: controller.signal,
    })
      .then((rows) => {
        if (controller.signal.aborted || result !== this.result) return;
        result.pages.set(page, [...rows]);
        host.requestUpdate();
      })
      .catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') emit(host, 'strata-error', { error: error as Error, source: host.sourceId });
      })
      .finally(() => {
        if (this.inflight.get(page) === controller) this.inflight.delete(page);
      });
  }
}

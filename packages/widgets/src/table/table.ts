import type { RowsOrder, RowsTable, Strata } from '@strata/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleProps } from '../base/style-props.ts';
import { downloadBlob, toCsv } from '../base/export.ts';
import { baseStyles } from '../base/styles.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { emit } from '../events.ts';
import { fieldNote, formatCount, type Lang } from '../i18n.ts';
import { boundText, textWidth } from '../renderers/text.ts';
import { COLUMNS, type GridColumn, type ListRow } from './columns.ts';
import { tt } from './labels.ts';

/** What the table's query returns: the row count and the pages fetched so far. */
export interface TableResult {
  table: RowsTable;
  asOf: string | undefined;
  orderBy: RowsOrder | undefined;
  /** Rows in the current selection. */
  count: number;
  /** Page index → its rows (`pageSize` rows each); filled in as the grid scrolls. */
  pages: Map<number, ListRow[]>;
}

/** Rows fetched per page while scrolling. */
const PAGE_ROWS = 100;
/** Rows fetched per page by the CSV export. */
const EXPORT_ROWS = 5_000;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 6;
/** Pages kept in memory (the farthest from the view are dropped first). */
const MAX_CACHED_PAGES = 40;
/** Height of the grid before it is measured (its CSS default). */
const DEFAULT_HEIGHT = 420;

const abortError = () => new DOMException('The query was aborted', 'AbortError');

/** A cell's font size and horizontal padding (the CSS below), and the narrowest glyph at that size. */
const CELL_FONT = 13;
const CELL_PADDING = 16;
const NARROWEST_GLYPH = 3;

/**
 * A cell's text as it is laid out, and whether it is cut (then its title has it whole). A browser
 * lays out the whole of a text even where CSS hides most of it, so a cell gets no more characters
 * than its column could show (CSS then puts in the ellipsis); cut is estimated, not measured.
 */
function cellText(text: string, columnWidth: number): { shown: string; cut: boolean } {
  const room = columnWidth - CELL_PADDING;
  const shown = boundText(text, Math.ceil(room / NARROWEST_GLYPH));
  return { shown, cut: shown !== text || textWidth(text, CELL_FONT, room) > room };
}
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * The rows behind the current selection, customers or loans, as a virtualised ARIA grid: only the
 * visible rows are in the DOM; the scroll area is `rowCount × rowHeight` tall and pages of rows
 * are fetched (`strata.rows`, every clause applied but this view's own) as it scrolls, stale page
 * requests aborted, so a million rows scroll smoothly. Columns sort on click or Enter; names and
 * ID numbers are masked unless `unmasked` is set; CSV export fetches every row of the selection.
 *
 * Keyboard: the grid is one tab stop; arrow keys move the active cell (aria-activedescendant),
 * Home/End go to the first/last column, Ctrl+Home/End to the first/last row, Page Up/Down move
 * by a screenful; Enter or Space on a header sorts, Enter on a row (or a double click) fires
 * `strata-drill` with the row's customer id (the real id, masked or not, for the portal's CRM).
 *
 * Extends StrataView for the dashboard context, the query task that cancels stale runs, the
 * loading/empty/error+retry states, the summary and the CSV button.
 *
 * @element strata-table
 * @fires strata-drill - the user opened a row (double click, or Enter); detail: { source, field: 'customer_id', value }
 * @fires strata-error - a query failed
 * @csspart figure - the frame
 * @csspart title - the caption
 * @csspart summary - the row count (and sort and masking) line
 * @csspart missing - the calm status shown when the metric needs the customer file and none is loaded
 * @csspart grid - the scrolling grid
 * @csspart header - the header row
 * @csspart row - a data row
 * @cssprop --strata-table-height - the grid's height (default 420px; less when the rows take less)
 * @cssprop --strata-accent - the active cell's outline
 * @cssprop --strata-surface - header and row background
 * @cssprop --strata-border - row lines
 */
export class StrataTable extends StrataView<TableResult> {
  static override styles = [
    baseStyles,
    css`
      .grid {
        position: relative;
        max-height: var(--strata-table-height, ${DEFAULT_HEIGHT}px);
        overflow: auto;
        border: 1px solid var(--_border);
        border-radius: 6px;
        font-size: 13px;
        overscroll-behavior: contain;
      }
      .grid:focus {
        outline: none;
      }
      .grid:focus-visible {
        outline: 2px solid var(--_accent);
        outline-offset: 2px;
      }
      .row {
        display: grid;
        grid-template-columns: var(--cols);
        width: var(--width);
        min-width: 100%;
        height: var(--row-h);
        align-items: center;
        border-bottom: 1px solid var(--_border);
        background: var(--_surface);
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 2;
      }
      .head .row {
        font-weight: 600;
        border-bottom-width: 2px;
      }
      .body {
        position: relative;
        width: var(--width);
        min-width: 100%;
      }
      .body .row {
        position: absolute;
        top: 0;
        left: 0;
        cursor: default;
      }
      .body .row:hover {
        background: color-mix(in srgb, var(--_accent) 6%, var(--_surface));
      }
      .cell {
        padding: 0 8px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        height: 100%;
        line-height: var(--row-h);
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      [role='columnheader'] {
        cursor: pointer;
        user-select: none;
      }
      [role='columnheader']:hover {
        color: var(--_accent);
      }
      .arrow {
        display: inline-block;
        width: 1em;
        margin-inline-start: 2px;
        color: var(--_accent);
      }
      .pending .cell::before {
        content: '';
        display: inline-block;
        width: 60%;
        height: 0.8em;
        border-radius: 3px;
        background: var(--_border);
        opacity: 0.6;
        vertical-align: middle;
      }
      .grid:focus .active,
      .grid:focus-visible .active {
        outline: 2px solid var(--_accent);
        outline-offset: -2px;
      }
    `,
  ];

  /**
   * Scroll heights above this are scaled (the scroll position maps proportionally onto the rows),
   * staying within every browser's limit on element height.
   */
  static maxScrollHeight = 15_000_000;

  /** Which rows: `customers` or `loans` (the default; loans at the month end shown). Attribute `table`. */
  @property({ reflect: true }) table: RowsTable = 'loans';

  /** Show names and ID numbers in full (they are masked by default: 张*丰, 1101**********1234). */
  @property({ type: Boolean, reflect: true }) unmasked = false;

  /** The column sorted by (one of the list's columns); by id when absent. */
  @property({ attribute: 'sort', reflect: true }) sortColumn?: string;

  /** Sort descending. */
  @property({ type: Boolean, reflect: true }) descending = false;

  /** Height of a row in px (fixed: the grid computes positions from it). */
  @property({ type: Number, attribute: 'row-height' }) rowHeight = 32;

  @state() private scrollPos = 0;
  @state() private viewport = 0;
  /** Active cell: row index (-1 is the header row) and column index. */
  @state() private activeRow = 0;
  @state() private activeCol = 0;

  private result?: TableResult;
  /** True from the start of a new query until its result is adopted: no page requests meanwhile. */
  private stale = true;
  private inflight = new Map<number, AbortController>();
  private resetScroll = false;
  private gridObserver?: ResizeObserver;
  private observedGrid?: HTMLElement;
  private exportController?: AbortController;

  // ─── settings ───────────────────────────────────────────────────────────────────────────

  /** The list shown (an unknown `table` value shows loans). */
  get effectiveList(): RowsTable {
    return this.table === 'customers' ? 'customers' : 'loans';
  }

  /** The columns of the list shown. */
  get columns(): readonly GridColumn[] {
    return COLUMNS[this.effectiveList];
  }

  /** The sort order in force (a sort column not in the list is ignored). */
  get orderBy(): RowsOrder | undefined {
    const column = this.sortColumn;
    return column && this.columns.some((c) => c.name === column) ? { column, descending: this.descending } : undefined;
  }

  /** Rows in the current selection (once counted). */
  get rowCount(): number | undefined {
    return this.result?.count;
  }

  private get masked(): boolean {
    return !this.unmasked;
  }

  /** Sorts by `column`: ascending first, the same column again flips the direction. */
  sortBy(column: string): void {
    if (!this.columns.some((c) => c.name === column)) return;
    if (this.orderBy?.column === column) {
      this.descending = !this.descending;
    } else {
      this.sortColumn = column;
      this.descending = false;
    }
  }

  // ─── StrataView ─────────────────────────────────────────────────────────────────────────

  protected override heading(): string {
    return tt(this.language, this.effectiveList === 'customers' ? 'customer_list' : 'loan_list');
  }

  protected override queryKey(): unknown[] {
    const order = this.orderBy;
    return [this.effectiveList, order?.column, order?.descending];
  }

  protected override async query(strata: Strata, signal: AbortSignal): Promise<TableResult> {
    this.stale = true;
    this.abortPages();
    const table = this.effectiveList;
    const asOf = this.effectiveAsOf;
    const orderBy = this.orderBy;
    const options = { table, asOf, exclude: this.sourceId, signal };
    const [count, first] = await Promise.all([
      strata.rowCount(options),
      strata.rows({ ...options, offset: 0, limit: PAGE_ROWS, orderBy }),
    ]);
    if (signal.aborted) throw abortError();
    const result: TableResult = { table, asOf, orderBy, count, pages: new Map([[0, [...first]]]) };
    this.adopt(result);
    return result;
  }

  protected override isEmpty(value: TableResult): boolean {
    return value.count === 0;
  }

  protected override summary(value: TableResult): string {
    const lang = this.language;
    const n = formatCount(lang, value.count);
    const parts = [
      value.table === 'customers'
        ? tt(lang, 'count_customers', { n })
        : value.asOf
          ? tt(lang, 'count_loans', { n, asOf: value.asOf })
          : tt(lang, 'count_loans_latest', { n }),
    ];
    const sorted = value.orderBy && COLUMNS[value.table].find((c) => c.name === value.orderBy!.column);
    if (sorted) {
      parts.push(tt(lang, 'sorted_by', { column: sorted.label(lang), direction: tt(lang, value.orderBy!.descending ? 'descending' : 'ascending') }));
    }
    if (this.masked) parts.push(tt(lang, 'masked'));
    return lang === 'en' ? `${parts.join('; ')}.` : `${parts.join('，')}。`;
  }

  protected override draw(): void {
    // No chart: the grid is the content.
  }

  /** The rows fetched so far, from the first on (the base's `toCsv`); `toFullCsv` fetches all. */
  protected override tableData(value: TableResult): TableData<ListRow> {
    const lang = this.language;
    const rows: ListRow[] = [];
    for (let page = 0; value.pages.has(page); page++) rows.push(...value.pages.get(page)!);
    return {
      rows,
      columns: COLUMNS[value.table].map((c) => ({ label: c.label(lang), value: (row: ListRow) => c.csv(row, lang, this.masked), numeric: c.numeric })),
    };
  }

  // ─── paging ─────────────────────────────────────────────────────────────────────────────

  private adopt(result: TableResult): void {
    this.abortPages();
    this.result = result;
    this.stale = false;
    this.scrollPos = 0;
    this.resetScroll = true;
    if (this.activeRow >= 0) this.activeRow = 0;
    this.activeCol = clamp(this.activeCol, 0, COLUMNS[result.table].length - 1);
  }

  private abortPages(): void {
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
    this.exportController?.abort();
  }

  /** Requests the pages the view needs; aborts requests for pages it no longer needs. */
  private ensurePages(result: TableResult, needed: Set<number>): void {
    if (this.stale || result !== this.result) return;
    for (const [page, controller] of this.inflight) {
      if (!needed.has(page)) {
        controller.abort();
        this.inflight.delete(page);
      }
    }
    for (const page of needed) {
      if (!result.pages.has(page) && !this.inflight.has(page)) this.fetchPage(result, page);
    }
    if (result.pages.size > MAX_CACHED_PAGES) {
      const centre = Math.min(...needed);
      const far = [...result.pages.keys()].filter((p) => !needed.has(p)).sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const page of far.slice(0, result.pages.size - MAX_CACHED_PAGES)) result.pages.delete(page);
    }
  }

  private fetchPage(result: TableResult, page: number): void {
    const db = this.db;
    if (!db) return;
    const controller = new AbortController();
    this.inflight.set(page, controller);
    db.rows({
      table: result.table,
      asOf: result.asOf,
      orderBy: result.orderBy,
      exclude: this.sourceId,
      offset: page * PAGE_ROWS,
      limit: PAGE_ROWS,
      signal: controller.signal,
    })
      .then((rows) => {
        if (controller.signal.aborted || result !== this.result) return;
        result.pages.set(page, [...rows]);
        this.requestUpdate();
      })
      .catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') emit(this, 'strata-error', { error: error as Error, source: this.sourceId });
      })
      .finally(() => {
        if (this.inflight.get(page) === controller) this.inflight.delete(page);
      });
  }

  // ─── geometry ───────────────────────────────────────────────────────────────────────────

  /** Which rows are visible and where each goes, for `count` rows at the current scroll position. */
  private geometry(count: number) {
    const rh = this.rowHeight > 0 ? this.rowHeight : 32;
    const vh = Math.max((this.viewport || DEFAULT_HEIGHT) - rh, rh);
    const total = count * rh;
    const height = Math.min(total, StrataTable.maxScrollHeight);
    const scaled = total > height && height > vh;
    const maxTop = Math.max(total - vh, 0);
    const virtualTop = clamp(scaled ? (this.scrollPos * (total - vh)) / (height - vh) : this.scrollPos, 0, maxTop);
    const first = clamp(Math.floor(virtualTop / rh) - OVERSCAN, 0, count);
    const end = clamp(Math.ceil((virtualTop + vh) / rh) + OVERSCAN, first, count);
    return {
      rh,
      vh,
      height,
      first,
      end,
      /** Rows fully in view. */
      screenful: Math.max(Math.floor(vh / rh), 1),
      top: (i: number) => (scaled ? this.scrollPos + i * rh - virtualTop : i * rh),
      /** The scroll position that puts virtual offset `y` at the top of the body. */
      scrollFor: (y: number) => {
        const v = clamp(y, 0, maxTop);
        return scaled ? (v * (height - vh)) / (total - vh) : v;
      },
      virtualTop,
    };
  }

  private get grid(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.grid');
  }

  private rowAt(result: TableResult, index: number): ListRow | undefined {
    return result.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  protected override updated(): void {
    super.updated();
    const grid = this.grid;
    if (grid !== this.observedGrid) {
      this.gridObserver?.disconnect();
      this.observedGrid = grid ?? undefined;
      if (grid) {
        this.gridObserver ??= new ResizeObserver(() => {
          const height = this.observedGrid?.clientHeight ?? 0;
          if (height > 0 && height !== this.viewport) this.viewport = height;
        });
        this.gridObserver.observe(grid);
      }
    }
    if (grid && this.resetScroll) {
      this.resetScroll = false;
      grid.scrollTop = 0;
    }
    const result = this.result;
    if (grid && result && result.count > 0) {
      const g = this.geometry(result.count);
      const needed = new Set<number>();
      if (g.end > g.first) {
        for (let p = Math.floor(g.first / PAGE_ROWS); p <= Math.floor((g.end - 1) / PAGE_ROWS); p++) needed.add(p);
      }
      this.ensurePages(result, needed);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.gridObserver?.disconnect();
    this.observedGrid = undefined;
    this.abortPages();
  }

  // ─── interaction ────────────────────────────────────────────────────────────────────────

  private onScroll = (event: Event): void => {
    this.scrollPos = (event.currentTarget as HTMLElement).scrollTop;
  };

  private rowIndexOf(event: Event): number | undefined {
    const row = (event.target as Element).closest?.('[data-row]');
    return row ? Number(row.getAttribute('data-row')) : undefined;
  }

  private onBodyClick = (event: MouseEvent): void => {
    const index = this.rowIndexOf(event);
    const cell = (event.target as Element).closest?.('[data-col]');
    if (index === undefined) return;
    this.activeRow = index;
    if (cell) this.activeCol = Number(cell.getAttribute('data-col'));
  };

  private onDoubleClick = (event: MouseEvent): void => {
    const index = this.rowIndexOf(event);
    if (index !== undefined) this.drillRow(index);
  };

  private onHeaderClick(column: string, index: number): void {
    this.activeRow = -1;
    this.activeCol = index;
    this.sortBy(column);
  }

  /** Fires strata-drill for the row at `index` (when its page is loaded). */
  private drillRow(index: number): void {
    const row = this.result && this.rowAt(this.result, index);
    if (!row) return;
    emit(this, 'strata-drill', { source: this.sourceId, field: 'customer_id', value: row.customer_id });
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    const result = this.result;
    if (!result || result.count === 0) return;
    const columns = COLUMNS[result.table];
    const last = result.count - 1;
    const lastCol = columns.length - 1;
    const g = this.geometry(result.count);
    let row = this.activeRow;
    let col = this.activeCol;
    switch (event.key) {
      case 'ArrowDown':
        row = Math.min(row + 1, last);
        break;
      case 'ArrowUp':
        row = Math.max(row - 1, -1);
        break;
      case 'ArrowRight':
        col = Math.min(col + 1, lastCol);
        break;
      case 'ArrowLeft':
        col = Math.max(col - 1, 0);
        break;
      case 'Home':
        col = 0;
        if (event.ctrlKey || event.metaKey) row = 0;
        break;
      case 'End':
        col = lastCol;
        if (event.ctrlKey || event.metaKey) row = last;
        break;
      case 'PageDown':
        row = Math.min(Math.max(row, 0) + g.screenful, last);
        break;
      case 'PageUp':
        row = Math.max(row - g.screenful, 0);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (row < 0) this.sortBy(columns[col]!.name);
        else if (event.key === 'Enter') this.drillRow(row);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.activeRow = row;
    this.activeCol = col;
    this.revealCell(row, col);
  };

  /** Scrolls so that the cell at (row, col) is in view. */
  private revealCell(row: number, col: number): void {
    const grid = this.grid;
    const result = this.result;
    if (!grid || !result) return;
    const g = this.geometry(result.count);
    if (row >= 0) {
      const y = row * g.rh;
      let top = g.virtualTop;
      if (y < top) top = y;
      else if (y + g.rh > top + g.vh) top = y + g.rh - g.vh;
      if (top !== g.virtualTop) {
        const scroll = g.scrollFor(top);
        grid.scrollTop = scroll;
        this.scrollPos = grid.scrollTop;
      }
    }
    const columns = COLUMNS[result.table];
    const left = columns.slice(0, col).reduce((sum, c) => sum + c.width, 0);
    const right = left + (columns[col]?.width ?? 0);
    if (left < grid.scrollLeft) grid.scrollLeft = left;
    else if (right > grid.scrollLeft + grid.clientWidth) grid.scrollLeft = right - grid.clientWidth;
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override renderContent(value: TableResult): TemplateResult {
    const lang = this.language;
    // The result's own columns: while a switch to the other list is loading, the old rows stay.
    const columns = COLUMNS[value.table];
    const g = this.geometry(value.count);
    const width = columns.reduce((sum, c) => sum + c.width, 0);
    const indices: number[] = [];
    for (let i = g.first; i < g.end; i++) indices.push(i);
    const activeRendered = this.activeRow < 0 || (this.activeRow >= g.first && this.activeRow < g.end);
    const activeId = activeRendered ? (this.activeRow < 0 ? `h-${this.activeCol}` : `c-${this.activeRow}-${this.activeCol}`) : undefined;
    const order = value.orderBy;
    return html`<div
        class="grid"
        part="grid"
        role="grid"
        tabindex="0"
        aria-readonly="true"
        aria-labelledby="title"
        aria-describedby="summary keys"
        aria-rowcount=${value.count + 1}
        aria-colcount=${columns.length}
        aria-activedescendant=${activeId ?? nothing}
        style=${styleProps({ '--cols': columns.map((c) => `${c.width}px`).join(' '), '--width': `${width}px`, '--row-h': `${g.rh}px` })}
        @scroll=${this.onScroll}
        @keydown=${this.onKeyDown}
      >
        <div class="head" role="rowgroup">
          <div class="row" role="row" part="header" aria-rowindex="1">
            ${columns.map((c, j) => {
              const sorted = order?.column === c.name ? (order.descending ? 'descending' : 'ascending') : undefined;
              return html`<div
                role="columnheader"
                id="h-${j}"
                class="cell ${c.numeric ? 'num' : ''} ${this.activeRow < 0 && this.activeCol === j ? 'active' : ''}"
                aria-colindex=${j + 1}
                aria-sort=${sorted ?? nothing}
                title=${fieldNote(lang, c.name) ?? nothing}
                @click=${() => this.onHeaderClick(c.name, j)}
              >${c.label(lang)}<span class="arrow" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span></div>`;
            })}
          </div>
        </div>
        <div class="body" role="rowgroup" style=${styleProps({ height: `${g.height}px` })} @click=${this.onBodyClick} @dblclick=${this.onDoubleClick}>
          ${repeat(
            indices,
            (i) => i,
            (i) => this.renderRow(value, i, g.top(i), columns, lang),
          )}
        </div>
      </div>
      <span id="keys" class="visually-hidden">${tt(lang, 'keys')}</span>`;
  }

  private renderRow(value: TableResult, i: number, top: number, columns: readonly GridColumn[], lang: Lang): TemplateResult {
    const row = this.rowAt(value, i);
    const masked = this.masked;
    return html`<div
      class="row ${row ? '' : 'pending'}"
      role="row"
      part="row"
      aria-rowindex=${i + 2}
      aria-busy=${row ? nothing : 'true'}
      data-row=${i}
      style=${styleProps({ transform: `translateY(${top}px)` })}
    >
      ${columns.map((c, j) => {
        const text = row ? c.text(row, lang, masked) : undefined;
        const cell = text === undefined ? undefined : cellText(text, c.width);
        return html`<div
          role="gridcell"
          id="c-${i}-${j}"
          class="cell ${c.numeric ? 'num' : ''} ${this.activeRow === i && this.activeCol === j ? 'active' : ''}"
          aria-colindex=${j + 1}
          data-col=${j}
          title=${cell?.cut ? text! : nothing}
        >${cell?.shown ?? nothing}</div>`;
      })}
    </div>`;
  }

  // ─── export ─────────────────────────────────────────────────────────────────────────────

  /**
   * Every row of the current selection as CSV (UTF-8 with BOM, formula-safe), fetched in pages,
   * in the grid's order and masking. The parts join into the file.
   */
  async toCsvParts(signal?: AbortSignal): Promise<string[]> {
    const db = this.db;
    if (!db) throw new Error('No Strata to export from');
    const lang = this.language;
    const masked = this.masked;
    const columns = this.columns;
    const header = columns.map((c) => c.label(lang));
    const head = toCsv(header, []);
    const parts = [head];
    const base = { table: this.effectiveList, asOf: this.effectiveAsOf, orderBy: this.orderBy, exclude: this.sourceId, signal };
    for (let offset = 0; ; offset += EXPORT_ROWS) {
      const rows = await db.rows({ ...base, offset, limit: EXPORT_ROWS });
      if (rows.length > 0) parts.push(toCsv(header, rows.map((row) => columns.map((c) => c.csv(row, lang, masked)))).slice(head.length));
      if (rows.length < EXPORT_ROWS) break;
    }
    return parts;
  }

  /** Every row of the current selection as one CSV text (see `toCsvParts`). */
  async toFullCsv(signal?: AbortSignal): Promise<string> {
    return (await this.toCsvParts(signal)).join('');
  }

  /** Downloads every row of the current selection as CSV (the toolbar's button). */
  override exportCsv(): void {
    void this.downloadCsv();
  }

  /** Like `exportCsv`, resolving once the file is handed to the browser; a new query aborts it. */
  async downloadCsv(): Promise<void> {
    this.exportController?.abort();
    const controller = (this.exportController = new AbortController());
    try {
      const parts = await this.toCsvParts(controller.signal);
      downloadBlob(new Blob(parts, { type: 'text/csv;charset=utf-8' }), `${this.sourceId}.csv`);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') emit(this, 'strata-error', { error: error as Error, source: this.sourceId });
    } finally {
      if (this.exportController === controller) this.exportController = undefined;
    }
  }
}

export { PAGE_ROWS };

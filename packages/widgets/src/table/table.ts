import { maskId, maskName, type RowsOrder, type RowsTable, type Strata } from '@strata/sdk';
import { html, nothing, type TemplateResult } from 'lit';
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
import { columnLayout, estimate, firstSortDescending, hiddenColumns, nextColumnsLeft, PHONE_WIDTH, revealColumnLeft, type ColumnLayout, type Measure } from './layout.ts';
import { DEFAULT_HEIGHT, tableStyles } from './styles.ts';

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

const abortError = () => new DOMException('The query was aborted', 'AbortError');

/** The narrowest glyph at a cell's font size, px. */
const NARROWEST_GLYPH = 3;

/**
 * A cell's text as it is laid out, and whether it is cut (then its title has it whole). A browser
 * lays out the whole of a text even where CSS hides most of it, so a cell gets no more characters
 * than its column's lines could show (CSS then puts in the ellipsis); cut is estimated, not measured.
 */
function cellText(text: string, columnWidth: number, layout: ColumnLayout, numeric = false): { shown: string; cut: boolean } {
  const { font, padding, lines } = layout.metrics;
  // Numbers keep to one line (styles.ts).
  const room = (columnWidth - padding) * (numeric ? 1 : lines);
  const shown = boundText(text, Math.ceil(room / NARROWEST_GLYPH));
  return { shown, cut: shown !== text || textWidth(text, font, room) > room };
}
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

let canvas: CanvasRenderingContext2D | null | undefined;

/** Text measured in `family` on a canvas (no layout, nothing loaded); the estimate without one. */
function measureIn(family: string): Measure {
  return (text, font, bold) => {
    canvas ??= document.createElement('canvas').getContext('2d');
    if (!canvas) return estimate(text, font, bold);
    canvas.font = `${bold ? 600 : 400} ${font}px ${family}`;
    return canvas.measureText(text).width;
  };
}

/**
 * The rows behind the current selection, customers or loans, as a virtualised ARIA grid: only the
 * visible rows are in the DOM; the scroll area is `rowCount × rowHeight` tall and pages of rows
 * are fetched (`strata.rows`, every clause applied but this view's own) as it scrolls, stale page
 * requests aborted, so a million rows scroll smoothly. Columns sort on click or Enter (numbers
 * largest first, text A→Z; again to flip); names and ID numbers are masked unless `unmasked` is
 * set; CSV export fetches every row of the selection.
 *
 * Columns that do not fit scroll sideways behind a shadow at the edge and a "more columns" button
 * (its count of hidden columns; at the end it goes back); the first column stays in view. Headers
 * wrap rather than cut. Below 520 px (a phone) the columns a list is read for come first (loan,
 * balance, class; customer, tier, deposits), in smaller type, two lines a cell.
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
 * @csspart columns - the line saying how many columns are shown, with the more-columns button (only when some are hidden)
 * @csspart grid - the scrolling grid
 * @csspart header - the header row
 * @csspart row - a data row
 * @cssprop --strata-table-height - the grid's height (default 420px; less when the rows take less)
 * @cssprop --strata-accent - the active cell's outline
 * @cssprop --strata-surface - header and row background
 * @cssprop --strata-border - row lines
 */
export class StrataTable extends StrataView<TableResult> {
  static override styles = [baseStyles, tableStyles];

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

  /** Height of a row in px (fixed: the grid computes positions from it; at least 40 on a phone, for two lines). */
  @property({ type: Number, attribute: 'row-height' }) rowHeight = 32;

  @state() private scrollPos = 0;
  @state() private scrollX = 0;
  @state() private viewport = 0;
  /** The grid's inner width, its header row's height and its scroll bars' sizes, as last measured. */
  @state() private gridBox = { width: 0, head: 0, barX: 0, barY: 0 };
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
  private fontFamily?: string;

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

  /** Sorts by `column`: numbers descending first, text ascending; the same column again flips the direction. */
  sortBy(column: string): void {
    const target = this.columns.find((c) => c.name === column);
    if (!target) return;
    if (this.orderBy?.column === column) {
      this.descending = !this.descending;
    } else {
      this.sortColumn = column;
      this.descending = firstSortDescending(target);
    }
  }

  /** The columns as laid out for `table` at the element's width (desktop, or the phone's order). */
  private layoutOf(table: RowsTable): ColumnLayout {
    // The font is the page's choice (--strata-font): read once.
    this.fontFamily ??= getComputedStyle(this).fontFamily;
    return columnLayout(table, this.language, this.width > 0 && this.width < PHONE_WIDTH, measureIn(this.fontFamily), this.fontFamily);
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
      columns: COLUMNS[value.table].map((c) => ({
        label: c.label(lang),
        value: (row: ListRow) => c.csv(row, lang, this.masked),
        numeric: c.numeric,
        // Days past due are a count; every other number in a list is an amount.
        kind: c.numeric ? (c.name === 'dpd' ? ('count' as const) : ('amount' as const)) : undefined,
      })),
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
    this.scrollX = 0;
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
  private geometry(count: number, layout: ColumnLayout) {
    const rh = Math.max(this.rowHeight > 0 ? this.rowHeight : 32, layout.metrics.minRowHeight);
    const vh = Math.max((this.viewport || DEFAULT_HEIGHT) - (this.gridBox.head || rh), rh);
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
        // Next frame: a re-render that resizes the grid must not happen inside the observer's callback.
        this.gridObserver ??= new ResizeObserver(() => requestAnimationFrame(() => this.measureGrid()));
        this.gridObserver.observe(grid);
        const head = grid.querySelector('.head');
        if (head) this.gridObserver.observe(head);
      }
    }
    if (grid && this.resetScroll) {
      this.resetScroll = false;
      grid.scrollTop = 0;
      grid.scrollLeft = 0;
    }
    const result = this.result;
    if (grid && result && result.count > 0) {
      const g = this.geometry(result.count, this.layoutOf(result.table));
      const needed = new Set<number>();
      if (g.end > g.first) {
        for (let p = Math.floor(g.first / PAGE_ROWS); p <= Math.floor((g.end - 1) / PAGE_ROWS); p++) needed.add(p);
      }
      this.ensurePages(result, needed);
    }
  }

  /** Reads the grid's size, its header's height and its scroll bars (what the geometry and the hidden-column cue need). */
  private measureGrid(): void {
    const grid = this.observedGrid;
    if (!grid) return;
    const height = grid.clientHeight;
    if (height > 0 && height !== this.viewport) this.viewport = height;
    const head = grid.querySelector<HTMLElement>('.head')?.offsetHeight ?? 0;
    // Outer minus inner size: the scroll bar and the 1px borders.
    const box = { width: grid.clientWidth, head, barX: grid.offsetWidth - grid.clientWidth - 2, barY: grid.offsetHeight - grid.clientHeight - 2 };
    const old = this.gridBox;
    if (box.width !== old.width || box.head !== old.head || box.barX !== old.barX || box.barY !== old.barY) this.gridBox = box;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.gridObserver?.disconnect();
    this.observedGrid = undefined;
    this.abortPages();
  }

  // ─── interaction ────────────────────────────────────────────────────────────────────────

  private onScroll = (event: Event): void => {
    const grid = event.currentTarget as HTMLElement;
    this.scrollPos = grid.scrollTop;
    this.scrollX = grid.scrollLeft;
  };

  /** The more-columns button: shows the next hidden columns, or from the last ones goes back to the first. */
  private onMoreColumns(layout: ColumnLayout): void {
    const grid = this.grid;
    if (!grid) return;
    grid.scrollLeft = nextColumnsLeft(layout, grid.scrollLeft, grid.clientWidth);
    this.scrollX = grid.scrollLeft;
  }

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
    // The label is what the grid shows: masked unless `unmasked` (the host has the id to look the customer up).
    const label = this.masked ? (maskName(row.customer_name) ?? maskId(row.customer_id)) : (row.customer_name ?? row.customer_id);
    emit(this, 'strata-drill', { source: this.sourceId, field: 'customer_id', value: row.customer_id, label });
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    const result = this.result;
    if (!result || result.count === 0) return;
    const { columns } = this.layoutOf(result.table);
    const last = result.count - 1;
    const lastCol = columns.length - 1;
    const g = this.geometry(result.count, this.layoutOf(result.table));
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
    const layout = this.layoutOf(result.table);
    const g = this.geometry(result.count, layout);
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
    const left = revealColumnLeft(layout, col, grid.scrollLeft, grid.clientWidth);
    if (left !== grid.scrollLeft) {
      grid.scrollLeft = left;
      this.scrollX = grid.scrollLeft;
    }
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override renderContent(value: TableResult): TemplateResult {
    const lang = this.language;
    // The result's own columns: while a switch to the other list is loading, the old rows stay.
    const layout = this.layoutOf(value.table);
    const { columns, metrics } = layout;
    const g = this.geometry(value.count, layout);
    const indices: number[] = [];
    for (let i = g.first; i < g.end; i++) indices.push(i);
    const activeRendered = this.activeRow < 0 || (this.activeRow >= g.first && this.activeRow < g.end);
    const activeId = activeRendered ? (this.activeRow < 0 ? `h-${this.activeCol}` : `c-${this.activeRow}-${this.activeCol}`) : undefined;
    const order = value.orderBy;
    const box = this.gridBox;
    const hidden = box.width > 0 && layout.total > box.width + 0.5 ? hiddenColumns(layout, this.scrollX, box.width) : undefined;
    return html`${hidden ? this.renderColumnsBar(layout, hidden) : nothing}
      <div class="frame">
        <div
          id="grid"
          class="grid ${metrics.lines > 1 ? 'phone' : ''} ${hidden?.before ? 'scrolled' : ''}"
          part="grid"
          role="grid"
          tabindex="0"
          aria-readonly="true"
          aria-labelledby="title"
          aria-describedby="summary keys"
          aria-rowcount=${value.count + 1}
          aria-colcount=${columns.length}
          aria-activedescendant=${activeId ?? nothing}
          style=${styleProps({
            '--cols': layout.widths.map((w) => `${w}px`).join(' '),
            '--width': `${layout.total}px`,
            '--row-h': `${g.rh}px`,
            '--font': `${metrics.font}px`,
            '--pad': `${metrics.padding / 2}px`,
          })}
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
                ><span class="text">${c.label(lang)}</span><span class="arrow" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span></div>`;
              })}
            </div>
          </div>
          <div class="body" role="rowgroup" style=${styleProps({ height: `${g.height}px` })} @click=${this.onBodyClick} @dblclick=${this.onDoubleClick}>
            ${repeat(
              indices,
              (i) => i,
              (i) => this.renderRow(value, i, g.top(i), layout, lang),
            )}
          </div>
        </div>
        ${hidden?.before
          ? html`<div class="fade start" style=${styleProps({ left: `${1 + (layout.widths[0] ?? 0)}px`, bottom: `${1 + box.barY}px` })}></div>`
          : nothing}
        ${hidden?.after ? html`<div class="fade end" style=${styleProps({ right: `${1 + box.barX}px`, bottom: `${1 + box.barY}px` })}></div>` : nothing}
      </div>
      <span id="keys" class="visually-hidden">${tt(lang, 'keys')}</span>`;
  }

  /** How many columns are in view, and the button to the hidden ones (a cue the sideways scroll alone does not give). */
  private renderColumnsBar(layout: ColumnLayout, hidden: { before: number; after: number }): TemplateResult {
    const lang = this.language;
    const n = layout.columns.length;
    return html`<div class="columns" part="columns">
      <span>${tt(lang, 'columns_shown', { shown: n - hidden.before - hidden.after, n })}</span>
      <button aria-controls="grid" @click=${() => this.onMoreColumns(layout)}>
        ${hidden.after > 0 ? tt(lang, 'more_columns', { n: hidden.after }) : tt(lang, 'first_columns')}
      </button>
    </div>`;
  }

  private renderRow(value: TableResult, i: number, top: number, layout: ColumnLayout, lang: Lang): TemplateResult {
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
      ${layout.columns.map((c, j) => {
        const text = row ? c.text(row, lang, masked) : undefined;
        const cell = text === undefined ? undefined : cellText(text, layout.widths[j]!, layout, c.numeric);
        return html`<div
          role="gridcell"
          id="c-${i}-${j}"
          class="cell ${c.numeric ? 'num' : ''} ${this.activeRow === i && this.activeCol === j ? 'active' : ''}"
          aria-colindex=${j + 1}
          data-col=${j}
          title=${cell?.cut ? text! : nothing}
        >${cell ? html`<span class="text">${cell.shown}</span>` : nothing}</div>`;
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
  override exportCsv(): Promise<void> {
    return this.downloadCsv();
  }

  /** Like `exportCsv`, resolving once the file is handed to the browser; a new query aborts it. */
  async downloadCsv(): Promise<void> {
    this.exportController?.abort();
    const controller = (this.exportController = new AbortController());
    try {
      const parts = await this.toCsvParts(controller.signal);
      downloadBlob(new Blob(parts, { type: 'text/csv;charset=utf-8' }), this.fileName('csv'));
    } catch (error) {
      if ((error as Error).name !== 'AbortError') emit(this, 'strata-error', { error: error as Error, source: this.sourceId });
    } finally {
      if (this.exportController === controller) this.exportController = undefined;
    }
  }
}

export { PAGE_ROWS };

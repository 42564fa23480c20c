import { maskId, maskName, type RowsOrder, type RowsTable} from '@strata/sdk';
import { TaskStatus } from '@lit/task';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Readings } from '../base/coordinator.ts';
import { baseStyles } from '../base/styles.ts';
import { StrataView, type TableData } from '../base/view.ts';
import { emit } from '../events.ts';
import { COLUMNS, listColumns, type GridColumn, type ListRow } from './columns.ts';
import type { ExportJob, FileFormat, SheetChoice } from './export-rows.ts';
import { gridTemplate } from './grid.ts';
import { clamp, type Geometry } from './geometry.ts';
import { keyAction } from './keys.ts';
import { summaryText, tt } from './labels.ts';
import { columnLayout, firstSortDescending, PHONE_WIDTH, type ColumnLayout } from './layout.ts';
import { measureIn } from './measure.ts';
import { RowPages, type RowsQuery, type TableResult } from './pages.ts';
import { GridScroll } from './scroll.ts';
import { tableStyles } from './styles.ts';

export type { TableResult } from './pages.ts';

/**
 * The rows behind the current selection, customers or loans, as a virtualised ARIA grid: only the
 * visible rows are in the DOM; the scroll area is `rowCount × rowHeight` tall and pages of rows
 * are fetched (`strata.rows`, every clause applied but this view's own) as it scrolls, stale page
 * requests aborted, so a million rows scroll smoothly. Columns sort on click or Enter (numbers
 * largest first, text A→Z; again to flip); names and ID numbers are masked unless `unmasked` is
 * set; the CSV and xlsx exports fetch every row of the selection.
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
 * loading/empty/error+retry states, the summary and the export menu.
 *
 * @element strata-table
 * @fires strata-drill - the user opened a row (double click, or Enter); detail: { source, field: 'customer_id', value, label } (label: the name as the grid shows it)
 * @fires strata-error - a query or an export failed
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

  /** Rows the exports fetch a page at a time. */
  static exportPageRows = 5_000;

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

  /** Active cell: row index (-1 is the header row) and column index. */
  @state() private activeRow = 0;
  @state() private activeCol = 0;

  private readonly pages = new RowPages(this);
  private readonly gridScroll = new GridScroll(this, () => this.grid);
  /** The last result loaded, until an update adopts it. */
  private loaded?: TableResult;
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
    return this.pages.result?.count;
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

  private rowsQuery(): RowsQuery {
    return { table: this.effectiveList, asOf: this.effectiveAsOf, orderBy: this.orderBy, exclude: this.sourceId };
  }

  // ─── StrataView ─────────────────────────────────────────────────────────────────────────

  protected override heading(): string {
    return tt(this.language, this.effectiveList === 'customers' ? 'customer_list' : 'loan_list');
  }

  protected override queryKey(): unknown[] {
    const order = this.orderBy;
    return [this.effectiveList, order?.column, order?.descending];
  }

  protected override async query(readings: Readings, signal: AbortSignal): Promise<TableResult> {
    this.exportController?.abort();
    const result = await this.pages.load(readings, this.rowsQuery(), signal);
    this.loaded = result;
    return result;
  }

  /** The count and first page only: asking ahead must not drop the pages shown nor stop an export. */
  override prefetch(readings: Readings, signal: AbortSignal): Promise<unknown> {
    return RowPages.ask(readings, this.rowsQuery(), signal);
  }

  protected override isEmpty(value: TableResult): boolean {
    return value.count === 0;
  }

  protected override summary(value: TableResult): string {
    const sorted = value.orderBy && COLUMNS[value.table].find((c) => c.name === value.orderBy!.column);
    return summaryText(this.language, value, sorted?.label(this.language), this.masked);
  }

  protected override draw(): void {
    // No chart: the grid is the content.
  }

  /** The rows fetched so far, from the first on (the base's `toCsv`); the exports fetch all. */
  protected override tableData(value: TableResult): TableData<ListRow> {
    const rows: ListRow[] = [];
    for (let page = 0; value.pages.has(page); page++) rows.push(...value.pages.get(page)!);
    return { rows, columns: listColumns(value.table, this.language, this.masked) };
  }

  // ─── paging and scrolling ───────────────────────────────────────────────────────────────

  /**
   * A result loaded is adopted in the update that shows it (its scroll back to the top, the active
   * cell kept in range): one update per answer.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const loaded = this.loaded;
    if (loaded && this.data.status === TaskStatus.COMPLETE) {
      this.loaded = undefined;
      this.adopt(loaded);
    }
  }

  private adopt(result: TableResult): void {
    this.pages.adopt(result);
    this.exportController?.abort();
    this.gridScroll.reset();
    if (this.activeRow >= 0) this.activeRow = 0;
    this.activeCol = clamp(this.activeCol, 0, COLUMNS[result.table].length - 1);
  }

  /** Which rows are visible and where each goes, for `count` rows at the current scroll position. */
  private geometry(count: number, layout: ColumnLayout): Geometry {
    return this.gridScroll.geometry(count, layout, this.rowHeight, StrataTable.maxScrollHeight);
  }

  private get grid(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.grid');
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const result = this.pages.result;
    if (this.grid && result && result.count > 0) {
      const g = this.geometry(result.count, this.layoutOf(result.table));
      this.pages.show(result, g.first, g.end);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pages.abort();
    this.exportController?.abort();
  }

  // ─── interaction ────────────────────────────────────────────────────────────────────────

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

  private onHeaderClick = (column: string, index: number): void => {
    this.activeRow = -1;
    this.activeCol = index;
    this.sortBy(column);
  };

  /** Fires strata-drill for the row at `index` (when its page is loaded). */
  private drillRow(index: number): void {
    const row = this.pages.result && this.pages.rowAt(this.pages.result, index);
    if (!row) return;
    // The label is what the grid shows: masked unless `unmasked` (the host has the id to look the customer up).
    const label = this.masked ? (maskName(row.customer_name) ?? maskId(row.customer_id)) : (row.customer_name ?? row.customer_id);
    emit(this, 'strata-drill', { source: this.sourceId, field: 'customer_id', value: row.customer_id, label });
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    const result = this.pages.result;
    if (!result || result.count === 0) return;
    const layout = this.layoutOf(result.table);
    const at = { row: this.activeRow, col: this.activeCol };
    const size = { lastRow: result.count - 1, lastCol: layout.columns.length - 1, screenful: this.geometry(result.count, layout).screenful };
    const action = keyAction(event, at, size);
    if (action === undefined) return;
    event.preventDefault();
    if (action === 'sort') this.sortBy(layout.columns[at.col]!.name);
    else if (action === 'drill') this.drillRow(at.row);
    else if (action !== 'keep') {
      this.activeRow = action.move.row;
      this.activeCol = action.move.col;
      this.revealCell(action.move.row, action.move.col);
    }
  };

  /** Scrolls so that the cell at (row, col) is in view. */
  private revealCell(row: number, col: number): void {
    const result = this.pages.result;
    if (!result) return;
    const layout = this.layoutOf(result.table);
    this.gridScroll.reveal(this.geometry(result.count, layout), layout, row, col);
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override renderContent(value: TableResult): TemplateResult {
    // The result's own columns: while a switch to the other list is loading, the old rows stay.
    const layout = this.layoutOf(value.table);
    return gridTemplate({
      count: value.count,
      order: value.orderBy,
      layout,
      geometry: this.geometry(value.count, layout),
      lang: this.language,
      masked: this.masked,
      active: { row: this.activeRow, col: this.activeCol },
      box: this.gridScroll.box,
      scrollX: this.gridScroll.left,
      rowAt: (i) => this.pages.rowAt(value, i),
      onScroll: this.gridScroll.onScroll,
      onKeyDown: this.onKeyDown,
      onHeaderClick: this.onHeaderClick,
      onBodyClick: this.onBodyClick,
      onDoubleClick: this.onDoubleClick,
      onMoreColumns: () => this.gridScroll.nextColumns(layout),
    });
  }

  // ─── export ─────────────────────────────────────────────────────────────────────────────

  private exportJob(signal?: AbortSignal): ExportJob {
    const db = this.db;
    if (!db) throw new Error('No Strata to export from');
    const lang = this.language;
    return { db, query: this.rowsQuery(), columns: listColumns(this.effectiveList, lang, this.masked), lang, pageRows: StrataTable.exportPageRows, signal };
  }

  /**
   * Every row of the current selection as CSV (UTF-8 with BOM, formula-safe), fetched in pages,
   * in the grid's order and masking: `raw` the values as they are, `people` with units in the
   * headers and amounts in 万元 to the cent. The parts join into the file.
   */
  async toCsvParts(kind: SheetChoice = 'raw', signal?: AbortSignal): Promise<string[]> {
    const job = this.exportJob(signal);
    return (await import('./export-rows.ts')).csvParts(job, kind);
  }

  /** Every row of the current selection as one CSV text (see `toCsvParts`). */
  async toFullCsv(kind: SheetChoice = 'raw', signal?: AbortSignal): Promise<string> {
    return (await this.toCsvParts(kind, signal)).join('');
  }

  /** Every row of the current selection as an Excel workbook, fetched in pages, as the people's CSV has them. */
  override async toXlsx(signal?: AbortSignal): Promise<Blob> {
    const job = this.exportJob(signal);
    return (await import('./export-rows.ts')).xlsxOf(job, this.heading());
  }

  /** Downloads every row of the current selection as CSV (for people, or raw). */
  override exportCsv(raw = false): Promise<void> {
    return this.download(raw ? 'csv_raw' : 'csv');
  }

  /** Downloads every row of the current selection as an Excel workbook. */
  override exportXlsx(): Promise<void> {
    return this.download('xlsx');
  }

  /**
   * Makes a file of every row and hands it to the browser, resolving once it has; a new query or
   * export aborts it (nothing is downloaded then). A failure rejects: the export menu says it.
   */
  private async download(format: FileFormat): Promise<void> {
    this.exportController?.abort();
    const controller = (this.exportController = new AbortController());
    try {
      await this.prepareExport();
      const { downloadRows } = await import('./export-rows.ts');
      await downloadRows(this.exportJob(controller.signal), format, this.heading(), (ext) => this.fileName(ext));
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      if (this.exportController === controller) this.exportController = undefined;
    }
  }
}

/**
 * The base every chart element extends. Long because it is the element's public face: the
 * subclass contract (what a view supplies) and the public methods every view has (selection,
 * refresh, and one documented method per export: toCsv, toSvg, toXlsx, exportFrame …), each a line
 * over the controllers that do the work (selection.ts, palette.ts, resize.ts, tooltip.ts,
 * exports.ts), the coordinator its queries go through (coordinator.ts) and the rule that makes a
 * click one update (update-gate.ts), whose hooks into Lit's update cycle must be the element's.
 */
import { consume } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import type { DimensionName, FilterClause, FilterValue, Strata } from '@strata/sdk';
import { html, LitElement, nothing, type PropertyDeclaration, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { dashboardContext, type DashboardState, type Theme } from '../context.ts';
import { emit } from '../events.ts';
import { codeLabel, t, toLang, type Lang } from '../i18n.ts';
import type { FrameText } from './export-frame.ts';
import type { PlanCoordinator, Readings } from './coordinator.ts';
import { loadCoordinator } from './load-coordinator.ts';
import { exportStyles, type ExportFormat } from './export-menu.ts';
import type { ExportHost } from './exporter.ts';
import { ExportController } from './exports.ts';
import { PaletteController, type Palette } from './palette.ts';
import { ResizeController } from './resize.ts';
import type { Rendered, UpdateGate } from './update-gate.ts';
import { SelectionController } from './selection.ts';
import { baseStyles } from './styles.ts';
import { TooltipController, tooltipStyles } from './tooltip.ts';

import { dataTable, type TableData } from './table-data.ts';
import { isEngineStopped, isMissingData } from './view-errors.ts';

export type { TableColumn, TableData, ValueKind } from './table-data.ts';
export type { Palette } from './palette.ts';
export { isEngineStopped, isMissingData } from './view-errors.ts';

let sourceCounter = 0;

/** The task's status by its number (TaskStatus: INITIAL, PENDING, COMPLETE, ERROR), as the update gate reads it. */
const STATUS = ['initial', 'pending', 'complete', 'error'] as const;

/**
 * The base of every chart element: finds the dashboard's Strata through context (or takes one as
 * the `strata` property), runs the view's query as a task that cancels stale runs, and renders a
 * labelled figure with its states (loading skeleton, empty, error with retry, a stopped engine
 * with a restart, and a calm status when the metric needs a customer file that was not loaded), a
 * text summary, a data table alternative and exports. Subclasses supply the query, the chart and
 * the table.
 */
export abstract class StrataView<Result> extends LitElement {
  static override styles = [baseStyles, tooltipStyles, exportStyles];

  /** A Strata to read from instead of the enclosing dashboard's. */
  @property({ attribute: false }) strata?: Strata;

  /** zh-CN or en; inherits the dashboard's, else the page's. */
  @property({ attribute: 'lang' }) langAttribute: string | null = null;

  /** light or dark; inherits the dashboard's. */
  @property() theme?: Theme;

  /** Month end (YYYY-MM-DD) to show; the dashboard's, else the latest in the data. */
  @property({ attribute: 'as-of' }) asOf?: string;

  /** Campaign id for pipeline views; the dashboard's, else the running one. */
  @property() campaign?: string;

  /** This view's id in the filter state (defaults to the element's id). */
  @property() source = '';

  @consume({ context: dashboardContext, subscribe: true })
  @state()
  protected dashboard?: DashboardState;

  @state() protected width = 0;
  @state() private localRevision = 0;
  @state() private showTable = false;
  @state() private restarting = false;

  private unsubscribeFilters?: () => void;
  private lastValue?: Result;

  /** The marks' tooltip (hover and focus), hosted in the figure. */
  protected readonly tooltip = new TooltipController(this);
  private readonly selection = new SelectionController(
    this,
    () => this.selectField(),
    (value) => this.valueLabel(value),
  );
  private readonly colours = new PaletteController(this, () => this.effectiveTheme);
  /** The coordinator this view asks through (its Strata's), to be asked ahead of a click. */
  private coordinator?: PlanCoordinator;

  readonly data = new Task(this, {
    task: async ([db], { signal }) => {
      if (!db) return undefined;
      try {
        const { coordinatorOf, sameResult, UpdateGate } = await loadCoordinator();
        this.gate ??= new UpdateGate<Result>();
        const coordinator = coordinatorOf(db as Strata);
        if (signal.aborted) throw signal.reason;
        this.planClient(coordinator);
        const value = await this.query(coordinator.readings(signal), signal);
        // An answer equal to the one shown (a view the click does not filter) keeps the one shown:
        // its chart is not drawn again.
        if (this.lastValue !== undefined && sameResult(value, this.lastValue)) return this.lastValue;
        this.lastValue = value;
        return value;
      } catch (error) {
        if ((error as Error).name !== 'AbortError' && !isMissingData(error)) emit(this, 'strata-error', { error: error as Error, source: this.sourceId });
        throw error;
      }
    },
    args: () => [this.db, this.revision, this.effectiveAsOf, this.effectiveCampaign, ...this.queryKey()] as const,
    // Called just before the task asks for the update that shows its answer (see shouldUpdate).
    onComplete: () => this.gate?.answered(),
  });

  constructor() {
    super();
    new ResizeController(this, (width) => (this.width = width));
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.selectedValues().length > 0) {
        event.stopPropagation();
        this.clearSelection();
      }
    });
  }

  // ─── what subclasses provide ────────────────────────────────────────────────────────────

  /** The view's title, in the current language. */
  protected abstract heading(): string;
  /**
   * Asks the view's readings (with its own clause excluded: pass `exclude: this.sourceId`) and
   * makes its result of them. The readings are answered by the one plan of the click, with every
   * other view's (see coordinator.ts).
   */
  protected abstract query(readings: Readings, signal: AbortSignal): Promise<Result>;
  /** Asks what `query` asks, for its statements to be ready when the click comes; any side effect of `query` left out. */
  prefetch(readings: Readings, signal: AbortSignal): Promise<unknown> {
    return this.query(readings, signal);
  }
  /** The view's own options that change its query (e.g. `by`, `measure`). */
  protected queryKey(): unknown[] {
    return [];
  }
  protected abstract isEmpty(value: Result): boolean;
  /** One or two sentences saying what the chart shows, for everyone and for screen readers. */
  protected abstract summary(value: Result): string;
  /** Draws the chart into the view's SVG (with a pure renderer). */
  protected abstract draw(svg: SVGSVGElement, value: Result): void;
  protected abstract tableData(value: Result): TableData;
  /** The field this view's marks select, or null when marks do not filter. */
  protected selectField(): DimensionName | null {
    return null;
  }
  /** Content instead of an SVG chart (KPI tiles, tables); `draw` is then not called. */
  protected renderContent(_value: Result): TemplateResult | undefined {
    return undefined;
  }
  /** A note printed under the summary: what the figures do not follow, say. */
  protected note(_value: Result): string | undefined {
    return undefined;
  }
  /** What the title leaves unsaid (a field's definition), shown as the title's tooltip. */
  protected headingNote(): string | undefined {
    return undefined;
  }
  /** The view's own choices (an order, a group), shown between the title and the chart. */
  protected renderControls(): TemplateResult | typeof nothing {
    return nothing;
  }

  // ─── effective settings ─────────────────────────────────────────────────────────────────

  get db(): Strata | undefined {
    return this.strata ?? this.dashboard?.strata;
  }

  get language(): Lang {
    return toLang(this.langAttribute ?? this.dashboard?.lang ?? document.documentElement.lang);
  }

  get effectiveTheme(): Theme {
    return this.theme ?? this.dashboard?.theme ?? 'light';
  }

  get effectiveAsOf(): string | undefined {
    return this.asOf ?? this.dashboard?.asOf;
  }

  get effectiveCampaign(): string | undefined {
    return this.campaign ?? this.dashboard?.campaign;
  }

  get sourceId(): string {
    if (!this.source) this.source = this.id || `${this.localName}-${++sourceCounter}`;
    return this.source;
  }

  private get revision(): number {
    return (this.dashboard?.revision ?? 0) * 1_000_000 + this.localRevision;
  }

  /**
   * Whether another view's clause applies to this view's query (its own never does): then an
   * average is the filtered one, not the whole bank's. A month end chosen elsewhere (`as_of`)
   * changes the month shown, not the scope.
   */
  protected filteredByOthers(): boolean {
    return this.othersClauses().some((c) => c.field !== 'as_of');
  }

  /** The month end another view selected (one `as_of` value), if any: the whole bank's figure is read at it. */
  protected monthSelectedElsewhere(): string | undefined {
    const month = this.othersClauses().find((c) => c.field === 'as_of' && c.op === 'in' && c.values.length === 1)?.values[0];
    return typeof month === 'string' ? month : undefined;
  }

  private othersClauses(): readonly FilterClause[] {
    return (this.db?.filters.clauses ?? []).filter((c) => c.source !== this.sourceId);
  }

  /** Re-runs the query (after loading data into a standalone `strata`, say). */
  refresh(): void {
    this.localRevision++;
  }

  /**
   * The stopped state's button: the dashboard's Strata is restarted by the dashboard (once for all
   * its views, which then query again); a Strata of the view's own here, unless another view
   * sharing it already did.
   */
  private async restartEngine(): Promise<void> {
    const db = this.db;
    if (!db || this.restarting) return;
    this.restarting = true;
    try {
      if (this.dashboard && db === this.dashboard.strata) {
        await this.dashboard.restart();
      } else {
        if (db.engine.stopped) await db.restart();
        this.refresh();
      }
    } catch (error) {
      emit(this, 'strata-error', { error: error as Error, source: this.sourceId });
    } finally {
      this.restarting = false;
    }
  }

  // ─── selection ──────────────────────────────────────────────────────────────────────────

  /** The values this view has selected (its own clause). */
  selectedValues(): FilterValue[] {
    return this.selection.values();
  }

  /** Selects a mark's value, or clears the selection when it is the one selected. Fires strata-select. */
  protected toggleSelection(value: FilterValue): void {
    this.selection.toggle(value);
  }

  clearSelection(): void {
    this.selection.clear();
  }

  protected drill(value: FilterValue): void {
    this.selection.drill(value);
  }

  /**
   * A mark's value as the view names it, for people (chips, events): a code's words by default;
   * views whose rows carry names (a branch's) look the value up in them.
   */
  protected valueLabel(value: FilterValue): string {
    return codeLabel(this.language, value === null ? null : String(value), this.selectField() ?? undefined);
  }

  // ─── lifecycle ──────────────────────────────────────────────────────────────────────────

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeFilters?.();
    this.unsubscribeFilters = undefined;
    this.coordinator?.unregister(this);
    this.coordinator = undefined;
  }

  /** Asks through `coordinator` from now on (and is asked ahead of clicks by it). */
  private planClient(coordinator: PlanCoordinator): void {
    if (this.coordinator === coordinator) return;
    this.coordinator?.unregister(this);
    this.coordinator = coordinator;
    if (this.isConnected) coordinator.register(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strata')) {
      // A standalone Strata has no dashboard to announce filter changes: listen to it directly.
      this.unsubscribeFilters?.();
      this.unsubscribeFilters = this.strata?.filters.onChange(() => this.localRevision++);
    }
    this.dataset.theme = this.effectiveTheme;
  }

  /** One update per answer (update-gate.ts, fetched with the first query: until then every update runs). */
  private gate?: UpdateGate<Result>;

  override requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: PropertyDeclaration): void {
    this.gate?.requested(name);
    super.requestUpdate(name, oldValue, options);
  }

  /**
   * One update per answer: a click changes the dashboard's revision, which starts the task (here,
   * as Lit starts tasks only in an update) without rendering the answer shown again while the next
   * is on its way (the figure says it is busy); and an answer equal to the one shown (a view the
   * click does not filter, or the clicked view, its own selection drawn at once) is not rendered
   * again. Anything else (the view's own properties, language, theme, its selection, a controller's
   * request) updates as usual.
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (this.restarting || !this.gate || this.gate.shouldUpdate(changed, () => this.renderedFrom(), () => this.data.hostUpdate())) return true;
    this.showBusy();
    return false;
  }

  override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.gate?.ran();
  }

  private renderedFrom(): Rendered<Result> {
    const value = this.currentValue();
    return { value, status: STATUS[this.data.status], lang: this.language, theme: this.effectiveTheme, selected: JSON.stringify(this.selectedValues()), scope: this.filterScope() };
  }

  /** What the summary and notes say of the filters besides the answer. */
  private filterScope(): string {
    return `${this.filteredByOthers()} ${this.monthSelectedElsewhere() ?? ''}`;
  }

  private busy(): boolean {
    return this.data.status === TaskStatus.PENDING || this.restarting || (!this.db && this.currentValue() === undefined);
  }

  /** aria-busy, set here rather than rendered: a pending answer is no update (see shouldUpdate). */
  private showBusy(): void {
    this.renderRoot.querySelector('figure')?.setAttribute('aria-busy', String(this.busy()));
  }

  /** What the chart's SVG was last drawn from. */
  private drawn?: { svg: SVGSVGElement; value: Result; width: number; theme: Theme; lang: Lang; selected: string };

  protected override updated(changed: PropertyValues<this>): void {
    this.showBusy();
    const svg = this.renderRoot.querySelector<SVGSVGElement>('svg.chart-svg');
    const value = this.currentValue();
    const from = this.renderedFrom();
    this.gate?.drawn(from);
    if (!svg || value === undefined || this.isEmpty(value)) {
      this.drawn = undefined;
      return;
    }
    // The chart is drawn once per answer: not while the next is on its way (a click: it is drawn
    // when it lands), nor when the answer equals the one drawn (a view the click does not filter
    // keeps its answer object). A new SVG, width, theme, language or selection is drawn at once, and
    // so is any change of the view's own properties (an order, a group).
    const d = this.drawn;
    const selected = from.selected;
    const ownChange = [...changed.keys()].some((key) => key !== 'dashboard' && key !== 'localRevision');
    const same =
      d && d.svg === svg && d.value === value && d.width === this.width && d.theme === this.effectiveTheme && d.lang === this.language && d.selected === selected;
    if (same && (this.data.status === TaskStatus.PENDING || !ownChange)) return;
    this.draw(svg, value);
    this.drawn = { svg, value, width: this.width, theme: this.effectiveTheme, lang: this.language, selected };
  }

  private currentValue(): Result | undefined {
    return this.data.status === TaskStatus.COMPLETE ? this.data.value : this.lastValue;
  }

  /** Colours of the current theme, as the renderers and exports need them (read once per theme). */
  protected palette(): Palette {
    return this.colours.palette();
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const lang = this.language;
    const value = this.currentValue();
    let body: TemplateResult;
    // Whether the view draws a chart (its own content has no picture to export).
    let chart = true;
    if (this.data.status === TaskStatus.ERROR && isMissingData(this.data.error)) {
      body = html`<div class="state" role="status" part="missing">${t(lang, 'missing_customers')}</div>`;
    } else if (this.data.status === TaskStatus.ERROR && isEngineStopped(this.data.error)) {
      body = html`<div class="state error" role="alert" part="error stopped">
        <span>${t(lang, 'engine_stopped')}</span>
        <button @click=${() => this.restartEngine()}>${t(lang, this.restarting ? 'restarting_engine' : 'restart_engine')}</button>
      </div>`;
    } else if (this.data.status === TaskStatus.ERROR) {
      body = html`<div class="state error" role="alert" part="error">
        <span>${t(lang, 'error')}: ${(this.data.error as Error)?.message ?? String(this.data.error)}</span>
        <button @click=${() => this.data.run()}>${t(lang, 'retry')}</button>
      </div>`;
    } else if (value === undefined) {
      body = html`<div class="skeleton" part="skeleton" role="status" aria-label=${t(lang, 'loading')}></div>`;
    } else if (this.isEmpty(value)) {
      body = html`<div class="state" part="empty" role="status">${t(lang, 'empty')}</div>`;
    } else {
      const content = this.renderContent(value);
      chart = content === undefined;
      const note = this.note(value);
      body = html`<p class="summary" id="summary" part="summary">${this.summary(value)}</p>
        ${note ? html`<p class="note" part="note">${note}</p>` : nothing}
        ${content ?? html`<div class="chart" part="chart"><svg class="chart-svg" role="group" aria-label=${this.heading()}></svg></div>`}
        ${content ? nothing : this.renderTable(value)}`;
    }
    const selected = this.selectedValues().length > 0;
    return html`<figure part="figure" lang=${lang} aria-labelledby="title">
      <figcaption part="title">
        <span id="title" title=${this.headingNote() ?? nothing}>${this.heading()}</span>
        <span class="toolbar" part="toolbar">
          ${selected ? html`<button @click=${() => this.clearSelection()}>${t(lang, 'clear_selection')}</button>` : nothing}
          ${value !== undefined && !this.isEmpty(value) && this.data.status !== TaskStatus.ERROR ? this.renderExports(lang, chart) : nothing}
        </span>
      </figcaption>
      ${this.exporting.renderError(lang)}
      ${this.renderControls()}${body}${this.tooltip.render()}
    </figure>`;
  }

  private renderTable(value: Result): TemplateResult {
    return dataTable(this.language, this.heading(), this.tableData(value), this.showTable, (open) => (this.showTable = open));
  }

  private renderExports(lang: Lang, chart: boolean): TemplateResult {
    const formats: ExportFormat[] = chart ? ['csv', 'csv_raw', 'xlsx', 'svg', 'png'] : ['csv', 'csv_raw', 'xlsx'];
    return this.exporting.render(lang, this.heading(), formats, (error) => emit(this, 'strata-error', { error, source: this.sourceId }));
  }

  // ─── export ─────────────────────────────────────────────────────────────────────────────

  private readonly exporting = new ExportController(this, this.exportHost(), (format) => this.exportAs(format));

  /** What the exports read of the view, as it is at the moment of each export. */
  private exportHost(): ExportHost {
    const view = this;
    return {
      get language() {
        return view.language;
      },
      get db() {
        return view.db;
      },
      heading: () => this.heading(),
      palette: () => this.palette(),
      chartSvg: () => this.renderRoot.querySelector<SVGSVGElement>('svg.chart-svg'),
      exportClauses: () => this.othersClauses().filter((c) => c.field !== 'as_of'),
      knownMonth: () => this.monthSelectedElsewhere() ?? this.effectiveAsOf,
      sheetData: () => {
        const value = this.currentValue();
        return value === undefined ? undefined : this.tableData(value);
      },
    };
  }

  /** The menu's choice, through the methods a view may override (the table exports every row). */
  private exportAs(format: ExportFormat): Promise<void> {
    if (format === 'csv' || format === 'csv_raw') return this.exportCsv(format === 'csv_raw');
    if (format === 'xlsx') return this.exportXlsx();
    return format === 'svg' ? this.exportSvg() : this.exportPng();
  }

  /**
   * Reads what the exports say that the view does not hold: the month shown (the latest when none
   * is chosen) and the names of the branches and managers the filters select.
   */
  prepareExport(): Promise<void> {
    return this.exporting.use((e) => e.prepare());
  }

  /** What the pictures say around the chart: title, scope · month, filters, source (call `prepareExport` first for names and month). */
  exportFrame(): Promise<FrameText> {
    return this.exporting.use((e) => e.frame());
  }

  /** A file name from the title, month and filters: 贷款余额·客户分层_2024-12-31_机构-城北支行.csv. */
  fileName(ext: string): Promise<string> {
    return this.exporting.use((e) => e.fileName(ext));
  }

  /** The chart as a standalone SVG document, with title, scope, month, filters and source (call `prepareExport` first for names and month). */
  toSvg(): Promise<string | undefined> {
    return this.exporting.use((e) => e.svg());
  }

  /**
   * The data behind the view as CSV (UTF-8 with BOM, so Excel reads Chinese correctly): 'raw'
   * keeps the exact values the view holds; 'people' writes units in the headers, amounts in 万元
   * to the cent, ratios as percentages.
   */
  toCsv(kind: 'people' | 'raw' = 'raw'): Promise<string | undefined> {
    return this.exporting.use((e) => e.csv(kind));
  }

  /** The people's sheet as an Excel workbook (write-excel-file, fetched on first use). */
  toXlsx(): Promise<Blob | undefined> {
    return this.exporting.use((e) => e.xlsx());
  }

  exportSvg(): Promise<void> {
    return this.exporting.use((e) => e.download('svg'));
  }

  /** The picture painted to a canvas from the live chart: no image load, so the strict CSP allows it. */
  exportPng(): Promise<void> {
    return this.exporting.use((e) => e.download('png'));
  }

  exportCsv(raw = false): Promise<void> {
    return this.exporting.use((e) => e.download(raw ? 'csv_raw' : 'csv'));
  }

  exportXlsx(): Promise<void> {
    return this.exporting.use((e) => e.download('xlsx'));
  }
}

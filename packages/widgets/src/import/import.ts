/**
 * <strata-import>: a user's file previewed, mapped and loaded. Long because the element holds the
 * whole dialogue's state (file, table, columns, units, replace, preview, failure) and its steps in
 * order; its parts (parts.ts, lines.ts), words (strings.ts), styles and the file-name guess
 * (file-name.ts) are apart.
 */
import { consume } from '@lit/context';
import {
  LoadError,
  type LoadInput,
  type LoadOptions,
  type LoadReport,
  type Mapping,
  type MoneyUnit,
  type Strata,
  type TableMapping,
  type TableName,
} from '@strata/sdk';
import { guessTable } from '@strata/sdk/mapping';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../base/styles.ts';
import { dashboardContext, type DashboardState, type Theme } from '../context.ts';
import type { StrataDashboard } from '../dashboard/dashboard.ts';
import { emit } from '../events.ts';
import { toLang, type Lang } from '../i18n.ts';
import { tableFromFileName } from './file-name.ts';
import { groupLine, resultLine, warningLine } from './lines.ts';
import { fileLine, isMoney, lineList, mappingTable, previewRows, replaceChoice, type ColumnChoice, type LoadPreview, type Replace } from './parts.ts';
import { fieldName, imt } from './strings.ts';
import { importStyles } from './styles.ts';

const PREVIEW_ROWS = 10;
const ACCEPT = '.csv,.tsv,.txt,.parquet,.arrow,.feather,.ipc,.json,.ndjson';

interface Failure {
  error: Error;
  during: 'preview' | 'load';
}

/** Where a preview runs and a confirmed load goes. */
interface Target {
  strata(): Promise<Strata>;
  load(input: LoadInput, options: LoadOptions): Promise<LoadReport>;
}

/**
 * Imports a user's file: chosen with the button or dropped on the element, its table guessed from
 * the file's name, else from its columns (and changeable). Before anything changes it shows the
 * SDK's preview: the first rows exactly as they will load (after the mapping and units), each
 * column of the file with the field it fills (or "ignore") and the unit of every money field, the
 * columns left out, the required fields missing, the problems grouped (one line per sort, counted,
 * with the first rows and an example), the warnings, the format and encoding detected, and whether
 * to replace all data or only this table. Every change of a choice previews again; nothing is
 * loaded until the user confirms, and a load that fails keeps what was loaded.
 *
 * Loads go into `.strata`, else into the `<strata-dashboard>` named by `for` (in the same
 * document or shadow root), else into the dashboard the element sits in: through the dashboard,
 * so that every view refreshes. Data text (file and column names, values) is rendered as text.
 *
 * @element strata-import
 * @fires strata-load - a file was loaded; detail: the load report (a dashboard loaded into fires its own as well)
 * @fires strata-error - a confirmed load failed; detail: the error (a LoadError groups its problems)
 * @csspart frame - the element's box
 * @csspart title - the heading
 * @csspart drop-zone - where a file is dropped, with the file button
 * @csspart choose - the button that opens the file picker
 * @csspart status - the line saying what is happening, or what the last load did
 * @csspart file - the file's name, format, encoding and records, with the table choice
 * @csspart replace - the choice between replacing all data and only this table
 * @csspart mapping - the columns of the file with their field and unit choices
 * @csspart notes - the columns left out, required fields missing, constants
 * @csspart problems - the problem groups that stop the load
 * @csspart warnings - the warnings the load would give (or gave)
 * @csspart preview - the first rows as they will load
 * @csspart actions - the Load and Cancel buttons
 * @csspart load - the Load button
 * @cssprop --strata-font - font family
 * @cssprop --strata-fg - text colour
 * @cssprop --strata-muted - secondary text
 * @cssprop --strata-surface - the element's background
 * @cssprop --strata-border - borders and the drop zone's outline
 * @cssprop --strata-accent - the Load button, focus rings and the drop zone while a file is over it
 * @cssprop --strata-danger - problems
 * @cssprop --strata-warn - warnings
 * @cssprop --strata-radius - corner radius
 * @cssprop --strata-gap - spacing
 */
export class StrataImport extends LitElement {
  static override styles = [baseStyles, importStyles];

  /** A Strata to load into instead of a dashboard's. */
  @property({ attribute: false }) strata?: Strata;

  /** The id of the `<strata-dashboard>` to load into (in the same document or shadow root). */
  @property({ attribute: 'for' }) htmlFor: string | null = null;

  /** zh-CN or en; inherits the dashboard's, else the page's. */
  @property({ attribute: 'lang' }) langAttribute: string | null = null;

  /** light or dark; inherits the dashboard's. */
  @property() theme?: Theme;

  @consume({ context: dashboardContext, subscribe: true })
  @state()
  protected dashboard?: DashboardState;

  @state() private file?: File;
  @state() private table?: TableName;
  /**
   * 'all' unless the user says otherwise: the usual import is a bank's own file into a dashboard
   * that shows another data set (the synthetic demo bank, another branch's manifest), and loans
   * of one beside the customers, campaigns and targets of the other give figures that belong to
   * neither. Replacing one table of the data set shown is the deliberate case.
   */
  @state() private replace: Replace = 'all';
  /** Each column of the file and the field it fills: the preview's, then as the user changes them. */
  @state() private columns: ColumnChoice[] = [];
  /** Whether the user chose a column's field: the mapping then names every column's field. */
  @state() private columnsChosen = false;
  /** Columns the user chose to ignore (one the SDK recognises by its header still loads: said so). */
  @state() private ignoredByUser: readonly string[] = [];
  /** Units the user chose, by the file's column. */
  @state() private units: Record<string, MoneyUnit> = {};
  @state() private preview?: LoadPreview;
  /** What went wrong outside a preview's own findings: a preview that could not run, a load that failed. */
  @state() private failure?: Failure;
  @state() private busy: 'preview' | 'load' | null = null;
  @state() private report?: LoadReport;
  @state() private over = false;

  @query('input[type="file"]') private input!: HTMLInputElement;
  @query('button[part~="choose"]') private chooseButton!: HTMLButtonElement;

  /** Each preview or load; a result of an earlier one is dropped. */
  private runs = 0;
  private observed?: Element;
  private observer?: MutationObserver;

  constructor() {
    super();
    this.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      this.over = true;
    });
    this.addEventListener('dragleave', (event) => {
      if (!this.contains(event.relatedTarget as Node | null) && !this.renderRoot.contains(event.relatedTarget as Node | null)) this.over = false;
    });
    this.addEventListener('drop', (event) => {
      const file = event.dataTransfer?.files[0];
      this.over = false;
      if (!file) return;
      event.preventDefault();
      void this.selectFile(file);
    });
  }

  // ─── settings and where loads go ────────────────────────────────────────────────────────

  /** The dashboard named by `for`, once it is defined. */
  private get forDashboard(): StrataDashboard | undefined {
    if (!this.htmlFor) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    const element = root.getElementById?.(this.htmlFor);
    return element && 'ensureDatabase' in element ? (element as StrataDashboard) : undefined;
  }

  get language(): Lang {
    return toLang(this.langAttribute ?? this.forDashboard?.getAttribute('lang') ?? this.dashboard?.lang ?? document.documentElement.lang);
  }

  get effectiveTheme(): Theme {
    return this.theme ?? this.forDashboard?.theme ?? this.dashboard?.theme ?? 'light';
  }

  private target(): Target | undefined {
    const strata = this.strata;
    if (strata) return { strata: async () => strata, load: (input, options) => strata.load(input, options) };
    const dashboard = this.forDashboard ?? this.dashboard;
    return dashboard && { strata: () => dashboard.ensureDatabase(), load: (input, options) => dashboard.load(input, options) };
  }

  /** The mapping the choices make: every column's field once the user chose one, and the units chosen. */
  private mapping(): Mapping {
    const table = this.table;
    if (!table) return {};
    const tableMapping: TableMapping = {};
    const columns: Record<string, string> = {};
    const units: Record<string, MoneyUnit> = {};
    for (const { source, field } of this.columns) {
      if (field === null) continue;
      columns[field] = source;
      const unit = this.units[source];
      if (unit && isMoney(table, field)) units[field] = unit;
    }
    if (this.columnsChosen) tableMapping.columns = columns;
    if (Object.keys(units).length > 0) tableMapping.units = units;
    return Object.keys(tableMapping).length > 0 ? { [table]: tableMapping } : {};
  }

  // ─── what users (and hosts) do ──────────────────────────────────────────────────────────

  /** Previews `file` (what choosing or dropping a file does); resolves when the preview is shown. */
  async selectFile(file: File): Promise<void> {
    this.clear();
    this.file = file;
    this.table = tableFromFileName(file.name);
    await this.runPreview();
  }

  /** Loads the file as previewed; resolves to the report, or undefined when nothing was loaded. */
  async confirm(): Promise<LoadReport | undefined> {
    const { file, table } = this;
    const target = this.target();
    if (!file || !table || !target || !this.canLoad) return undefined;
    const run = ++this.runs;
    this.busy = 'load';
    this.failure = undefined;
    try {
      const report = await target.load({ [table]: file }, { mapping: this.mapping(), replace: this.replace });
      if (run === this.runs) {
        this.clear();
        this.report = report;
        await this.updateComplete;
        this.chooseButton?.focus();
      }
      emit(this, 'strata-load', { report });
      return report;
    } catch (error) {
      if (run === this.runs) this.failure = { error: error as Error, during: 'load' };
      emit(this, 'strata-error', { error: error as Error, source: this.id || this.localName });
      return undefined;
    } finally {
      if (run === this.runs) this.busy = null;
    }
  }

  /** Forgets the file and its preview; nothing is loaded. */
  cancel(): void {
    this.clear();
    this.chooseButton?.focus();
  }

  private get canLoad(): boolean {
    return this.busy === null && this.preview !== undefined && this.preview.error === null && this.table !== undefined;
  }

  private clear(): void {
    this.runs++;
    this.busy = null;
    this.file = undefined;
    this.table = undefined;
    this.replace = 'all';
    this.columns = [];
    this.columnsChosen = false;
    this.ignoredByUser = [];
    this.units = {};
    this.preview = undefined;
    this.failure = undefined;
    this.report = undefined;
  }

  private async runPreview(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const run = ++this.runs;
    const target = this.target();
    this.failure = target ? undefined : { error: new Error(imt(this.language, 'no_strata')), during: 'preview' };
    if (!target) return;
    this.busy = 'preview';
    try {
      const strata = await target.strata();
      const options = { replace: this.replace, rows: PREVIEW_ROWS };
      let table = this.table ?? 'loans';
      let preview = await strata.preview({ [table]: file }, { ...options, mapping: this.mapping() });
      if (!this.table) {
        // The name says nothing: the table whose fields the file's headers fit best.
        const guessed = guessTable(preview.tables[table]?.columns.map((c) => c.source) ?? []);
        if (guessed && guessed !== table) preview = await strata.preview({ [(table = guessed)]: file }, options);
      }
      if (run !== this.runs) return;
      this.table = table;
      this.preview = preview;
      this.columns = [...(preview.tables[table]?.columns ?? [])];
    } catch (error) {
      if (run !== this.runs) return;
      this.preview = undefined;
      this.failure = { error: error as Error, during: 'preview' };
    } finally {
      if (run === this.runs) this.busy = null;
    }
  }

  private chooseTable(table: TableName): void {
    this.table = table;
    this.columns = [];
    this.columnsChosen = false;
    this.ignoredByUser = [];
    this.units = {};
    void this.runPreview();
  }

  private chooseReplace(replace: Replace): void {
    this.replace = replace;
    void this.runPreview();
  }

  /** A column's field; a field has one column, so another column that had it is left out. */
  private chooseField(source: string, field: string | null): void {
    this.columns = this.columns.map((c) => (c.source === source ? { ...c, field } : field !== null && c.field === field ? { ...c, field: null } : c));
    this.columnsChosen = true;
    this.ignoredByUser = field === null ? [...this.ignoredByUser, source] : this.ignoredByUser.filter((s) => s !== source);
    void this.runPreview();
  }

  private chooseUnit(source: string, unit: MoneyUnit): void {
    this.units = { ...this.units, [source]: unit };
    void this.runPreview();
  }

  // ─── lifecycle ──────────────────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    // A dashboard written after this element in the page is there by the next frame.
    if (this.htmlFor) requestAnimationFrame(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observed = undefined;
  }

  protected override willUpdate(): void {
    this.dataset.theme = this.effectiveTheme;
  }

  protected override updated(): void {
    // Follow the language and theme of the dashboard named by `for`.
    const dashboard = this.forDashboard;
    if (dashboard === this.observed) return;
    this.observer?.disconnect();
    this.observed = dashboard;
    if (!dashboard) return;
    this.observer ??= new MutationObserver(() => this.requestUpdate());
    this.observer.observe(dashboard, { attributes: true, attributeFilter: ['lang', 'theme'] });
  }

  // ─── rendering ──────────────────────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const lang = this.language;
    return html`<section class="frame ${this.over ? 'over' : ''}" part="frame" lang=${lang} aria-labelledby="title" aria-busy=${this.busy ? 'true' : 'false'}>
      <h2 id="title" part="title">${imt(lang, 'title')}</h2>
      <div class="drop" part="drop-zone">
        <span>${imt(lang, 'drop')}</span>
        <button type="button" part="choose" @click=${() => this.input.click()}>${imt(lang, this.file ? 'choose_other' : 'choose')}</button>
        <input type="file" hidden accept=${ACCEPT} aria-label=${imt(lang, 'file_input')} @change=${this.onInput} />
      </div>
      <p class="status" part="status" role="status">${this.statusText(lang)}</p>
      ${this.failure ? this.renderFailure(lang, this.failure) : nothing}
      ${this.file && this.table && this.preview ? this.renderPreview(lang, this.file, this.table, this.preview) : nothing}
      ${this.report && this.report.warnings.length > 0 ? lineList(lang, 'warnings', imt(lang, 'warnings'), this.report.warnings.map((w) => [w, warningLine(lang, w)])) : nothing}
    </section>`;
  }

  private onInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.selectFile(file);
  }

  private statusText(lang: Lang): string {
    if (this.busy === 'load') return imt(lang, 'loading');
    if (this.busy === 'preview' && this.file) return imt(lang, 'previewing', { file: this.file.name });
    return this.report ? resultLine(lang, this.report) : '';
  }

  private renderFailure(lang: Lang, { error, during }: Failure): TemplateResult {
    // The first line of a message: a LoadError's problems are listed in groups below it.
    const message = error.message.split('\n')[0] ?? '';
    return html`<p class="error" role="alert">${during === 'load' ? imt(lang, 'load_failed') : ''}${error instanceof LoadError && during === 'load' ? '' : imt(lang, 'failed', { message })}</p>
      ${error instanceof LoadError
        ? lineList(lang, 'problems', imt(lang, 'problems', { total: error.total }), error.groups.map((g) => [g, groupLine(lang, g)]))
        : nothing}`;
  }

  private renderPreview(lang: Lang, file: File, table: TableName, preview: LoadPreview): TemplateResult {
    const tablePreview = preview.tables[table];
    const sep = imt(lang, 'list_sep');
    const ignored = this.columns.filter((c) => c.field === null).map((c) => c.source);
    // A mapping names columns for fields, never "no column": a header the SDK knows keeps its field.
    const kept = this.columns.filter((c) => c.field !== null && this.ignoredByUser.includes(c.source));
    const missing = tablePreview?.missing ?? [];
    const constants = Object.entries(tablePreview?.constants ?? {});
    const error = preview.error;
    return html`${fileLine(lang, file, table, tablePreview, (t) => this.chooseTable(t))}
      ${replaceChoice(lang, table, this.replace, (r) => this.chooseReplace(r))}
      ${this.columns.length > 0
        ? mappingTable(
            lang,
            table,
            this.columns,
            (source, field) => this.chooseField(source, field),
            (source, unit) => this.chooseUnit(source, unit),
          )
        : nothing}
      <div class="notes" part="notes">
        ${ignored.length > 0 ? html`<p data-note="ignored">${imt(lang, 'ignored')}${ignored.join(sep)}</p>` : nothing}
        ${kept.map((c) => html`<p data-note="kept">${imt(lang, 'kept', { column: c.source, field: fieldName(lang, c.field!) })}</p>`)}
        ${missing.length > 0 ? html`<p class="error" data-note="missing">${imt(lang, 'missing')}${missing.map((f) => fieldName(lang, f)).join(sep)}</p>` : nothing}
        ${constants.length > 0
          ? html`<p data-note="constants">${imt(lang, 'constants')}${constants.map(([f, v]) => `${fieldName(lang, f)} = ${v}`).join(sep)}</p>`
          : nothing}
      </div>
      ${error ? lineList(lang, 'problems', imt(lang, 'problems', { total: error.total }), error.groups.map((g) => [g, groupLine(lang, g)])) : nothing}
      ${preview.warnings.length > 0 ? lineList(lang, 'warnings', imt(lang, 'warnings'), preview.warnings.map((w) => [w, warningLine(lang, w)])) : nothing}
      ${tablePreview && tablePreview.rows.length > 0 ? previewRows(lang, table, tablePreview) : nothing}
      <div class="actions" part="actions">
        <button type="button" class="primary" part="load" ?disabled=${!this.canLoad} @click=${() => void this.confirm()}>${imt(lang, 'load')}</button>
        <button type="button" part="cancel" @click=${() => this.cancel()}>${imt(lang, 'cancel')}</button>
      </div>`;
  }
}

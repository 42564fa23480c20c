import { provide } from '@lit/context';
import { BUNDLE_FORMAT, LoadError, Strata, TABLE_NAMES, type BundleInput, type BundleManifest, type LoadInput, type LoadOptions, type LoadReport, type Mapping, type RulesOverride, type TableName } from '@strata/sdk/browser';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { dashboardContext, type DashboardState, type Theme } from '../context.ts';
import { emit } from '../events.ts';
import { t, toLang } from '../i18n.ts';
import { baseStyles } from '../base/styles.ts';
import { isEngineStopped } from '../base/view.ts';

/** A file named after a table feeds it (`src=…/holdings.parquet`); any other single file is loans. */
const TABLES: readonly TableName[] = TABLE_NAMES;

/**
 * The files at once, each as a File named by its URL's path (the name the loader reads a fetched
 * URL's format by); a file that cannot be fetched stays its URL, for the load to report as it does.
 */
async function fetchAll(urls: Partial<Record<TableName, URL>>): Promise<LoadInput> {
  const fetched = await Promise.all(
    Object.entries(urls).map(async ([table, url]) => {
      try {
        const response = await fetch(url);
        return [table, response.ok ? new File([await response.blob()], url.pathname) : url] as const;
      } catch {
        return [table, url] as const;
      }
    }),
  );
  return Object.fromEntries(fetched) as LoadInput;
}

/**
 * `src` as a manifest: table → file URL (relative to the manifest), and an optional mapping. A
 * bundle's manifest (`strata pack`, its `format` says so) is loaded as a bundle instead.
 */
export interface Manifest {
  tables: Partial<Record<TableName, string>>;
  mapping?: Mapping;
}

/**
 * The executive dashboard: owns a Strata (or takes one), loads `src`, and shares the database,
 * language, theme, month and campaign with every Strata element inside it through context.
 * With no children it lays out the default executive view.
 *
 * @element strata-dashboard
 * @slot - Strata elements to show instead of the default layout
 * @fires strata-interactive - a bundle's first load put every table but the loans and loan facts in place: the views draw (those that need the loans once they are in); detail: null
 * @fires strata-load - data finished loading; detail: the load report
 * @fires strata-error - loading or restarting failed; detail: the error (a LoadError lists each problem)
 * @fires strata-filter-change - the cross-filter state changed (by a user or by code)
 * @fires strata-select - (bubbling from a view) the user selected or cleared marks
 * @fires strata-drill - (bubbling from a view) the user asked for the rows behind a mark
 * @csspart frame - the dashboard's background and padding
 * @csspart layout - the default layout's grid
 * @csspart error - the load error panel (also shown when the engine stopped during a load, with a restart)
 */
export class StrataDashboard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      /* The frame is an inner element: a page's own rules (\`* { padding: 0 }\`) win over :host. */
      .frame {
        background: var(--_bg);
        padding: var(--_gap);
        border-radius: var(--_radius);
      }
      .layout {
        display: grid;
        gap: var(--_gap);
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr));
      }
      .wide {
        grid-column: 1 / -1;
      }
      ul {
        margin: 4px 0;
        padding-left: 18px;
      }
    `,
  ];

  /** A manifest JSON (`{ "tables": { "loans": "loans.parquet", … } }`) or one data file to load. */
  @property() src?: string;
  /** zh-CN (default) or en. */
  @property({ attribute: 'lang' }) langAttribute: string | null = null;
  /** light (default) or dark. */
  @property({ reflect: true }) theme: Theme = 'light';
  /** The month end every view shows (YYYY-MM-DD); the latest when absent. */
  @property({ attribute: 'as-of' }) asOf?: string;
  /** The campaign pipeline views follow; the running one when absent. */
  @property() campaign?: string;
  /** Tiering and grouping rule overrides (see the sdk's Rules). */
  @property({ attribute: false }) rules?: RulesOverride;
  /** Column mapping for the files in `src` (a manifest's own mapping wins). */
  @property({ attribute: false }) mapping?: Mapping;
  /** A Strata to show instead of opening one. */
  @property({ attribute: false }) strata?: Strata;

  @provide({ context: dashboardContext })
  @state()
  protected shared: DashboardState = {
    strata: undefined,
    lang: 'zh-CN',
    theme: 'light',
    asOf: undefined,
    campaign: undefined,
    revision: 0,
    load: (input, options) => this.load(input, options),
    ensureDatabase: () => this.ensureDatabase(),
    restart: () => this.restart(),
  };

  @state() private loadError?: Error;
  private opened?: Strata;
  private opening?: Promise<Strata>;
  private unsubscribe?: () => void;
  private loading = 0;
  private restarting?: Promise<void>;

  /** The Strata in use (given, or opened by the dashboard). */
  get database(): Strata | undefined {
    return this.strata ?? this.opened;
  }

  /**
   * Loads tables, or a bundle made by `strata pack` (`{ bundle }`), into the dashboard's Strata
   * (all or nothing) and refreshes every view. Options go to the SDK's `load` (`mapping`, default
   * the dashboard's; `replace: 'all' | 'tables'` …).
   */
  async load(input: LoadInput | BundleInput, options: LoadOptions = {}): Promise<LoadReport> {
    const strata = await this.ensureDatabase();
    let report: LoadReport;
    try {
      // A bundle's first load: the views draw from the small tables while the big ones load.
      const onInteractive = () => {
        this.bump();
        emit(this, 'strata-interactive', null);
      };
      report = await strata.load(input, { ...options, mapping: options.mapping ?? this.mapping, onInteractive });
    } finally {
      // After a failed load too: the views then show what is loaded (maybe nothing), not a skeleton.
      this.bump();
    }
    emit(this, 'strata-load', { report });
    return report;
  }

  /**
   * After the engine stopped (its duckdb-wasm worker was terminated or crashed): restarts the
   * Strata in use (which loads its data again, see `Strata.restart`), loads `src` again if the stop
   * cut its load short, and has every view query again. However many views ask at once, the
   * Strata restarts once.
   */
  restart(): Promise<void> {
    this.restarting ??= (async () => {
      try {
        const strata = this.database;
        if (strata?.engine.stopped) await strata.restart();
        if (this.src && isEngineStopped(this.loadError)) await this.loadSrc(this.src);
      } finally {
        this.restarting = undefined;
        this.bump();
      }
    })();
    return this.restarting;
  }

  /** The Strata in use, opened first if the dashboard has none yet. */
  ensureDatabase(): Promise<Strata> {
    if (this.strata) return Promise.resolve(this.strata);
    // One opening however many ask at once (the first load of `src`, an import's preview).
    this.opening ??= Strata.open({ rules: this.rules }).then(
      (strata) => {
        this.opened = strata;
        // Not announced to the views yet: the load that asked for it does that when it ends, so
        // no view queries the empty tables while the first load is on its way.
        this.attach(strata, false);
        return strata;
      },
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  private attach(strata: Strata, announce = true): void {
    this.unsubscribe?.();
    this.unsubscribe = strata.filters.onChange((change) => {
      this.bump();
      emit(this, 'strata-filter-change', { clauses: change.clauses, source: change.source });
    });
    if (announce) this.bump();
  }

  private bump(): void {
    this.shared = { ...this.shared, strata: this.database, revision: this.shared.revision + 1 };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A Strata given (or taken back: the dashboard's own again, if it opened one) is the one whose filters it follows.
    if (changed.has('strata')) {
      const current = this.strata ?? this.opened;
      if (current) this.attach(current);
    }
    if (changed.has('langAttribute') || changed.has('theme') || changed.has('asOf') || changed.has('campaign')) {
      this.shared = {
        ...this.shared,
        lang: toLang(this.langAttribute ?? document.documentElement.lang),
        theme: this.theme,
        asOf: this.asOf,
        campaign: this.campaign,
      };
    }
    this.dataset.theme = this.theme;
    if (changed.has('src') && this.src) void this.loadSrc(this.src);
  }

  constructor() {
    super();
    // The month and campaign pickers inside ask the dashboard to change what every view shows.
    this.addEventListener('strata-as-of-change', (event) => (this.asOf = event.detail || undefined));
    this.addEventListener('strata-campaign-change', (event) => (this.campaign = event.detail || undefined));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private async loadSrc(src: string): Promise<void> {
    const attempt = ++this.loading;
    this.loadError = undefined;
    // The engine starts (its wasm fetched and compiled: about a second) while the files, the
    // loader's code and parquet-wasm are fetched; should it fail, the load below reports it.
    this.ensureDatabase().catch(() => undefined);
    Strata.prepareLoad();
    try {
      const url = new URL(src, document.baseURI);
      const input: Partial<Record<TableName, URL>> = {};
      let mapping = this.mapping;
      if (url.pathname.endsWith('.json') && !TABLES.some((table) => url.pathname.endsWith(`/${table}.json`))) {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
        const read = (await response.json()) as Manifest | BundleManifest;
        if ((read as BundleManifest).format === BUNDLE_FORMAT) {
          // A bundle: the sdk fetches its files (beside the manifest) and checks their hashes.
          if (attempt !== this.loading) return;
          const bundle = { bundle: read as BundleManifest, base: new URL('.', url) };
          Strata.prepareLoad(bundle);
          await this.load(bundle, { replace: 'all' });
          return;
        }
        const manifest = read as Manifest;
        for (const [table, file] of Object.entries(manifest.tables ?? {})) input[table as TableName] = new URL(file, url);
        mapping = manifest.mapping ?? mapping;
      } else {
        const name = url.pathname.split('/').pop()?.replace(/\.[^.]+$/, '') as TableName;
        input[TABLES.includes(name) ? name : 'loans'] = url;
      }
      const files = await fetchAll(input);
      if (attempt !== this.loading) return;
      // `src` is the dashboard's whole data set (a manifest, or one file): nothing of the one
      // shown before stays beside it.
      await this.load(files, { mapping, replace: 'all' });
    } catch (error) {
      if (attempt !== this.loading) return;
      this.loadError = error as Error;
      emit(this, 'strata-error', { error: error as Error, source: this.id || 'strata-dashboard' });
    }
  }

  protected override render() {
    const lang = this.shared.lang;
    const error = this.loadError;
    return html`<div class="frame" part="frame">${error && isEngineStopped(error)
        ? html`<div class="state error" role="alert" part="error">
            <span>${t(lang, 'engine_stopped')}</span>
            <button @click=${() => this.restart().catch((failure: Error) => emit(this, 'strata-error', { error: failure, source: this.id || 'strata-dashboard' }))}>${t(lang, 'restart_engine')}</button>
          </div>`
        : error
        ? html`<div class="state error" role="alert" part="error">
            <span>${t(lang, 'error')}: ${error instanceof LoadError ? error.message.split('\n')[0] : error.message}</span>
            ${error instanceof LoadError
              ? html`<ul>${error.problems.slice(0, 20).map((p) => html`<li>${p.table}${p.row !== null ? ` #${p.row}` : ''}${p.column ? ` ${p.column}` : ''}: ${p.expected} ← ${p.got ?? '∅'}</li>`)}</ul>`
              : nothing}
            <button @click=${() => this.src && this.loadSrc(this.src)}>${t(lang, 'retry')}</button>
          </div>`
        : nothing}
      <slot @slotchange=${() => this.requestUpdate()}>${this.children.length === 0 ? this.renderDefault() : nothing}</slot></div>`;
  }

  /** The default executive view, shown when the dashboard has no children. */
  protected renderDefault() {
    return html`<div class="layout" part="layout">
      <strata-filters class="wide" id="filters"></strata-filters>
      <strata-kpis class="wide" id="kpis"></strata-kpis>
      <strata-segments id="tiers" by="tier" measure="balance"></strata-segments>
      <strata-npl id="npl-by-class" by="industry_class" view="marimekko"></strata-npl>
      <strata-npl id="npl-trend" view="trend"></strata-npl>
      <strata-npl id="migration" view="migration"></strata-npl>
      <strata-funnel id="funnel"></strata-funnel>
      <strata-attainment id="attainment" by="branch"></strata-attainment>
      <strata-table class="wide" id="loans" table="loans"></strata-table>
    </div>`;
  }
}

/**
 * A view's exports as a Lit reactive controller: its menu (export-menu.ts, which this extends) and
 * the export code behind it (exporter.ts), fetched on the first export so that none of it is in
 * what a page downloads to start. The view keeps one documented method per export (toCsv, toSvg
 * …), each a line over `use`.
 */
import type { ReactiveControllerHost } from 'lit';
import { ExportMenu, type ExportFormat } from './export-menu.ts';
import type { ExportHost, ViewExporter } from './exporter.ts';

export class ExportController extends ExportMenu {
  private exporter?: Promise<ViewExporter>;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    /** What the exports read of the view, at the moment of each export. */
    private readonly view: ExportHost,
    /** Runs a format chosen in the menu (through the view's methods: the table fetches every row). */
    run: (format: ExportFormat) => Promise<void>,
  ) {
    super(host, run);
  }

  /** `work` done with the export code, fetched once; a failed fetch is not kept, so the next export tries again. */
  async use<T>(work: (exporter: ViewExporter) => T): Promise<Awaited<T>> {
    this.exporter ??= import('./exporter.ts').then(
      ({ ViewExporter }) => new ViewExporter(this.view),
      (error: unknown) => {
        this.exporter = undefined;
        throw error;
      },
    );
    return await work(await this.exporter);
  }
}

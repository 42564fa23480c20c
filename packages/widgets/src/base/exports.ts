/**
 * A view's exports as a Lit reactive controller: its menu (export-menu.ts) and the export code
 * behind it (exporter.ts), fetched on the first export so that none of it is in what a page
 * downloads to start. The view keeps one documented method per export (toCsv, toSvg …), each a
 * line over this.
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { nothing } from 'lit';
import type { Lang } from '../i18n.ts';
import type { FrameText } from './export-frame.ts';
import { ExportMenu, type ExportFormat } from './export-menu.ts';
import type { ExportHost, ViewExporter } from './exporter.ts';

export class ExportController implements ReactiveController {
  private readonly menu: ExportMenu;
  private exporter?: Promise<ViewExporter>;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    /** What the exports read of the view, at the moment of each export. */
    private readonly view: ExportHost,
    /** Runs a format chosen in the menu (a view may export its own way: the table fetches every row). */
    run?: (format: ExportFormat) => Promise<void>,
  ) {
    host.addController(this);
    this.menu = new ExportMenu(host, run ?? ((format) => this.download(format)));
  }

  hostConnected(): void {}

  /** The menu, offering `formats` (a view with no picture offers the sheets only). */
  render(lang: Lang, title: string, formats: readonly ExportFormat[], onError: (error: Error) => void): TemplateResult {
    return this.menu.render(lang, title, formats, onError);
  }

  /** The last export's failure, until dismissed or the next export succeeds. */
  renderError(lang: Lang): TemplateResult | typeof nothing {
    return this.menu.renderError(lang);
  }

  /** The export code, fetched once; a failed fetch is not kept, so the next export tries again. */
  private exports(): Promise<ViewExporter> {
    this.exporter ??= import('./exporter.ts').then(
      ({ ViewExporter }) => new ViewExporter(this.view),
      (error: unknown) => {
        this.exporter = undefined;
        throw error;
      },
    );
    return this.exporter;
  }

  async prepare(): Promise<void> {
    await (await this.exports()).prepare();
  }

  async frame(): Promise<FrameText> {
    return (await this.exports()).frame();
  }

  async fileName(ext: string): Promise<string> {
    return (await this.exports()).fileName(ext);
  }

  async svg(): Promise<string | undefined> {
    return (await this.exports()).svg();
  }

  async csv(kind: 'people' | 'raw'): Promise<string | undefined> {
    return (await this.exports()).csv(kind);
  }

  async xlsx(): Promise<Blob | undefined> {
    return (await this.exports()).xlsx();
  }

  /** Makes the file of `format` and hands it to the browser. */
  async download(format: ExportFormat): Promise<void> {
    await (await this.exports()).download(format);
  }
}

/**
 * A view's exports: the picture with its frame (SVG, PNG), the sheets (CSV for people, raw CSV,
 * xlsx) and their file names. Fetched with the view's first export, so that none of it is in what
 * a page downloads to start (the menu itself is export-menu.ts); the PNG painter comes with it, the
 * xlsx writer on its own first use.
 */
import type { FilterClause, Strata } from '@strata/sdk';
import type { Lang } from '../i18n.ts';
import { downloadBlob, safeFileName } from './export.ts';
import { chartFrame, framedSvg, type FrameText } from './export-frame.ts';
import { et } from './export-labels.ts';
import type { ExportFormat } from './export-menu.ts';
import { readNames, scopeWords } from './export-scope.ts';
import { peopleSheet, rawSheet, sheetToCsv } from './export-table.ts';
import { framedPng } from './paint-png.ts';
import type { Palette, TableData } from './view.ts';

/** What an export reads of its view, as the view shows it at the moment of the export. */
export interface ExportHost {
  readonly language: Lang;
  readonly db: Strata | undefined;
  heading(): string;
  palette(): Palette;
  /** The chart's SVG, when the view draws one. */
  chartSvg(): SVGSVGElement | null;
  /** The filters that limit the view (its own selection and the month apart). */
  exportClauses(): FilterClause[];
  /** The month the view shows when it knows it without asking (a month filter, its as-of). */
  knownMonth(): string | undefined;
  /** The data behind the view, or undefined before its first answer. */
  sheetData(): TableData | undefined;
}

export class ViewExporter {
  /** Branch and manager names read for the exports, by field and code. */
  private readonly names = new Map<string, string>();
  private month?: string;

  constructor(private readonly host: ExportHost) {}

  /**
   * Reads what the exports say that the view does not hold: the month shown (the latest when none
   * is chosen) and the names of the branches and managers the filters select.
   */
  async prepare(): Promise<void> {
    const db = this.host.db;
    if (!db) return;
    // Words, not figures: when the engine cannot answer (no loans loaded, a stopped worker), the
    // file still goes out, with the month left out and the codes as they are.
    try {
      this.month = this.host.knownMonth() ?? (await db.months()).at(-1);
      await readNames(db, this.host.exportClauses(), this.names);
    } catch {
      // The figures come from the view's last answer, not from these queries.
    }
  }

  private scope() {
    return scopeWords(this.host.language, this.host.exportClauses(), this.names);
  }

  private shownMonth(): string {
    return this.host.knownMonth() ?? this.month ?? '';
  }

  /** What the pictures say around the chart: title, scope · month, filters, source. */
  frame(): FrameText {
    const lang = this.host.language;
    const { scope, filters } = this.scope();
    const month = this.shownMonth();
    return {
      title: this.host.heading(),
      subtitle: month ? `${scope} · ${et(lang, 'month', { month })}` : scope,
      filters: filters.length > 0 ? filters : [et(lang, 'no_filters')],
      source: month ? et(lang, 'source', { month }) : et(lang, 'source_undated'),
      separator: lang === 'en' ? '; ' : '；',
    };
  }

  /** A file name from the title, month and filters: 贷款余额·客户分层_2024-12-31_机构-城北支行.csv. */
  fileName(ext: string): string {
    return safeFileName([this.host.heading(), this.shownMonth(), ...this.scope().fileParts], ext);
  }

  svg(): string | undefined {
    const svg = this.host.chartSvg();
    return svg ? framedSvg(svg, this.frame(), this.host.palette()) : undefined;
  }

  csv(kind: 'people' | 'raw'): string | undefined {
    const data = this.host.sheetData();
    if (data === undefined) return undefined;
    return sheetToCsv(kind === 'raw' ? rawSheet(this.host.language, data) : peopleSheet(this.host.language, data));
  }

  /** The people's sheet as an Excel workbook (write-excel-file, fetched on first use). */
  async xlsx(): Promise<Blob | undefined> {
    const data = this.host.sheetData();
    if (data === undefined) return undefined;
    const { sheetToXlsx } = await import('./export-xlsx.ts');
    return sheetToXlsx(peopleSheet(this.host.language, data), this.host.heading());
  }

  /** The picture painted to a canvas from the live chart: no image load, so the strict CSP allows it. */
  async png(): Promise<Blob | undefined> {
    const svg = this.host.chartSvg();
    return svg ? framedPng(svg, chartFrame(svg, this.frame()), this.host.palette()) : undefined;
  }

  /** Names and month read, the file made and handed to the browser's downloads. */
  async download(format: ExportFormat): Promise<void> {
    await this.prepare();
    const ext = format === 'csv_raw' ? 'csv' : format;
    const file = await this.file(format);
    if (file) downloadBlob(file, this.fileName(ext));
  }

  private async file(format: ExportFormat): Promise<Blob | undefined> {
    switch (format) {
      case 'csv':
      case 'csv_raw': {
        const text = this.csv(format === 'csv' ? 'people' : 'raw');
        return text === undefined ? undefined : new Blob([text], { type: 'text/csv;charset=utf-8' });
      }
      case 'xlsx':
        return this.xlsx();
      case 'svg': {
        const text = this.svg();
        return text === undefined ? undefined : new Blob([text], { type: 'image/svg+xml' });
      }
      default:
        return this.png();
    }
  }
}

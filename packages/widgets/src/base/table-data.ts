import { html, nothing, type TemplateResult } from 'lit';
import { t, type Lang } from '../i18n.ts';
import { boundText } from '../renderers/text.ts';

/** One column of a view's data table (and of its CSV export). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a view's rows are its own business
export interface TableColumn<Row = any> {
  label: string;
  value: (row: Row) => string | number | null;
  /**
   * The code behind a name (a branch's B07, a tier's corp_gold): the raw export writes it in a
   * column of its own before the name, for machines to join on.
   */
  code?: (row: Row) => string | number | null;
  /** How the table shows the value (the CSV keeps the raw value). */
  format?: (row: Row) => string;
  numeric?: boolean;
  /**
   * What the number is, for the exports a person reads: amounts go in 万元 to the cent, ratios in
   * % with two decimals, counts whole, each with its unit in the header. A function where rows
   * differ (the KPI strip); text when left out on a column that is not numeric.
   */
  kind?: ValueKind | ((row: Row) => ValueKind);
}

export type ValueKind = 'amount' | 'ratio' | 'count' | 'number' | 'text';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface TableData<Row = any> {
  columns: TableColumn<Row>[];
  rows: Row[];
}

/** A view's data table, behind a disclosure: the rows are laid out only while it is open. */
export function dataTable(lang: Lang, heading: string, { columns, rows }: TableData, open: boolean, onToggle: (open: boolean) => void): TemplateResult {
  return html`<details part="table" @toggle=${(e: Event) => onToggle((e.target as HTMLDetailsElement).open)}>
    <summary>${t(lang, 'show_table')}</summary>
    ${open
      ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${`${heading} · ${t(lang, 'show_table')}`}><table>
          <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.numeric ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
          <tbody>${rows.map(
            (row) => html`<tr>${columns.map((c) => {
              const text = c.format ? c.format(row) : String(c.value(row) ?? '');
              // A name of any length is laid out to 200 characters (the title and the CSV have it whole).
              const shown = boundText(text, 200);
              return html`<td class=${c.numeric ? 'num' : ''} title=${shown === text ? nothing : text}>${shown}</td>`;
            })}</tr>`,
          )}</tbody>
        </table></div>`
      : nothing}
  </details>`;
}

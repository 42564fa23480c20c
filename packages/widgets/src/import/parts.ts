/**
 * The pieces of <strata-import>'s preview as templates: the file and its table, the replace
 * choice, the column choices, a list of problem or warning lines, the first rows as they will
 * load. Data text goes in as text bindings only.
 */
import { SCHEMA, TABLE_NAMES, type LoadOptions, type MoneyUnit, type Strata, type TableName } from '@strata/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { Lang } from '../i18n.ts';
import { cellText, type ProblemLine } from './lines.ts';
import { fieldName, imt, tableLabel, unitLabel } from './strings.ts';

export type LoadPreview = Awaited<ReturnType<Strata['preview']>>;
export type TablePreview = NonNullable<LoadPreview['tables'][TableName]>;
export type ColumnChoice = TablePreview['columns'][number];
export type Replace = NonNullable<LoadOptions['replace']>;

const UNITS: readonly MoneyUnit[] = ['yuan', 'wan', 'yi'];

export const isMoney = (table: TableName, field: string | null) => field !== null && SCHEMA[table].columns.some((c) => c.name === field && c.money);

/** The file: its name, format, encoding and records; the table it loads as (a choice). */
export function fileLine(lang: Lang, file: File, table: TableName, preview: TablePreview | undefined, onTable: (table: TableName) => void): TemplateResult {
  return html`<div class="file" part="file">
    ${preview
      ? html`<span class="file-name">${imt(lang, 'file_line', {
          file: file.name,
          format: preview.format.toUpperCase(),
          encoding: preview.encoding?.toUpperCase() ?? imt(lang, 'encoding_none'),
          rows: preview.sourceRows.toLocaleString(lang),
        })}</span>`
      : html`<span class="file-name">${file.name}</span>`}
    <label
      >${imt(lang, 'table')}
      <select part="table-select" @change=${(e: Event) => onTable((e.target as HTMLSelectElement).value as TableName)}>
        ${TABLE_NAMES.map((t) => html`<option value=${t} ?selected=${t === table}>${tableLabel(lang, t) === t ? t : `${tableLabel(lang, t)} (${t})`}</option>`)}
      </select></label
    >
  </div>`;
}

/** Replace all data (a new data set) or only this table. */
export function replaceChoice(lang: Lang, table: TableName, replace: Replace, onReplace: (replace: Replace) => void): TemplateResult {
  return html`<fieldset class="replace" part="replace">
    <legend>${imt(lang, 'replace')}</legend>
    ${(['all', 'tables'] as const).map(
      (value) => html`<label
        ><input type="radio" name="replace" value=${value} .checked=${replace === value} @change=${() => onReplace(value)} />
        <span>${value === 'all' ? imt(lang, 'replace_all') : imt(lang, 'replace_tables', { table: tableLabel(lang, table) })}</span>
        <small>${imt(lang, value === 'all' ? 'replace_all_hint' : 'replace_tables_hint')}</small></label
      >`,
    )}
  </fieldset>`;
}

/** One row per column of the file: its field (or "ignore") and, for a money field, its unit. */
export function mappingTable(
  lang: Lang,
  table: TableName,
  columns: readonly ColumnChoice[],
  onField: (source: string, field: string | null) => void,
  onUnit: (source: string, unit: MoneyUnit) => void,
): TemplateResult {
  const fields = SCHEMA[table].columns;
  return html`<table class="mapping" part="mapping">
    <caption>${imt(lang, 'mapping')}</caption>
    <colgroup><col class="source" /><col class="field" /><col class="unit" /></colgroup>
    <thead>
      <tr>
        <th scope="col">${imt(lang, 'col_source')}</th>
        <th scope="col">${imt(lang, 'col_field')}</th>
        <th scope="col">${imt(lang, 'col_unit')}</th>
      </tr>
    </thead>
    <tbody>
      ${columns.map(
        (c) => html`<tr data-source=${c.source}>
          <th scope="row">${c.source}</th>
          <td>
            <select class="field" aria-label=${imt(lang, 'field_for', { column: c.source })} @change=${(e: Event) => onField(c.source, (e.target as HTMLSelectElement).value || null)}>
              <option value="" ?selected=${c.field === null}>${imt(lang, 'ignore')}</option>
              ${fields.map((f) => html`<option value=${f.name} ?selected=${c.field === f.name}>${fieldName(lang, f.name)} (${f.name})${f.required ? ' *' : ''}</option>`)}
            </select>
          </td>
          <td>
            ${isMoney(table, c.field)
              ? html`<select class="unit" aria-label=${imt(lang, 'unit_for', { column: c.source })} @change=${(e: Event) => onUnit(c.source, (e.target as HTMLSelectElement).value as MoneyUnit)}>
                    ${UNITS.map((u) => html`<option value=${u} ?selected=${(c.unit ?? 'yuan') === u}>${unitLabel(lang, u)}</option>`)}
                  </select>
                  ${c.unitFrom === 'header' ? html`<small>${imt(lang, 'unit_from_header')}</small>` : nothing}`
              : nothing}
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Problem groups or warnings, one line each: what (in words), how many and where, an example, what was expected. */
export function lineList(
  lang: Lang,
  part: 'problems' | 'warnings',
  title: string,
  lines: readonly (readonly [{ kind: string; field?: string | null }, ProblemLine])[],
): TemplateResult {
  return html`<div class=${part} part=${part}>
    <h3>${title}</h3>
    <ul>
      ${lines.map(
        ([item, line]) => html`<li data-kind=${item.kind} data-field=${item.field ?? ''}>
          <strong>${line.heading}</strong>${line.details.length > 0 ? html` <span class="details">${line.details.join(lang === 'en' ? ' · ' : '，')}</span>` : nothing}
          ${line.expected ? html`<span class="expected">${line.expected}</span>` : nothing}
        </li>`,
      )}
    </ul>
  </div>`;
}

/** The first rows exactly as they will load: every field something fills, amounts in yuan. */
export function previewRows(lang: Lang, table: TableName, preview: TablePreview): TemplateResult {
  const mapped = new Set([...preview.columns.flatMap((c) => (c.field ? [c.field] : [])), ...Object.keys(preview.constants)]);
  const fields = SCHEMA[table].columns.filter((c) => mapped.has(c.name) || preview.rows.some((r) => r[c.name] != null));
  const numeric = (f: (typeof fields)[number]) => (f.money || f.type === 'int' ? 'num' : '');
  return html`<div class="rows" part="preview">
    <h3 id="rows-title">${imt(lang, 'rows_preview', { n: preview.rows.length })}</h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="rows-title">
      <table>
        <thead>
          <tr>
            ${fields.map((f) => html`<th scope="col" class=${numeric(f)} data-field=${f.name}>${fieldName(lang, f.name)}${f.money ? ` (${unitLabel(lang, 'yuan')})` : ''}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${preview.rows.map((row) => html`<tr>${fields.map((f) => html`<td class=${numeric(f)} data-field=${f.name}>${cellText(lang, table, f.name, row[f.name])}</td>`)}</tr>`)}
        </tbody>
      </table>
    </div>
  </div>`;
}

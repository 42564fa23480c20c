/**
 * The grid as a template: the ARIA grid with its column widths and row height as custom
 * properties, the header row (sort state, the field's definition as its title), the rows in view
 * (a cell's text bounded to what its column shows, whole in its title when cut; a row whose page
 * is still loading is busy), the shadows at a hidden side and the cue for columns out of view.
 * Data is text, never markup.
 */
import type { RowsOrder } from '@strata/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleProps } from '../base/style-props.ts';
import { fieldNote, type Lang } from '../i18n.ts';
import type { GridColumn, ListRow } from './columns.ts';
import type { Geometry } from './geometry.ts';
import type { Box } from './scroll.ts';
import type { Cell } from './keys.ts';
import { tt } from './labels.ts';
import { hiddenColumns, type ColumnLayout } from './layout.ts';
import { cellText } from './measure.ts';

/** What the grid shows, and what it does on the user's scroll, keys and clicks. */
export interface GridView {
  count: number;
  order: RowsOrder | undefined;
  layout: ColumnLayout;
  geometry: Geometry;
  lang: Lang;
  masked: boolean;
  /** The active cell (row -1: the header row). */
  active: Cell;
  box: Box;
  /** The sideways scroll, px. */
  scrollX: number;
  rowAt: (index: number) => ListRow | undefined;
  onScroll: (event: Event) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  onHeaderClick: (column: string, index: number) => void;
  onBodyClick: (event: MouseEvent) => void;
  onDoubleClick: (event: MouseEvent) => void;
  onMoreColumns: () => void;
}

export function gridTemplate(view: GridView): TemplateResult {
  const { layout, geometry: g, lang, active, box } = view;
  const { columns, metrics } = layout;
  const indices: number[] = [];
  for (let i = g.first; i < g.end; i++) indices.push(i);
  const activeRendered = active.row < 0 || (active.row >= g.first && active.row < g.end);
  const activeId = activeRendered ? (active.row < 0 ? `h-${active.col}` : `c-${active.row}-${active.col}`) : undefined;
  const hidden = box.width > 0 && layout.total > box.width + 0.5 ? hiddenColumns(layout, view.scrollX, box.width) : undefined;
  return html`${hidden ? columnsBar(layout, hidden, lang, view.onMoreColumns) : nothing}
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
        aria-rowcount=${view.count + 1}
        aria-colcount=${columns.length}
        aria-activedescendant=${activeId ?? nothing}
        style=${styleProps({
          '--cols': layout.widths.map((w) => `${w}px`).join(' '),
          '--width': `${layout.total}px`,
          '--row-h': `${g.rh}px`,
          '--font': `${metrics.font}px`,
          '--pad': `${metrics.padding / 2}px`,
        })}
        @scroll=${view.onScroll}
        @keydown=${view.onKeyDown}
      >
        <div class="head" role="rowgroup">${headerRow(columns, lang, view.order, active.row < 0 ? active.col : -1, view.onHeaderClick)}</div>
        <div class="body" role="rowgroup" style=${styleProps({ height: `${g.height}px` })} @click=${view.onBodyClick} @dblclick=${view.onDoubleClick}>
          ${repeat(
            indices,
            (i) => i,
            (i) => dataRow(view.rowAt(i), i, g.top(i), layout, lang, view.masked, active.row === i ? active.col : -1),
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

/** The header row; `active` is the active header's column (-1 when the active cell is in the body). */
function headerRow(columns: readonly GridColumn[], lang: Lang, order: RowsOrder | undefined, active: number, onClick: (column: string, index: number) => void): TemplateResult {
  return html`<div class="row" role="row" part="header" aria-rowindex="1">
    ${columns.map((c, j) => {
      const sorted = order?.column === c.name ? (order.descending ? 'descending' : 'ascending') : undefined;
      return html`<div
        role="columnheader"
        id="h-${j}"
        class="cell ${c.numeric ? 'num' : ''} ${active === j ? 'active' : ''}"
        aria-colindex=${j + 1}
        aria-sort=${sorted ?? nothing}
        title=${fieldNote(lang, c.name) ?? nothing}
        @click=${() => onClick(c.name, j)}
      ><span class="text">${c.label(lang)}</span><span class="arrow" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span></div>`;
    })}
  </div>`;
}

/** Row `i` at `top` px, or a busy row while its page loads; `active` is the active cell's column in it (-1: none). */
function dataRow(row: ListRow | undefined, i: number, top: number, layout: ColumnLayout, lang: Lang, masked: boolean, active: number): TemplateResult {
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
        class="cell ${c.numeric ? 'num' : ''} ${active === j ? 'active' : ''}"
        aria-colindex=${j + 1}
        data-col=${j}
        title=${cell?.cut ? text! : nothing}
      >${cell ? html`<span class="text">${cell.shown}</span>` : nothing}</div>`;
    })}
  </div>`;
}

/** How many columns are in view, and the button to the hidden ones (a cue the sideways scroll alone does not give). */
function columnsBar(layout: ColumnLayout, hidden: { before: number; after: number }, lang: Lang, onMore: () => void): TemplateResult {
  const n = layout.columns.length;
  return html`<div class="columns" part="columns">
    <span>${tt(lang, 'columns_shown', { shown: n - hidden.before - hidden.after, n })}</span>
    <button aria-controls="grid" @click=${onMore}>
      ${hidden.after > 0 ? tt(lang, 'more_columns', { n: hidden.after }) : tt(lang, 'first_columns')}
    </button>
  </div>`;
}

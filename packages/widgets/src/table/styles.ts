/** `<strata-table>`'s own CSS (the grid, its cells, the hidden-column cue, the phone layout). */
import { css } from 'lit';

/** Height of the grid before it is measured (its CSS default), px. */
export const DEFAULT_HEIGHT = 420;

// Custom properties set by the element: --cols (the column widths), --width (their sum),
// --row-h, --font and --pad (half a cell's horizontal padding) from the layout (layout.ts).
export const tableStyles = css`
  :host {
    --_shadow: rgb(0 0 0 / 0.28);
  }
  :host([data-theme='dark']) {
    --_shadow: rgb(0 0 0 / 0.75);
  }
  .frame {
    position: relative;
    min-width: 0;
  }
  .grid {
    position: relative;
    max-height: var(--strata-table-height, ${DEFAULT_HEIGHT}px);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: 6px;
    font-size: var(--font);
    overscroll-behavior: contain;
  }
  .grid:focus {
    outline: none;
  }
  .grid:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .row {
    display: grid;
    grid-template-columns: var(--cols);
    width: var(--width);
    min-width: 100%;
    height: var(--row-h);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  .head {
    position: sticky;
    top: 0;
    z-index: 2;
  }
  /* Headers wrap at spaces and after hyphens (every column is as wide as its header's widest word). */
  .head .row {
    height: auto;
    min-height: var(--row-h);
    font-weight: 600;
    border-bottom-width: 2px;
  }
  .head .cell {
    padding-block: 4px;
    line-height: 1.25;
  }
  .head .text {
    white-space: normal;
  }
  .body {
    position: relative;
    width: var(--width);
    min-width: 100%;
  }
  .body .row {
    position: absolute;
    top: 0;
    left: 0;
    cursor: default;
  }
  .body .row:hover {
    background: color-mix(in srgb, var(--_accent) 6%, var(--_surface));
  }
  .cell {
    display: flex;
    align-items: center;
    min-width: 0;
    padding: 0 var(--pad);
    overflow: hidden;
    height: 100%;
  }
  .text {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* The first column (the loan or the customer) stays in view while the others scroll sideways. */
  .row > .cell:first-child {
    position: sticky;
    left: 0;
    z-index: 1;
    background: inherit;
  }
  .scrolled .row > .cell:first-child {
    box-shadow: 1px 0 0 var(--_border);
  }
  .num {
    justify-content: flex-end;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  /* A phone: two lines a cell (the row is tall enough), so a class or a name needs half the width. */
  .phone {
    scrollbar-width: thin;
  }
  .phone .body .cell:not(.num) .text {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    white-space: normal;
    overflow-wrap: break-word;
    line-height: 16px;
  }
  [role='columnheader'] {
    cursor: pointer;
    user-select: none;
  }
  [role='columnheader']:hover {
    color: var(--_accent);
  }
  .arrow {
    flex: none;
    width: 1em;
    margin-inline-start: 2px;
    color: var(--_accent);
  }
  .pending .cell::before {
    content: '';
    display: inline-block;
    width: 60%;
    height: 0.8em;
    border-radius: 3px;
    background: var(--_border);
    opacity: 0.6;
  }
  .grid:focus .active,
  .grid:focus-visible .active {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  /* The shadow over the edge where columns are hidden (inside the borders, clear of the scroll bars). */
  .fade {
    position: absolute;
    top: 1px;
    width: 14px;
    pointer-events: none;
    z-index: 3;
  }
  .fade.end {
    background: linear-gradient(to right, transparent, var(--_shadow));
  }
  .fade.start {
    background: linear-gradient(to left, transparent, var(--_shadow));
  }
  .columns {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: 4px 8px;
    color: var(--_muted);
    font-size: 12px;
  }
  .columns button {
    color: var(--_accent);
    border-color: var(--_accent);
  }
`;

/** `<strata-list>`'s own CSS: the assign bar and the list's table (sticky header, a scroll box, a phone's smaller type). */
import { css } from 'lit';

export const listStyles = css`
  .assign {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    font-size: 13px;
  }
  .assign select {
    font: inherit;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 2px 4px;
    max-width: 100%;
  }
  .assign .done {
    color: var(--_good);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 12px;
  }
  .list-wrap {
    max-height: var(--strata-list-height, 480px);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
  .list-wrap:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .list {
    border-collapse: collapse;
    width: 100%;
    font-size: 13px;
  }
  .list th,
  .list td {
    padding: 4px 8px;
    border-bottom: 1px solid var(--_border);
    text-align: left;
    vertical-align: top;
  }
  .list thead th {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--_surface);
    font-weight: 600;
    white-space: nowrap;
    border-bottom-width: 2px;
  }
  .list td {
    background: var(--_surface);
  }
  .list .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .list td.nowrap {
    white-space: nowrap;
  }
  /* The reason wraps (the base's cells keep one line). */
  .list td.reason {
    min-width: 14em;
    white-space: normal;
  }
  .list tr.checked td {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
  }
  .list th.check,
  .list td.check {
    width: 2em;
    text-align: center;
  }
  .sort {
    font: inherit;
    font-weight: 600;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    white-space: nowrap;
  }
  .sort:focus-visible,
  input[type='checkbox']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .arrow {
    display: inline-block;
    width: 1em;
    color: var(--_accent);
  }
  /* A phone (the element under 520 px): who, the figure and why, in smaller type. */
  .list.phone {
    font-size: 12px;
  }
  .list.phone th,
  .list.phone td {
    padding: 4px;
  }
  .list.phone td.reason {
    min-width: 0;
  }
`;

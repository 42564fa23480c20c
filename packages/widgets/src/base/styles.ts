import { css } from 'lit';

/**
 * The custom properties every element reads (documented in each element's doc comment):
 * --strata-font, --strata-fg, --strata-muted, --strata-bg, --strata-surface, --strata-border,
 * --strata-accent, --strata-accent-2, --strata-danger, --strata-good, --strata-warn,
 * --strata-select, --strata-radius, --strata-gap.
 * `all: initial` on the host keeps the page's inherited styles (fonts, line height, colours,
 * resets) out; custom properties still pass, which is how a page themes the charts.
 */
export const baseStyles = css`
  :host {
    all: initial;
    display: block;
    box-sizing: border-box;
    min-width: 0;
    font-family: var(--strata-font, system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    font-size: 14px;
    line-height: 1.4;
    color: var(--_fg);
    --_fg: var(--strata-fg, #1f2937);
    --_muted: var(--strata-muted, #4b5563);
    --_bg: var(--strata-bg, #ffffff);
    --_surface: var(--strata-surface, #ffffff);
    --_border: var(--strata-border, #d1d5db);
    --_accent: var(--strata-accent, #1d4ed8);
    --_accent-2: var(--strata-accent-2, #0f766e);
    --_danger: var(--strata-danger, #b91c1c);
    --_good: var(--strata-good, #15803d);
    --_warn: var(--strata-warn, #b45309);
    --_select: var(--strata-select, #f59e0b);
    --_radius: var(--strata-radius, 8px);
    --_gap: var(--strata-gap, 12px);
  }
  :host([data-theme='dark']) {
    --_fg: var(--strata-fg, #e5e7eb);
    --_muted: var(--strata-muted, #9ca3af);
    --_bg: var(--strata-bg, #111827);
    --_surface: var(--strata-surface, #1f2937);
    --_border: var(--strata-border, #4b5563);
    --_accent: var(--strata-accent, #93c5fd);
    --_accent-2: var(--strata-accent-2, #5eead4);
    --_danger: var(--strata-danger, #fca5a5);
    --_good: var(--strata-good, #86efac);
    --_warn: var(--strata-warn, #fcd34d);
    --_select: var(--strata-select, #fbbf24);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  figure {
    margin: 0;
    padding: var(--_gap);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }
  figcaption {
    font-size: 15px;
    font-weight: 600;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
  }
  .summary {
    margin: 0;
    color: var(--_muted);
    font-size: 13px;
  }
  /* What the figures do not follow (targets under a tier filter, say): read before the chart. */
  .note {
    margin: 0;
    padding: 4px 8px;
    border-left: 3px solid var(--_warn);
    background: color-mix(in srgb, var(--_warn) 8%, transparent);
    color: var(--_fg);
    font-size: 13px;
  }
  .chart {
    position: relative;
    min-height: 40px;
    width: 100%;
  }
  .chart svg {
    display: block;
    overflow: visible;
    max-width: 100%;
  }
  .state {
    display: grid;
    place-items: center;
    min-height: 120px;
    color: var(--_muted);
    gap: 8px;
    text-align: center;
  }
  /* Still, not animated: without a GPU (a bank's virtual desktops, headless Chromium) every frame of
     an animation is drawn on the CPU, and took about a seventh of it from the load it waits for. */
  .skeleton {
    min-height: 160px;
    border-radius: var(--_radius);
    background: var(--_border);
    opacity: 0.35;
  }
  .error {
    color: var(--_danger);
  }
  button {
    font: inherit;
    font-size: 12px;
    color: var(--_fg);
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 2px 8px;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_accent);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .toolbar {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
  }
  details summary {
    cursor: pointer;
    color: var(--_muted);
    font-size: 12px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 12px;
    margin-top: 4px;
  }
  th,
  td {
    text-align: left;
    padding: 2px 6px;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .table-wrap {
    overflow-x: auto;
  }
  .mark {
    cursor: pointer;
  }
  .mark:focus {
    outline: none;
  }
  .mark:focus-visible .shape,
  .mark:focus-visible {
    stroke: var(--_fg);
    stroke-width: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** A view's row of choices above its chart (segments' order and group, NPL's class mix): labelled groups of toggle buttons. */
export const choiceStyles = css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 0 0 8px;
    font-size: 12px;
    color: var(--_muted);
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .choice button[aria-pressed='true'] {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
    font-weight: 600;
  }
`;

import { css } from 'lit';

/** <strata-import>'s own styles, on top of baseStyles (its custom properties, buttons, tables). */
export const importStyles = css`
  .frame {
    display: flex;
    flex-direction: column;
    gap: 10px;
    padding: var(--_gap);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 15px;
    font-weight: 600;
  }
  h3 {
    margin: 0 0 4px;
    font-size: 13px;
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .drop {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 10px 12px;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
  }
  .frame.over .drop {
    border-color: var(--_accent);
    color: var(--_fg);
  }
  button {
    font-size: 13px;
    padding: 4px 12px;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_surface);
    font-weight: 600;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  select {
    font: inherit;
    font-size: 13px;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 2px 4px;
    max-width: 100%;
  }
  .status:empty {
    display: none;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    overflow-wrap: anywhere;
  }
  .file label {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  fieldset {
    margin: 0;
    padding: 6px 10px 8px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    display: flex;
    flex-wrap: wrap;
    gap: 4px 20px;
    min-width: 0;
  }
  legend {
    padding: 0 4px;
    font-weight: 600;
    font-size: 13px;
  }
  fieldset label {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 6px;
  }
  fieldset input {
    margin: 0;
    accent-color: var(--_accent);
  }
  small,
  .expected,
  caption {
    color: var(--_muted);
    font-size: 12px;
  }
  caption {
    text-align: left;
    font-weight: 600;
    color: var(--_fg);
    font-size: 13px;
  }
  /* Fixed columns: a long field name clips inside its select instead of widening a phone's page. */
  table.mapping {
    width: 100%;
    max-width: 46em;
    table-layout: fixed;
  }
  col.source {
    width: 32%;
  }
  col.field {
    width: 44%;
  }
  col.unit {
    width: 24%;
  }
  table.mapping select {
    width: 100%;
  }
  table.mapping th,
  table.mapping td {
    white-space: normal;
    overflow-wrap: anywhere;
    vertical-align: middle;
    padding: 3px 6px;
  }
  table.mapping tbody th {
    font-weight: 400;
  }
  table.mapping td small {
    margin-left: 4px;
  }
  .notes:empty {
    display: none;
  }
  .notes p {
    overflow-wrap: anywhere;
  }
  .problems,
  .warnings {
    padding: 6px 10px;
    border-radius: calc(var(--_radius) - 2px);
    border-left: 4px solid var(--_danger);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
  }
  .warnings {
    border-left-color: var(--_warn);
    background: color-mix(in srgb, var(--_warn) 10%, var(--_surface));
  }
  .problems h3 {
    color: var(--_danger);
  }
  ul {
    margin: 0;
    padding-left: 18px;
  }
  li {
    overflow-wrap: anywhere;
  }
  li + li {
    margin-top: 2px;
  }
  .expected {
    display: block;
  }
  .rows .table-wrap {
    max-width: 100%;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
`;

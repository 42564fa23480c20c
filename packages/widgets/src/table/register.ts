import { StrataTable } from './table.ts';

if (!customElements.get('strata-table')) customElements.define('strata-table', StrataTable);

declare global {
  interface HTMLElementTagNameMap {
    'strata-table': StrataTable;
  }
}

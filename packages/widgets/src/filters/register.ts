import { StrataFilters } from './filters.ts';

if (!customElements.get('strata-filters')) customElements.define('strata-filters', StrataFilters);

declare global {
  interface HTMLElementTagNameMap {
    'strata-filters': StrataFilters;
  }
}

import { StrataAttainment } from './attainment.ts';

if (!customElements.get('strata-attainment')) customElements.define('strata-attainment', StrataAttainment);

declare global {
  interface HTMLElementTagNameMap {
    'strata-attainment': StrataAttainment;
  }
}

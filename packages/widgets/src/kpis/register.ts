import { StrataKpis } from './kpis.ts';

if (!customElements.get('strata-kpis')) customElements.define('strata-kpis', StrataKpis);

declare global {
  interface HTMLElementTagNameMap {
    'strata-kpis': StrataKpis;
  }
}

import { StrataNpl } from './npl.ts';

if (!customElements.get('strata-npl')) customElements.define('strata-npl', StrataNpl);

declare global {
  interface HTMLElementTagNameMap {
    'strata-npl': StrataNpl;
  }
}

import { StrataFunnel } from './funnel.ts';

if (!customElements.get('strata-funnel')) customElements.define('strata-funnel', StrataFunnel);

declare global {
  interface HTMLElementTagNameMap {
    'strata-funnel': StrataFunnel;
  }
}

import { StrataDashboard } from './dashboard.ts';
import '../npl/register.ts';

if (!customElements.get('strata-dashboard')) customElements.define('strata-dashboard', StrataDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'strata-dashboard': StrataDashboard;
  }
}

import { StrataDashboard } from './dashboard.ts';

// Defined before the views: views written inside a dashboard in the page's HTML upgrade after it,
// so their context request finds the dashboard (a request made before it exists would be lost).
if (!customElements.get('strata-dashboard')) customElements.define('strata-dashboard', StrataDashboard);

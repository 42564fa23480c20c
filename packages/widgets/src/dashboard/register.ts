import './define.ts';
// The default layout uses every element: registering the dashboard registers them all.
import '../attainment/register.ts';
import '../filters/register.ts';
import '../funnel/register.ts';
import '../kpis/register.ts';
import '../npl/register.ts';
import '../segments/register.ts';
import '../table/register.ts';
import type { StrataDashboard } from './dashboard.ts';

declare global {
  interface HTMLElementTagNameMap {
    'strata-dashboard': StrataDashboard;
  }
}

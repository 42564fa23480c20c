import { createContext } from '@lit/context';
import type { LoadInput, LoadOptions, LoadReport, Strata } from '@strata/sdk';
import type { Lang } from './i18n.ts';

export type Theme = 'light' | 'dark';

/**
 * What a `<strata-dashboard>` shares with the views inside it. A new object on every change, so
 * that views re-render and re-query: `revision` moves on every load and every filter change.
 */
export interface DashboardState {
  strata: Strata | undefined;
  lang: Lang;
  theme: Theme;
  asOf: string | undefined;
  campaign: string | undefined;
  revision: number;
  /** Loads through the dashboard, so that every view refreshes (what a `<strata-import>` inside it uses). */
  load: (input: LoadInput, options?: LoadOptions) => Promise<LoadReport>;
  /** The dashboard's Strata, opened first if it has none yet (a preview before the first load needs one). */
  ensureDatabase: () => Promise<Strata>;
  /** After the engine stopped: restarts the dashboard's Strata once, however many views ask, and has every view query again. */
  restart: () => Promise<void>;
}

export const dashboardContext = createContext<DashboardState | undefined>(Symbol('strata-dashboard'));

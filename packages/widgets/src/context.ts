import { createContext } from '@lit/context';
import type { Strata } from '@strata/sdk';
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
}

export const dashboardContext = createContext<DashboardState | undefined>(Symbol('strata-dashboard'));

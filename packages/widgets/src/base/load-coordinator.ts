/** The views' coordinator, fetched with a page's first query (see coordinator.ts); a failed fetch is tried again next time. */
let loading: Promise<typeof import('./coordinator.ts')> | undefined;

export function loadCoordinator(): Promise<typeof import('./coordinator.ts')> {
  loading ??= import('./coordinator.ts').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The SDK's MissingDataError (a metric needs the customer file, which was not loaded): a state of
 * the data, not a failure. Known by name, as errors that crossed a worker or a bundle are.
 */
export function isMissingData(error: unknown): boolean {
  return (error as Error | null)?.name === 'MissingDataError';
}

/** The SDK's EngineStoppedError (the duckdb-wasm worker was terminated or crashed): a restart brings it back. */
export function isEngineStopped(error: unknown): boolean {
  return (error as Error | null)?.name === 'EngineStoppedError';
}

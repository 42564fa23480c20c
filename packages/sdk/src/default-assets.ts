/**
 * The assets folder the browser engine uses when `configureAssets` was never called and no
 * `<script data-strata-assets>` names one. On package sources there is none: the page says
 * where its copies of the duckdb-wasm and parquet-wasm files are. `pnpm build` replaces this
 * module with `default-assets.bundle.ts`, whose answer is the `assets/` folder beside the bundle.
 */
export function bundledAssetsBase(): URL | undefined {
  return undefined;
}

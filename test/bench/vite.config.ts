/**
 * Builds the benchmark page (test/bench/page) like a production page: minified, every asset a file
 * of its own, on the packages' sources through the workspace aliases. test/bench/run.ts runs it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../vite.config.ts';
import { noParquetWasmFallback } from '../../packages/widgets/vite.build.config.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const BENCH_DIST = here('../.out/bench-dist');

export default defineConfig({
  root: here('./page'),
  base: './',
  publicDir: false,
  resolve: { alias: workspaceAliases },
  logLevel: 'error',
  // The sdk's Parquet worker as a module of its own, as pnpm build makes it.
  worker: { format: 'es', plugins: () => [noParquetWasmFallback()] },
  build: {
    outDir: BENCH_DIST,
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 10_000,
  },
});

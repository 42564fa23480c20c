/**
 * The demo portal: `pnpm demo` (dev server), `pnpm demo:build` (→ dist/demo), `pnpm demo:preview`
 * (dist/demo under the strict CSP, demo/serve.ts). Runs on the packages' sources through the
 * workspace aliases, like the tests.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../vite.config.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The header `pnpm demo:preview` and demo/serve.ts send; the demo must work under it. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'";

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: here('./public'),
  resolve: { alias: workspaceAliases },
  define: {
    // Vue's esm-bundler build: no Options API, no devtools (render functions only, no template compiler).
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': STRICT_CSP } },
  build: {
    outDir: here('../dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    // Every asset a file of its own (the wasm above all); nothing inlined as data: URLs.
    assetsInlineLimit: 0,
    // The polyfill would be one more script; every browser the demo targets has modulepreload.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      input: {
        index: here('./index.html'),
        vue: here('./vue.html'),
        react: here('./react.html'),
        two: here('./two.html'),
        lists: here('./lists.html'),
      },
    },
  },
});

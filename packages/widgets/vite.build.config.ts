/**
 * `pnpm build`: what a portal team copies to its static server, in dist/strata/ (or
 * $STRATA_BUILD_OUT):
 *
 *   strata.js            the one script of a plain page: <script type="module" src=".../strata.js">
 *   strata-widgets.js    the same as an ES module to import from: every element + the sdk's browser API
 *   strata-sdk.js        the sdk's browser entry alone
 *   strata-core.js, strata-ui.js, apache-arrow.js, duckdb-wasm.js   chunks the entries import
 *   strata-import.js     <strata-import>'s code, imported on demand by its register module
 *   strata-list.js       <strata-list>'s code, imported when one is in the document (or on loadStrataList())
 *   strata-load.js       the sdk's loader, imported on demand by the first load or preview
 *   strata-derive.js     the derived layer's statements, imported on demand when a Strata opens
 *   strata-cubes.js      the answers from cubes held in memory, the planner and the views' coordinator
 *                        (with their one-update rule and their tooltips' behaviour), imported on demand
 *                        by the first metric, plan or view query (a view's tooltip asks for it on connect)
 *   strata-export.js     a view's exports (picture frame, sheets, PNG painter), imported by the first export
 *   strata-xlsx.js       the xlsx writer, imported by the first xlsx export
 *   strata-treemap.js    the treemap renderer with d3-hierarchy, imported by the first treemap
 *   assets/              duckdb-wasm's eh wasm and worker, parquet-wasm's wasm, the Parquet worker (the default
 *                        assets folder of the bundle: see packages/sdk/src/default-assets.bundle.ts)
 *   size-report.json     raw and gzip bytes of every file and of what a page downloads
 *
 * Every file sits directly in the output folder so that `import.meta.url` of any chunk is that
 * folder. Nothing is fetched at build time and nothing in the output names a CDN.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const outDir = path.resolve(root, process.env.STRATA_BUILD_OUT ?? 'dist/strata');
const fromSdk = createRequire(path.join(root, 'packages/sdk/package.json'));

/** Copied into assets/ under these names (the names `assetsAt` expects). */
const ASSETS: Record<string, string> = {
  'duckdb-eh.wasm': fromSdk.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'),
  'duckdb-browser-eh.worker.js': fromSdk.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'),
  'parquet_wasm_bg.wasm': fromSdk.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'),
};

/** The page-side JavaScript that is not Strata's own: reported apart from the 100 KB target. */
const VENDOR_CHUNKS = { duckdb: 'duckdb-wasm.js', arrow: 'apache-arrow.js' };
const LOADER_CHUNK = 'strata-load.js';
const TARGET_GZIP = 100 * 1024;
/**
 * The sdk's loader modules, which `Strata.load` and `preview` import on demand, with the engine's
 * Arrow and Parquet readers (and parquet-wasm's glue) its inserts import, and the words of a
 * mapping (headers, codes, units: @strata/sdk/mapping, which <strata-import> imports). Not among
 * them: the load errors, which the sdk's index exports.
 */
const LOADER =
  /[\\/]packages[\\/]sdk[\\/]src[\\/](load[\\/](load|bundle|bundle-files|sql|stage|checks|direct|plan|mapping-check|problems|engine-problems|utf8|preview|source|text|objects|column-names|arrow-framing|headers|codes|units)|engine[\\/](ipc|parquet|parquet-thread)|mapping)\.ts$|[\\/]parquet-wasm[\\/]/;
const GZIP_LEVEL = 9;
/**
 * The answers from cubes held in memory (the sdk's cubes/ modules), the planner (plan.ts), deep
 * pages' numbered copies (list-tables.ts), the metric catalog with the metrics' SQL builders
 * (catalog.ts and their queries/ modules), the marketing lists' SQL and reasons (queries/lists.ts,
 * list-reasons.ts) and the views' coordinator with its comparison of answers
 * (widgets' base/coordinator.ts, same.ts), the views' one-update rule (update-gate.ts) and their
 * tooltips' behaviour (tooltip-show.ts): fetched with a page's first metric, plan or view query,
 * outside what a page downloads to start. None of these imports the page's own code (an import
 * would pull it into this chunk, and the chunk into the page's start).
 */
const CUBES_CHUNK = 'strata-cubes.js';
const CUBES = /[\\/]packages[\\/]sdk[\\/]src[\\/](cubes[\\/]|(plan|list-tables|catalog|queries[\\/](attainment|kpis|migration|npl|pipeline|segments|vintage|lists|list-reasons|follow-ups))\.ts$)|[\\/]packages[\\/]widgets[\\/]src[\\/]base[\\/](coordinator|same|update-gate|tooltip-show)\.ts$/;
/** The derived layer's statements (the sdk's queries/derive.ts): fetched when a Strata opens, beside the engine's start. */
const DERIVE_CHUNK = 'strata-derive.js';
const DERIVE = /[\\/]packages[\\/]sdk[\\/]src[\\/]queries[\\/]derive\.ts$/;
/** The xlsx export: write-excel-file, fflate and base/export-xlsx.ts, fetched on the first xlsx export. */
const XLSX_CHUNK = 'strata-xlsx.js';
const XLSX = /[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(write-excel-file|fflate)[\\/]|[\\/]packages[\\/]widgets[\\/]src[\\/]base[\\/]export-xlsx\.ts$/;

/**
 * A view's exports (base/exporter.ts with the frame, sheets, scope words and CSV, the PNG
 * painter, and the table's export of all its rows): fetched by the first export, outside what a
 * page downloads to start. The menu and its words (export-menu.ts, export-labels.ts) stay with
 * the elements.
 */
const EXPORT_CHUNK = 'strata-export.js';
const EXPORT = /[\\/]packages[\\/]widgets[\\/]src[\\/](base[\\/](exporter|export|export-frame|export-table|export-scope|paint-[\w-]+)|table[\\/]export-rows)\.ts$/;
/** The treemap renderer with d3-hierarchy: fetched when a segments view first shows a treemap. */
const TREEMAP_CHUNK = 'strata-treemap.js';
const TREEMAP = /[\\/]packages[\\/]widgets[\\/]src[\\/]renderers[\\/]treemap\.ts$|[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?d3-hierarchy[\\/]/;
/** The elements with lit and d3 (all but <strata-import>'s and <strata-list>'s own code, the exports and the treemap). */
const UI = /[\\/]packages[\\/]widgets[\\/]src[\\/](?!(import|list)[\\/](?!register\.ts))|[\\/]node_modules[\\/]/;
/** <strata-list>'s element, columns and words: fetched when a page has one. */
const LIST_CHUNK = 'strata-list.js';
const LIST = /[\\/]packages[\\/]widgets[\\/]src[\\/]list[\\/](?!register\.ts)/;

/** The sdk's default assets folder becomes "assets/ beside the bundle" (see default-assets.ts). */
function bundledDefaultAssets(): Plugin {
  const source = path.join(root, 'packages/sdk/src/default-assets.ts');
  const bundled = path.join(root, 'packages/sdk/src/default-assets.bundle.ts');
  let replaced = false;
  return {
    name: 'strata-bundled-default-assets',
    enforce: 'pre',
    async resolveId(id, importer, options) {
      if (!importer || !id.includes('default-assets')) return null;
      const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
      if (resolved?.id !== source) return null;
      replaced = true;
      return bundled;
    },
    buildEnd(error) {
      if (!error && !replaced) this.error('packages/sdk/src/default-assets.ts was not imported: the bundle would have no default assets folder');
    },
  };
}

/**
 * parquet-wasm's glue falls back to `new URL('parquet_wasm_bg.wasm', import.meta.url)` when it is
 * given no wasm, which a library build would inline as base64 (5 MB). Strata always passes the
 * URL, so the fallback becomes an error.
 */
export function noParquetWasmFallback(): Plugin {
  const pattern = "new URL('parquet_wasm_bg.wasm', import.meta.url)";
  return {
    name: 'strata-no-parquet-wasm-fallback',
    enforce: 'pre',
    transform(code, id) {
      if (!/parquet-wasm[\\/]esm[\\/]parquet_wasm\.js$/.test(id)) return null;
      if (!code.includes(pattern)) this.error(`parquet-wasm changed: "${pattern}" not found in ${id}`);
      return { code: code.replace(pattern, "(() => { throw new Error('parquet-wasm needs the URL of parquet_wasm_bg.wasm'); })()"), map: null };
    },
  };
}

/**
 * apache-arrow compiles the null test of every Builder (`vectorFromArray` and friends) with
 * `new Function`, which `script-src 'self'` forbids. The sdk assembles its vectors from buffers
 * and never calls a builder; this swaps in the same test as a closure (=== semantics, NaN apart)
 * so that no path in the bundle can evaluate code.
 */
export function cspSafeArrowBuilders(): Plugin {
  const signature = 'export function createIsValidFunction(nullValues) {';
  return {
    name: 'strata-csp-safe-arrow-builders',
    enforce: 'pre',
    transform(code, id) {
      if (!/apache-arrow[\\/]builder[\\/]valid\.mjs$/.test(id)) return null;
      if (!code.includes(signature)) this.error(`apache-arrow changed: "${signature}" not found in ${id}`);
      const closure = `export function createIsValidFunction(nullValues) {
  if (!nullValues || nullValues.length <= 0) return function isValid() { return true; };
  const notNaN = nullValues.filter((x) => x === x);
  const nulls = new Set(notNaN);
  const nullNaN = notNaN.length !== nullValues.length;
  return function isValid(x) { return !(nullNaN && x !== x) && !nulls.has(x); };
}
`;
      return { code: `${code.replace(signature, 'function createIsValidFunctionByCodegen(nullValues) {')}\n${closure}`, map: null };
    },
  };
}

/**
 * duckdb-wasm's browser module embeds its whole package.json (scripts, repository, and the
 * `jsdelivr`/`unpkg` fields) to read its name and version: only those two are kept, so that
 * nothing in the output names a CDN.
 */
function duckdbPackageJsonNameAndVersion(): Plugin {
  const pattern = /var (\w+)=\{name:"(@duckdb\/duckdb-wasm)",version:"([^"]+)",[\s\S]*?\};(?=var \w+=\1\.name)/;
  return {
    name: 'strata-duckdb-package-json',
    enforce: 'pre',
    transform(code, id) {
      if (!/@duckdb[\\/]duckdb-wasm[\\/]dist[\\/]duckdb-browser\.mjs$/.test(id)) return null;
      if (!pattern.test(code)) this.error(`duckdb-wasm changed: its embedded package.json was not found in ${id}`);
      return { code: code.replace(pattern, (_all, name, pkg, version) => `var ${name}={name:${JSON.stringify(pkg)},version:${JSON.stringify(version)}};`), map: null };
    },
  };
}

interface Sized {
  raw: number;
  gzip: number;
}

function sized(file: string): Sized {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: GZIP_LEVEL }).length };
}

function sum(files: readonly string[], sizes: ReadonlyMap<string, Sized>): Sized & { files: string[] } {
  return {
    files: [...files],
    raw: files.reduce((n, f) => n + sizes.get(f)!.raw, 0),
    gzip: files.reduce((n, f) => n + sizes.get(f)!.gzip, 0),
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Copies the assets, then writes size-report.json and prints its table. */
function assetsAndSizeReport(): Plugin {
  /** Each JS file and the JS files it imports statically (from the chunk graph). */
  const imports = new Map<string, string[]>();
  const entries: string[] = [];
  return {
    name: 'strata-assets-and-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        imports.set(file, chunk.imports);
        if (chunk.isEntry) entries.push(file);
        if (chunk.dynamicImports.length > 0) this.warn(`${file} imports ${chunk.dynamicImports.join(', ')} on demand: not counted in what a page downloads`);
      }
    },
    writeBundle() {
      const assetsDir = path.join(outDir, 'assets');
      mkdirSync(assetsDir, { recursive: true });
      for (const [name, from] of Object.entries(ASSETS)) copyFileSync(from, path.join(assetsDir, name));

      const sizes = new Map<string, Sized>();
      for (const file of imports.keys()) sizes.set(file, sized(path.join(outDir, file)));
      const assetSizes = new Map<string, Sized>();
      for (const name of Object.keys(ASSETS)) assetSizes.set(`assets/${name}`, sized(path.join(assetsDir, name)));

      const closure = (entry: string): string[] => {
        const seen = new Set<string>();
        const visit = (file: string) => {
          if (seen.has(file)) return;
          seen.add(file);
          for (const dep of imports.get(file) ?? []) visit(dep);
        };
        visit(entry);
        return [...seen].sort();
      };
      for (const chunk of [...Object.values(VENDOR_CHUNKS), LOADER_CHUNK, CUBES_CHUNK, DERIVE_CHUNK, XLSX_CHUNK, EXPORT_CHUNK, TREEMAP_CHUNK, LIST_CHUNK]) {
        if (!imports.has(chunk)) throw new Error(`the build has no ${chunk} chunk: check codeSplitting in ${here('vite.build.config.ts')}`);
      }
      const page = closure('strata.js');
      const own = page.filter((f) => f !== VENDOR_CHUNKS.duckdb && f !== VENDOR_CHUNKS.arrow);
      const withoutDuckdb = page.filter((f) => f !== VENDOR_CHUNKS.duckdb);
      const ownSize = sum(own, sizes);
      // The loader's chunk (and what it imports that the page has not): fetched by the first load.
      const loader = closure(LOADER_CHUNK).filter((f) => !page.includes(f));

      const report = {
        gzipLevel: GZIP_LEVEL,
        note: 'bytes; gzip of each file on its own (as a server sends it); a page downloads the files of its entry, then the worker and the wasm when the engine starts',
        files: Object.fromEntries([...sizes, ...assetSizes].sort(([a], [b]) => a.localeCompare(b))),
        entries: Object.fromEntries(entries.sort().map((entry) => [entry, sum(closure(entry), sizes)])),
        duckdbWasmJs: sum([VENDOR_CHUNKS.duckdb], sizes),
        apacheArrowJs: sum([VENDOR_CHUNKS.arrow], sizes),
        /** @strata/sdk + @strata/widgets (with lit, d3 and parquet-wasm's glue) without duckdb-wasm and apache-arrow. */
        sdkWidgetsWithoutDuckdbWasm: { ...ownSize, targetGzip: TARGET_GZIP, withinTarget: ownSize.gzip <= TARGET_GZIP },
        /** The same with apache-arrow, which the sdk also uses itself. */
        sdkWidgetsWithArrowWithoutDuckdbWasm: sum(withoutDuckdb, sizes),
        /** The sdk's loader, fetched when the page first loads or previews data (beside the engine's wasm). */
        loaderOnDemand: sum(loader, sizes),
        /** Everything a page downloads when the dashboard opens and loads its data (strata.js, its chunks, the loader, the worker, the wasm). */
        pageTotal: sum([...page, ...loader, 'assets/duckdb-browser-eh.worker.js', 'assets/duckdb-eh.wasm'], new Map([...sizes, ...assetSizes])),
      };
      writeFileSync(path.join(outDir, 'size-report.json'), `${JSON.stringify(report, null, 2)}\n`);

      const rows: [string, Sized][] = [
        ...[...sizes].sort(([a], [b]) => a.localeCompare(b)),
        ...assetSizes,
      ];
      const line = (name: string, s: Sized) => `  ${name.padEnd(44)} ${kb(s.raw).padStart(11)} ${kb(s.gzip).padStart(11)}`;
      const out = [
        '',
        `Strata build → ${path.relative(root, outDir) || '.'} (gzip level ${GZIP_LEVEL}, each file on its own)`,
        `  ${'file'.padEnd(44)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)}`,
        ...rows.map(([name, s]) => line(name, s)),
        '',
        line('sdk + widgets JS without duckdb-wasm, arrow', ownSize),
        `    (${own.join(' + ')}; target ≤ ${kb(TARGET_GZIP)} gzip: ${report.sdkWidgetsWithoutDuckdbWasm.withinTarget ? 'met' : 'NOT met'})`,
        line('  … with apache-arrow', report.sdkWidgetsWithArrowWithoutDuckdbWasm),
        line('duckdb-wasm JS (page side)', report.duckdbWasmJs),
        line('apache-arrow JS', report.apacheArrowJs),
        line('the loader, on the first load', report.loaderOnDemand),
        line('a page with the dashboard, all in', report.pageTotal),
        `  → ${path.relative(root, path.join(outDir, 'size-report.json'))}`,
        '',
      ];
      console.log(out.join('\n'));
    },
  };
}

export default defineConfig({
  root,
  // Relative: the Parquet worker's URL is resolved against the chunk that starts it (import.meta.url).
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [bundledDefaultAssets(), noParquetWasmFallback(), duckdbPackageJsonNameAndVersion(), cspSafeArrowBuilders(), assetsAndSizeReport()],
  resolve: {
    // The browser builds of duckdb-wasm and parquet-wasm.
    conditions: ['browser', 'import', 'module', 'default'],
  },
  // The Parquet worker (the sdk's engine/parquet-worker.ts): a module of its own beside duckdb-wasm's
  // worker, under the same rules as the rest (no parquet-wasm fallback URL, no evaluated code).
  worker: {
    format: 'es',
    plugins: () => [noParquetWasmFallback(), cspSafeArrowBuilders()],
    rolldownOptions: { output: { entryFileNames: 'assets/strata-parquet-worker.js', minify: true, comments: { legal: true, annotation: false, jsdoc: false } } },
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    lib: {
      entry: {
        strata: here('bundle/strata.ts'),
        'strata-widgets': here('bundle/strata-widgets.ts'),
        'strata-sdk': here('bundle/strata-sdk.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: '[name].js',
        // Whitespace too (a library build keeps it by default); licence comments stay.
        minify: true,
        comments: { legal: true, annotation: false, jsdoc: false },
        codeSplitting: {
          groups: [
            // A group takes its modules' dependencies too, unless a group of higher priority took
            // them first: apache-arrow (with flatbuffers and tslib) before duckdb-wasm, which uses it.
            { name: 'apache-arrow', test: /[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(apache-arrow|flatbuffers|tslib)[\\/]/, priority: 40 },
            // The xlsx writer (write-excel-file with fflate) and Strata's sheet-to-workbook module:
            // imported by the first xlsx export, outside what a page downloads to start.
            { name: XLSX_CHUNK.replace(/\.js$/, ''), test: XLSX, priority: 35 },
            // Page-side duckdb-wasm, apart so that its size is reported apart.
            { name: 'duckdb-wasm', test: /[\\/]@duckdb[\\/]duckdb-wasm[\\/]/, priority: 30 },
            // The sdk, shared by every entry: all but the loader's own modules.
            { name: 'strata-core', test: (id: string) => /[\\/]packages[\\/]sdk[\\/]/.test(id) && !LOADER.test(id) && !CUBES.test(id) && !DERIVE.test(id), priority: 20 },
            // The derived layer's statements: fetched when a Strata opens.
            { name: DERIVE_CHUNK.replace(/\.js$/, ''), test: DERIVE, priority: 17 },
            // The answers from cubes in memory: fetched with the first metric.
            { name: CUBES_CHUNK.replace(/\.js$/, ''), test: CUBES, priority: 16 },
            // The loader (files read, mapped, checked and staged): fetched when a page first loads or
            // previews data, beside the engine's wasm, outside what a page needs to start.
            { name: 'strata-load', test: LOADER, priority: 15 },
            // The elements with lit and d3, shared by strata.js and strata-widgets.js.
            { name: 'strata-ui', test: (id: string) => UI.test(id) && !EXPORT.test(id) && !TREEMAP.test(id), priority: 10 },
            // A view's exports: fetched by its first export (after strata-ui, which keeps i18n, lit and d3).
            { name: EXPORT_CHUNK.replace(/\.js$/, ''), test: EXPORT, priority: 7 },
            // The treemap: fetched by the first segments view that shows one.
            { name: TREEMAP_CHUNK.replace(/\.js$/, ''), test: TREEMAP, priority: 6 },
            // <strata-import>'s preview, choices and words: fetched on their own when its register module runs,
            // outside what a dashboard page needs first (last, so that lit and the rest stay in strata-ui).
            { name: 'strata-import', test: /[\\/]packages[\\/]widgets[\\/]src[\\/]import[\\/]/, priority: 5 },
            // <strata-list>'s code: fetched when a page has a list (last too, for the same reason).
            { name: LIST_CHUNK.replace(/\.js$/, ''), test: LIST, priority: 4 },
          ],
        },
      },
    },
  },
});

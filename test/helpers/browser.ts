/// <reference types="mocha" />
/** Shared set-up of the browser tests: the engine on the installed packages' assets, fixtures. */
import { createBrowserEngine, Strata, type BrowserAssets, type LoadInput } from '@strata/sdk/browser';

export const assets: BrowserAssets = {
  duckdbWasm: new URL('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', location.href),
  duckdbWorker: new URL('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js', location.href),
  parquetWasm: new URL('/node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm', location.href),
};

/** A Strata with its own engine, loaded with `input`. */
export async function openStrata(input: LoadInput): Promise<Strata> {
  const strata = await Strata.open({ engine: await createBrowserEngine(assets) });
  await strata.load(input);
  return strata;
}

/**
 * The hooks of a describe block whose tests share one Strata loaded with `input`: opened before
 * them (handed to `use`), closed after them; the page and the filters cleared after each test.
 */
export function sharedStrata(input: LoadInput, use: (strata: Strata) => void): void {
  let strata: Strata | undefined;
  before(async () => {
    strata = await openStrata(input);
    use(strata);
  });
  after(async () => {
    await strata?.close();
  });
  afterEach(() => {
    cleanup();
    strata?.filters.clear();
  });
}

/** Adds an element to the page (in a sized container) and returns it; removed by `cleanup`. */
export function mount<T extends HTMLElement>(element: T, width = 640): T {
  const box = document.createElement('div');
  box.style.width = `${width}px`;
  box.dataset.testMount = '';
  box.append(element);
  document.body.append(box);
  return element;
}

export function cleanup(): void {
  for (const box of document.querySelectorAll('[data-test-mount]')) box.remove();
}

/** Waits until `check` returns a truthy value (polling each frame), or fails after `ms`. */
export async function until<T>(check: () => T | undefined | null | false, what: string | (() => string), ms = 15_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The marks of a view's chart (the focusable or labelled groups). */
export function marks(element: HTMLElement): SVGGElement[] {
  return [...(element.shadowRoot?.querySelectorAll<SVGGElement>('svg.chart-svg .mark') ?? [])];
}

/** The files an export hands to the browser's downloads while `run` runs (intercepted: none is saved), with their names. */
export async function downloads(run: () => Promise<void>): Promise<{ blob: Blob; name: string }[]> {
  const got: { blob: Blob; name: string }[] = [];
  const blobs = new Map<string, Blob>();
  const { createObjectURL } = URL;
  const { click } = HTMLAnchorElement.prototype;
  URL.createObjectURL = (blob: Blob) => {
    const url = createObjectURL.call(URL, blob);
    blobs.set(url, blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    got.push({ blob: blobs.get(this.href)!, name: this.download });
  };
  try {
    await run();
  } finally {
    URL.createObjectURL = createObjectURL;
    HTMLAnchorElement.prototype.click = click;
  }
  return got;
}

/** Every element of a dashboard's default layout (nine) is defined, rendered and not loading. */
export function defaultLayoutSettled(dashboard: HTMLElement): boolean {
  const elements = [...(dashboard.shadowRoot?.querySelectorAll('.layout > *') ?? [])] as HTMLElement[];
  return elements.length === 9 && elements.every((v) => customElements.get(v.localName) && v.shadowRoot && !v.shadowRoot.querySelector('.skeleton, [aria-busy="true"]'));
}

/** A view's chart marks that select (buttons), as the chart is now. */
export const selectingMarks = (view: Element): SVGElement[] => [...view.shadowRoot!.querySelectorAll<SVGElement>('svg.chart-svg .mark[role="button"]')];

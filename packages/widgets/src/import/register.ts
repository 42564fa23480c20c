import type { StrataImport } from './import.ts';

// The element's code (the preview, the column choices, its words) is a chunk of its own, so that
// every dashboard page's main bundle stays within its size budget: fetched as soon as this module
// runs, it defines the element on arrival. A <strata-import> already in the page upgrades then,
// keeping what was set on it before (`.strata`, `for`); `customElements.whenDefined('strata-import')`
// says when.
if (!customElements.get('strata-import')) {
  void import('./import.ts').then(({ StrataImport }) => {
    if (!customElements.get('strata-import')) customElements.define('strata-import', StrataImport);
  });
}

declare global {
  interface HTMLElementTagNameMap {
    'strata-import': StrataImport;
  }
}

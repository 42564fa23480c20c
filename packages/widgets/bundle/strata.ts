/**
 * dist/strata/strata.js: the one script a plain page includes,
 * `<script type="module" src="/static/strata/strata.js"></script>`; the elements register
 * themselves. The same exports as strata-widgets.js, for pages that also import from it.
 */
export * from './strata-widgets.ts';

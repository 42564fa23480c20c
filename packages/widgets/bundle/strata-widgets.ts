/**
 * dist/strata/strata-widgets.js: every Strata element (registered on import) and the sdk's
 * browser API (Strata, configureAssets, LoadError, …) in one ES module.
 */
export * from '../src/index.ts';
export * from '@strata/sdk/browser';

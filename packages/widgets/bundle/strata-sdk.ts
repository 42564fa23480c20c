/** dist/strata/strata-sdk.js: the sdk's browser entry alone (no elements, no DOM). */
export * from '@strata/sdk/browser';

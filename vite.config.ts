import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests and the demo run on package sources: no build step between an edit and a run.
export const workspaceAliases = [
  { find: /^@strata\/sdk\/node$/, replacement: src('./packages/sdk/src/node.ts') },
  { find: /^@strata\/sdk\/browser$/, replacement: src('./packages/sdk/src/browser.ts') },
  { find: /^@strata\/sdk\/mapping$/, replacement: src('./packages/sdk/src/mapping.ts') },
  { find: /^@strata\/sdk$/, replacement: src('./packages/sdk/src/index.ts') },
  { find: /^@strata\/synth\/node$/, replacement: src('./packages/synth/src/node.ts') },
  { find: /^@strata\/synth$/, replacement: src('./packages/synth/src/index.ts') },
  { find: /^@strata\/widgets$/, replacement: src('./packages/widgets/src/index.ts') },
];

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    projects: [
      {
        resolve: { alias: workspaceAliases },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'packages/sdk/src/**/*.test.ts', 'packages/synth/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        // Pure d3 renderers against a DOM without layout: normalised SVG snapshots.
        resolve: { alias: workspaceAliases },
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['packages/widgets/src/**/*.snapshot.test.ts'],
        },
      },
      {
        // The built demo portal served under the strict CSP, driven in Debian's Chromium (playwright-core).
        resolve: { alias: workspaceAliases },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // One browser at a time on two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});

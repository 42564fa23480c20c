// @web/test-runner in Debian's Chromium: the browser half of the test suite.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  files: ['test/browser/**/*.test.ts', 'packages/widgets/src/**/*.test.ts', '!packages/widgets/src/**/*.snapshot.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'default'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 300000,
  browserStartTimeout: 120000,
};

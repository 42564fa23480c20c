// @web/test-runner in Debian's Chromium: the browser half of the test suite.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PIXEL_ARGS } from '../helpers/chromium.mjs';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));

/** `executeServerCommand('strata-screenshot', { name })` saves the page to test/.out/screenshots. */
const screenshotPlugin = {
  name: 'strata-screenshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'strata-screenshot') return undefined;
    const name = String(payload?.name ?? 'page.png').replace(/[^\w.-]/g, '_');
    const folder = path.join(rootDir, 'test', '.out', 'screenshots');
    await mkdir(folder, { recursive: true });
    const page = session.browser.getPage(session.id);
    await page.screenshot({ path: path.join(folder, name), fullPage: true });
    return true;
  },
};

export default {
  rootDir,
  files: ['test/browser/**/*.test.ts', 'packages/widgets/src/**/*.test.ts', '!packages/widgets/src/**/*.snapshot.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'default'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: path.join(rootDir, 'tsconfig.json') }), screenshotPlugin],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, '--disable-sync', ...PIXEL_ARGS],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 600000,
  browserStartTimeout: 120000,
};

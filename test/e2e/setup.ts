/**
 * Global set-up of the e2e project: generates the demo's data, builds the demo once (into
 * test/.out/demo-dist, so a `dist/demo` someone is serving is left alone) and serves it under
 * the strict CSP on a free 127.0.0.1 port. Test files get the URL with `inject('demoUrl')`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { serveDemo, type DemoServer } from '../../demo/serve.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO_DIST = fileURLToPath(new URL('../.out/demo-dist', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
    demoDist: string;
  }
}

function run(script: string, args: string[]): void {
  execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = performance.now();
  run('node_modules/tsx/dist/cli.mjs', ['demo/generate-data.ts']);
  run('node_modules/vite/bin/vite.js', ['build', '--config', 'demo/vite.config.ts', '--outDir', DEMO_DIST, '--emptyOutDir', '--logLevel', 'error']);
  const server: DemoServer = await serveDemo({ root: DEMO_DIST, host: '127.0.0.1', port: 0 });
  console.log(`e2e: demo built and served at ${server.url} in ${Math.round(performance.now() - t0)} ms`);
  project.provide('demoUrl', server.url);
  project.provide('demoDist', DEMO_DIST);
  return () => server.close();
}

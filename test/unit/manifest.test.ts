/** custom-elements.json is generated from the doc comments: the committed one must be current. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const widgets = fileURLToPath(new URL('../../packages/widgets/', import.meta.url));

it('packages/widgets/custom-elements.json matches the doc comments (regenerate: pnpm --filter @strata/widgets manifest)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'strata-cem-'));
  try {
    // The analyzer joins --outdir to the working directory: give it a relative path.
    execFileSync(path.join(widgets, '../../node_modules/.bin/cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', path.relative(widgets, out)], {
      cwd: widgets,
      stdio: 'pipe',
    });
    // Module order follows the file system's listing: compare by path.
    type Manifest = { modules: { path: string; declarations?: { tagName?: string }[] }[] };
    const read = (file: string): Manifest => {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      return manifest;
    };
    const fresh = read(path.join(out, 'custom-elements.json'));
    const committed = read(path.join(widgets, 'custom-elements.json'));
    expect(committed).toEqual(fresh);
    const tags = fresh.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.tagName).filter(Boolean));
    expect(tags).toEqual(expect.arrayContaining(['strata-dashboard', 'strata-npl']));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

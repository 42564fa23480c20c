/** custom-elements.json is generated from the doc comments: the committed one must be current. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const widgets = fileURLToPath(new URL('../../packages/widgets/', import.meta.url));

it('packages/widgets/custom-elements.json matches the doc comments (regenerate: pnpm --filter @strata/widgets manifest)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'strata-cem-'));
  // The analyzer writes the manifest's path into package.json (its CLI default wins over the
  // config): put the file back as it was.
  const packageJson = path.join(widgets, 'package.json');
  const packageText = readFileSync(packageJson, 'utf8');
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
    writeFileSync(packageJson, packageText);
    rmSync(out, { recursive: true, force: true });
  }
});

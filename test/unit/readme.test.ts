/**
 * The README's SDK quick start runs as written: its code saved to the file it names, run with the
 * command it gives, in a child process, prints the figures below (worked out by hand from
 * test/fixtures/small-bank, not by the SDK).
 */
import { exec } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The README's "SDK quick start" section: from its heading to the next heading of any level. */
function quickStart(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## SDK quick start\n');
  if (start < 0) throw new Error('README.md has no "## SDK quick start" section');
  const end = readme.indexOf('\n#', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The fenced blocks of a section, in order, with their language. */
function blocks(section: string): { lang: string; text: string }[] {
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

let work: string | undefined;

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('README SDK quick start', () => {
  it('runs as written and prints the small bank\'s figures', async () => {
    const section = quickStart();
    const [code, command, output] = blocks(section);
    expect(code?.lang).toBe('ts');
    expect(command?.lang).toBe('sh');
    // The file the section names, and the one command it gives.
    const file = /save this as `([^`]+)`/.exec(section)?.[1];
    expect(file).toBe('quickstart.mts');
    const commandLine = command!.text.trim();
    expect(commandLine.split('\n')).toHaveLength(1);
    expect(commandLine).toContain(file);

    // Inside the repository, so that '@strata/sdk' and tsx resolve as in a project that installed
    // them; the data at the path the command names, relative to where it runs.
    mkdirSync(path.join(root, 'test', '.out'), { recursive: true });
    work = mkdtempSync(path.join(root, 'test', '.out', 'readme-'));
    writeFileSync(path.join(work, file!), code!.text);
    cpSync(path.join(root, 'test', 'fixtures', 'small-bank'), path.join(work, 'test', 'fixtures', 'small-bank'), { recursive: true });

    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      exec(commandLine, { cwd: work, timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });

    // At 2024-12-31: 高端 corporate C5's L5 1,900,000 doubtful; high-end retail C1 (AUM 1.5M) L1
    // 990,000 and C4 (a 600,000 business loan) L4 600,000, both pass; 黄金 C7 (strategic) L7
    // 1,000,000 loss; potential C2 (AUM 300k) L2 95,000 special mention; general C3 L3 50,000
    // substandard. Largest balance first.
    const expected = [
      'rows loaded: { branches: 3, managers: 2, customers: 8, loans: 12 }',
      'corp_high_end balance 1900000 NPL 1900000 NPL ratio 1',
      'retail_high_end balance 1590000 NPL 0 NPL ratio 0',
      'corp_gold balance 1000000 NPL 1000000 NPL ratio 1',
      'retail_potential balance 95000 NPL 0 NPL ratio 0',
      'retail_general balance 50000 NPL 50000 NPL ratio 1',
    ];
    expect(run.stdout.trimEnd().split('\n')).toEqual(expected);
    // The output the README shows is the output the code prints.
    expect(output?.text.trimEnd().split('\n')).toEqual(expected);
  }, 120_000); // npx, then tsx compiling the SDK's sources, then duckdb-wasm: a cold start of its own
});

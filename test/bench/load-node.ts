/**
 * Where a load's time goes, in Node (duckdb-wasm's blocking build): the benchmark's synthetic
 * Parquet loaded into a fresh Strata, each engine call timed and put in a step (staging, the typed
 * copy, the checks, the canonical copies, the derived layer). The engine runs on this thread, so
 * the process's CPU time is given beside the wall time: on a shared machine it varies less.
 *
 *   pnpm exec tsx test/bench/load-node.ts [loanRows=300000] [runs=2]   (generates the data if needed)
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createNodeEngine, Strata, TABLE_NAMES, type Engine } from '@strata/sdk/node';
import { ensureDataset } from './data.ts';

const loanRows = Number(process.argv[2] ?? 300_000);
const runs = Number(process.argv[3] ?? 2);
const dataset = await ensureDataset(loanRows, 'parquet');

/** The step a statement belongs to, from its text. */
function stepOf(sql: string): string {
  if (sql.startsWith('insert ')) return 'stage (file into the engine)';
  if (/CREATE OR REPLACE (TEMP )?TABLE "__strata_typed_/.test(sql)) return 'typed copy';
  if (/CREATE OR REPLACE (TEMP )?VIEW "__strata_typed_/.test(sql) || /AS direct$/.test(sql)) return 'fast path: values checked canonical, view';
  if (/AS kind|group_count/.test(sql)) return 'checks: row-level problems';
  if (/::DOUBLE AS p\d/.test(sql)) return 'checks: counts';
  if (/ANTI JOIN|median\(/.test(sql)) return 'checks: orphans, medians';
  if (/CREATE OR REPLACE TABLE "__strata_next_(branches|managers|customers|loans|pipeline|campaigns|targets)_\d+" AS SELECT/.test(sql)) return 'canonical copies';
  return 'derived layer, counts, swap';
}

for (let run = 0; run < runs; run++) {
  const inner = await createNodeEngine();
  const steps = new Map<string, { ms: number; cpu: number }>();
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const [start, cpu] = [performance.now(), cpuMs()];
    try {
      return await work();
    } finally {
      const sum = steps.get(step) ?? { ms: 0, cpu: 0 };
      steps.set(step, { ms: sum.ms + performance.now() - start, cpu: sum.cpu + cpuMs() - cpu });
    }
  };
  // The real engine, each call timed on its way through.
  const engine: Engine = Object.assign(Object.create(inner) as Engine, {
    query: (sql: string, params?: never, options?: never) => timed(stepOf(sql), () => inner.query(sql, params, options)),
    insert: (name: string, data: never, options?: never) => timed(stepOf('insert '), () => inner.insert(name, data, options)),
    transaction: <T>(work: (run: (sql: string) => Promise<never>) => Promise<T>) => timed('derived layer, counts, swap', () => inner.transaction(work as never)),
  });
  const strata = await Strata.open({ engine });
  const files = Object.fromEntries(
    await Promise.all(TABLE_NAMES.map(async (table) => [table, { data: new Uint8Array(await readFile(join(dataset.folder, `${table}.parquet`))), format: 'parquet' as const }])),
  );
  const [start, cpu] = [performance.now(), cpuMs()];
  await strata.load(files);
  const [total, totalCpu] = [performance.now() - start, cpuMs() - cpu];
  const ms = (n: number) => String(Math.round(n)).padStart(6);
  console.log(`run ${run + 1}: ${loanRows.toLocaleString('en')} loans from Parquet, load to ready ${Math.round(total)} ms (CPU ${Math.round(totalCpu)} ms)`);
  for (const [step, t] of [...steps].sort((a, b) => b[1].cpu - a[1].cpu)) console.log(`  ${ms(t.ms)} ms, CPU ${ms(t.cpu)} ms  ${step}`);
  await strata.close();
}

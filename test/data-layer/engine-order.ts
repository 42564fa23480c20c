/**
 * The engine's order of statements, on every engine: reads may be sent together (duckdb-wasm keeps
 * a few in flight so that its worker never waits for the page between them), yet a write waits for
 * the reads sent before it, reads sent after a write see it, and a read cancelled while it waits is
 * never run.
 */
import type { Engine } from '@strata/sdk';
import type { Harness } from './suite.ts';

export function engineOrderSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('the engine runs reads together and writes in their place', () => {
    let engine: Engine;
    const valueOf = async (sql: string) => Number((await engine.query(sql)).getChildAt(0)?.get(0));

    before(async () => {
      engine = await h.createEngine();
      await engine.query('CREATE TABLE order_probe AS SELECT 1 AS n');
    });
    after(async () => {
      await engine.close();
    });

    it('reads before a write see the old rows, reads after it the new ones, each answer its own', async () => {
      // Asked in one turn: six reads (more than are sent at once), a write, six reads.
      const sum = 'SELECT sum(n)::INTEGER FROM order_probe';
      const early = Array.from({ length: 6 }, (_, i) => valueOf(`${sum} WHERE n >= ${i}`));
      const write = engine.query('INSERT INTO order_probe SELECT 10');
      const late = Array.from({ length: 6 }, (_, i) => valueOf(`SELECT (sum(n) + ${i})::INTEGER FROM order_probe`));
      await write;
      // sum() over no rows is NULL, read as 0.
      expect(await Promise.all(early)).to.deep.equal([1, 1, 0, 0, 0, 0]);
      expect(await Promise.all(late)).to.deep.equal([11, 12, 13, 14, 15, 16]);
    });

    it('a read cancelled while it waits is never run; the reads around it answer', async () => {
      const stats = (engine as Engine & { stats?: { statements: number } }).stats;
      const ran = stats?.statements;
      const controller = new AbortController();
      const reads = Array.from({ length: 8 }, (_, i) => valueOf(`SELECT ${i}`));
      const cancelled = engine.query('SELECT 99', [], { signal: controller.signal }).then(
        () => 'answered',
        (error: unknown) => (error as Error).name,
      );
      const last = valueOf('SELECT 100');
      controller.abort();
      expect(await Promise.all(reads)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(await cancelled).to.equal('AbortError');
      expect(await last).to.equal(100);
      // Nine reads ran, the cancelled one did not (engines that count their statements).
      if (stats !== undefined && ran !== undefined) expect(stats.statements - ran).to.equal(9);
    });
  });
}

/** The derived layer built in slices (as for 10M loan rows) is the same table as built at once. */
import { Strata } from '@strata/sdk/node';
import { describe, expect, it } from 'vitest';
import { LOAN_FACTS_SLICE_ROWS, rebuildFactsSql } from '../../packages/sdk/src/queries/derive.ts';
import { CUBES, DERIVED_TABLES, LATEST_LOAN_FACTS, LOAN_FACTS } from '../../packages/sdk/src/queries/facts.ts';
import { resolveRules } from '../../packages/sdk/src/rules.ts';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';
import { generate } from '@strata/synth';

describe('rebuildFactsSql', () => {
  it('builds the loan facts in slices of loans, row for row the table built at once', async () => {
    const strata = await Strata.open();
    try {
      await strata.load(generate({ seed: 11, loanRows: 5000 }));
      const loanRows = 3 * LOAN_FACTS_SLICE_ROWS;
      const sliced = rebuildFactsSql(resolveRules(), { source: (t) => t, derived: (t) => `sliced_${t}` }, loanRows);
      // One CREATE and two INSERTs for the loan facts, beside the other derived tables.
      const fillsLoanFacts = (sql: string) => /^(CREATE OR REPLACE TABLE|INSERT INTO) "sliced_strata_loan_facts"/.test(sql);
      expect(sliced.filter(fillsLoanFacts).length).toBe(3);
      expect(sliced.length).toBe(DERIVED_TABLES.length + 2);
      for (const statement of sliced) await strata.engine.query(statement);
      const all = async (table: string) =>
        toRows<Record<string, unknown>>(await strata.engine.query(`SELECT * FROM ${table} ORDER BY as_of, loan_id`));
      const once = await all(LOAN_FACTS);
      expect(once.length).toBe(5000);
      expect(await all(`sliced_${LOAN_FACTS}`)).toEqual(once);
      // The latest month end's own table is those facts' rows at that month.
      const latestRows = await all(LATEST_LOAN_FACTS);
      expect(latestRows.length).toBeGreaterThan(100);
      const latestAsOf = toRows<{ d: unknown }>(await strata.engine.query('SELECT latest_as_of AS d FROM strata_meta'))[0]!.d;
      expect(latestRows).toEqual(once.filter((row) => String(row.as_of) === String(latestAsOf)));
      expect(new Set(latestRows.map((row) => String(row.as_of))).size).toBe(1);
      expect(await all(`sliced_${LATEST_LOAN_FACTS}`)).toEqual(latestRows);
      // The cubes summed from the sliced facts are the same too (money is exact: order does not matter).
      for (const cube of CUBES) {
        const asText = async (table: string) => toRows<Record<string, unknown>>(await strata.engine.query(`SELECT COLUMNS(*)::VARCHAR FROM ${table} ORDER BY ALL`));
        const whole = await asText(cube);
        expect(whole.length).toBeGreaterThan(10);
        expect(await asText(`sliced_${cube}`)).toEqual(whole);
      }
    } finally {
      await strata.close();
    }
  });
});

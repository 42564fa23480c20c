/**
 * No network, ever: with every way out of the process trapped, the engine starts, loads CSV,
 * Parquet, Arrow IPC and JSON, and answers every metric, and not one request is attempted.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallBank } from '../fixtures/small.ts';
import { parquetBytes } from '../helpers/parquet.ts';

const attempts: string[] = [];
const restore: (() => void)[] = [];

function trap<T extends object>(owner: T, key: keyof T & string, label: string): void {
  const original = owner[key];
  (owner as Record<string, unknown>)[key] = (...args: unknown[]) => {
    attempts.push(`${label} ${String(args[0]).slice(0, 80)}`);
    throw new Error(`network access attempted: ${label}`);
  };
  restore.push(() => ((owner as Record<string, unknown>)[key] = original));
}

beforeAll(() => {
  trap(globalThis, 'fetch', 'fetch');
  trap(http, 'request', 'http.request');
  trap(http, 'get', 'http.get');
  trap(https, 'request', 'https.request');
  trap(https, 'get', 'https.get');
  trap(net, 'connect', 'net.connect');
  trap(net, 'createConnection', 'net.createConnection');
  trap(net.Socket.prototype, 'connect', 'socket.connect');
  trap(tls, 'connect', 'tls.connect');
  trap(dns, 'lookup', 'dns.lookup');
  const xhr = class {
    open(_method: string, url: string) {
      attempts.push(`XMLHttpRequest ${url}`);
      throw new Error('network access attempted: XMLHttpRequest');
    }
  };
  const hadXhr = 'XMLHttpRequest' in globalThis;
  const previous = (globalThis as Record<string, unknown>).XMLHttpRequest;
  (globalThis as Record<string, unknown>).XMLHttpRequest = xhr;
  restore.push(() => {
    if (hadXhr) (globalThis as Record<string, unknown>).XMLHttpRequest = previous;
    else delete (globalThis as Record<string, unknown>).XMLHttpRequest;
  });
});

afterAll(() => {
  for (const undo of restore.reverse()) undo();
});

describe('offline', () => {
  it('the trap itself sees an attempt', () => {
    expect(() => fetch('http://example.invalid/')).toThrow('network access attempted');
    expect(attempts).toEqual(['fetch http://example.invalid/']);
    attempts.length = 0;
  });

  it('starts, loads every format and answers every metric without one request', async () => {
    const { Strata } = await import('@strata/sdk/node');
    const strata = await Strata.open();
    try {
      const customersCsv = 'customer_id,kind,branch_id\n' + smallBank.customers.map((c) => `${c.customer_id},${c.kind},${c.branch_id}`).join('\n');
      await strata.load({ branches: smallBank.branches, customers: customersCsv });
      const loans = tableFromArrays({
        as_of: smallBank.loans.map((l) => l.as_of),
        loan_id: smallBank.loans.map((l) => l.loan_id),
        customer_id: smallBank.loans.map((l) => l.customer_id),
        product: smallBank.loans.map((l) => l.product),
        balance: Float64Array.from(smallBank.loans.map((l) => l.balance)),
        classification: smallBank.loans.map((l) => l.classification),
      });
      await strata.load({ loans: parquetBytes(loans) });
      await strata.load({ loans: tableToIPC(loans, 'stream') });
      await strata.load({ pipeline: { data: JSON.stringify(smallBank.pipeline), format: 'json' }, campaigns: smallBank.campaigns, targets: smallBank.targets, managers: smallBank.managers });
      await strata.kpis();
      await strata.segments({ by: 'tier' });
      await strata.npl({ by: 'industry_class' });
      await strata.nplTrend();
      await strata.classMix({ by: 'as_of' });
      await strata.migration();
      await strata.migrationRates();
      await strata.vintage();
      await strata.funnel();
      await strata.lostReasons();
      await strata.overdueFollowUps();
      await strata.attainment({ by: 'manager' });
      expect((await strata.npl())[0]!.balance).toBe(4_635_000);
      // A query that would need an extension fails at once instead of downloading it.
      await expect(strata.engine.query(`SELECT * FROM read_parquet('x.parquet')`)).rejects.toThrow();
      await expect(strata.engine.query(`SELECT current_date`)).rejects.toThrow(/extension|icu/i);
    } finally {
      await strata.close();
    }
    expect(attempts).toEqual([]);
  });
});

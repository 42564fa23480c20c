import { beforeAll, afterAll, it } from 'vitest';
import { Strata } from '@strata/sdk/node';
import { smallBank } from '../fixtures/small.ts';

let strata: Strata;
beforeAll(async () => {
  const t0 = Date.now();
  strata = await Strata.open();
  console.log('open', Date.now() - t0);
  const t1 = Date.now();
  await strata.load(smallBank);
  console.log('load', Date.now() - t1);
});
afterAll(() => strata.close());

const q = async (sql: string, p: any[] = []) => (await strata.engine.query(sql, p)).toArray().map((r: any) => r.toJSON());
const tryit = async (label: string, f: () => Promise<unknown>) => {
  try { console.log(label, 'OK', JSON.stringify(await f())); } catch (e) { console.log(label, 'ERR', (e as Error).name, (e as Error).message.slice(0, 300)); }
};

it('probe', async () => {
  await tryit('tables', () => q('SELECT table_name FROM information_schema.tables'));
  await tryit('trim', () => q("SELECT trim(?) AS a, length(trim(?)) AS b", ['\tx\n', '\u00a0x\u3000']));
  await tryit('dup', () => q('CREATE OR REPLACE TABLE dd AS SELECT 1 AS __row, * FROM (SELECT 2 AS __row)'));
  await tryit('dupd', () => q('DESCRIBE dd'));
  const t0 = Date.now();
  await tryit('load keys', () => strata.load({ customers: [{ 'x"; DROP TABLE loans; --': 'Z1', "k'\n": 'retail' }] }, { mapping: { customers: { columns: { customer_id: 'x"; DROP TABLE loans; --', kind: "k'\n" } } } }));
  console.log('load1', Date.now() - t0);
  await tryit('cust', () => q('SELECT customer_id, kind FROM customers'));
  await tryit('loans', () => q('SELECT count(*)::INT AS n FROM loans'));
  await tryit('empty key', () => strata.load({ customers: [{ '': 'Z1', k: 'retail' }] }, { mapping: { customers: { columns: { customer_id: '', kind: 'k' } } } }));
  await tryit('__row key', () => strata.load({ customers: [{ '__row': 'Z1', k: 'retail' }] }, { mapping: { customers: { columns: { customer_id: '__row', kind: 'k' } } } }));
  await tryit('csv', () => strata.load({ customers: '"a""b;--","  spaced ",""\nZ2,retail,x\n' }, { mapping: { customers: { columns: { customer_id: 'a"b;--', kind: '  spaced ' } } } }));
  await tryit('cust', () => q('SELECT customer_id, kind FROM customers'));
  await tryit('csvdesc', async () => { await strata.engine.insert('tcsv', { format: 'csv', text: '"a""b;--","  spaced ","","x\ny","é"\n1,2,3,4,5\n' }); return q('SELECT column_name FROM (DESCRIBE tcsv)'); });
  await tryit('values tab', () => strata.load({ customers: [{ id: 'Z3', k: '\tfoo' }] }, { mapping: { customers: { columns: { customer_id: 'id', kind: 'k' }, values: { kind: { '\tfoo': 'retail' } } } } }));
  await tryit('values bad', () => strata.load({ customers: [{ id: 'Z3', k: "x'" }] }, { mapping: { customers: { columns: { customer_id: 'id', kind: 'k' }, values: { kind: { "x'": "'; DROP TABLE loans; --" } } } } }));
});

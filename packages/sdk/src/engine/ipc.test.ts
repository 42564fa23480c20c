import { Float64, RecordBatchReader, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ipcStreamChunks } from './ipc.ts';

/** A stream of `n` rows in record batches of 100. */
function stream(n: number): Uint8Array {
  const batches = Array.from({ length: Math.ceil(n / 100) }, (_, b) => {
    const ids = Array.from({ length: Math.min(100, n - b * 100) }, (_, i) => `L${b * 100 + i}`);
    const balances = ids.map((_, i) => (b * 100 + i) / 4);
    return new Table({ id: vectorFromArray(ids, new Utf8()), balance: vectorFromArray(balances, new Float64()) }).batches[0]!;
  });
  return tableToIPC(new Table(batches), 'stream');
}

describe('ipcStreamChunks', () => {
  it('a small stream goes over as it is', () => {
    const ipc = stream(250);
    expect([...ipcStreamChunks(ipc)]).toEqual([ipc]);
  });

  it('a big stream goes over in chunks of whole batches, every row once and in order', () => {
    const ipc = stream(2500);
    const chunks = [...ipcStreamChunks(ipc, 1000, 0)].map((c) => tableFromIPC(c));
    expect(chunks.map((c) => c.numRows)).toEqual([1000, 1000, 500]);
    const whole = tableFromIPC(ipc);
    expect(chunks.flatMap((c) => c.getChild('id')!.toArray() as string[])).toEqual(whole.getChild('id')!.toArray());
    expect(chunks.flatMap((c) => [...(c.getChild('balance')!.toArray() as Float64Array)])).toEqual([...(whole.getChild('balance')!.toArray() as Float64Array)]);
  });

  it('a stream without rows still gives its columns', () => {
    const empty = tableToIPC(new Table({ id: vectorFromArray([] as string[], new Utf8()) }), 'stream');
    const chunks = [...ipcStreamChunks(empty, 1000, 0)];
    expect(chunks).toHaveLength(1);
    expect(RecordBatchReader.from(chunks[0]!).open().schema.fields.map((f) => f.name)).toEqual(['id']);
  });
});

/**
 * Where text that is not UTF-8 sits in Arrow data: DuckDB refuses it on insert without saying
 * where (only that some unicode was invalid), so the loader looks for it once that happened.
 */
import { DataType, RecordBatchReader, type Data } from 'apache-arrow';

export interface InvalidText {
  column: string;
  /** The 1-based record; null when the bytes are in a dictionary entry no record uses. */
  row: number | null;
  /** The value's first bytes, in hex. */
  bytes: string;
}

/** Text buffers are checked in slices this long: one string of a whole buffer may exceed what JavaScript allows. */
const SLICE_BYTES = 16 * 2 ** 20;

function isUtf8(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) decoder.decode(bytes.subarray(at, at + SLICE_BYTES), { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * The index of the first valid value of a Utf8 or LargeUtf8 Data that is not UTF-8, or -1. The
 * values' bytes are checked as one text first (almost always valid, and quick); in valid text a
 * value is valid when it starts and ends on a character boundary. Otherwise each value alone.
 */
function firstInvalidValue(data: Data): number {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const values = data.values as Uint8Array;
  const at = (i: number) => Number(offsets[i]);
  const whole = values.subarray(at(0), at(data.length));
  const valid = isUtf8(whole);
  for (let i = 0; i < data.length; i++) {
    const start = at(i);
    const end = at(i + 1);
    if (end === start || !data.getValid(i)) continue;
    const bad = valid ? isContinuation(values[start]) || (end < at(data.length) && isContinuation(values[end])) : !isUtf8(values.subarray(start, end));
    if (bad) return i;
  }
  return -1;
}

const hex = (bytes: Uint8Array) => [...bytes.subarray(0, 8)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ') + (bytes.length > 8 ? ' …' : '');

function valueBytes(data: Data, i: number): Uint8Array {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  return (data.values as Uint8Array).subarray(Number(offsets[i]), Number(offsets[i + 1]));
}

/** A text Data's first value that is not UTF-8, as its index in `data` and its bytes. */
function invalidIn(data: Data): { index: number; bytes: Uint8Array } | null {
  if (DataType.isUtf8(data.type) || DataType.isLargeUtf8(data.type)) {
    const index = firstInvalidValue(data);
    return index < 0 ? null : { index, bytes: valueBytes(data, index) };
  }
  if (DataType.isDictionary(data.type) && data.dictionary && (DataType.isUtf8(data.type.dictionary) || DataType.isLargeUtf8(data.type.dictionary))) {
    // The entry, then the first record that uses it.
    let base = 0;
    for (const entries of data.dictionary.data) {
      const entry = firstInvalidValue(entries);
      if (entry >= 0) {
        const key = base + entry;
        const keys = data.values as ArrayLike<number | bigint>;
        let index = -1;
        for (let i = 0; i < data.length; i++) {
          if (data.getValid(i) && Number(keys[i]) === key) {
            index = i;
            break;
          }
        }
        return { index, bytes: valueBytes(entries, entry) };
      }
      base += entries.length;
    }
  }
  return null;
}

/**
 * The first value of a text column of an Arrow IPC stream that is not UTF-8 (in record order,
 * then column order), or null when there is none. Reads the stream's batches once; a value alone
 * is decoded only in a column whose text as a whole is not valid.
 */
export function firstInvalidText(ipc: Uint8Array): InvalidText | null {
  let rowsBefore = 0;
  // A dictionary entry no record of one batch uses may be used by a later one.
  let unused: InvalidText | null = null;
  for (const batch of RecordBatchReader.from(ipc)) {
    let first: InvalidText | null = null;
    for (const [i, field] of batch.schema.fields.entries()) {
      const invalid = invalidIn(batch.data.children[i]!);
      if (!invalid) continue;
      const found = { column: field.name, row: invalid.index < 0 ? null : rowsBefore + invalid.index + 1, bytes: hex(invalid.bytes) };
      if (found.row === null) unused ??= found;
      else if (first === null || found.row < first.row!) first = found;
    }
    if (first) return first;
    rowsBefore += batch.numRows;
  }
  return unused;
}

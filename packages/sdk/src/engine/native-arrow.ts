/**
 * Arrow between native DuckDB and the sdk. A native DuckDB result (@duckdb/node-api) as an apache-arrow Table of the sdk's own apache-arrow,
 * typed as duckdb-wasm's Arrow export types it (the shape steps and toRows read those): BIGINT →
 * Int64, DECIMAL(p,s) and HUGEINT → Decimal128 (HUGEINT as (38,0)), DATE → Date32<DAY>, TIMESTAMP →
 * Timestamp<MICROSECOND>, VARCHAR and UUID → Utf8, a NULL column → Int32, lists and structs by their
 * members. The node-api exports no Arrow of its own (its C API's Arrow calls are not bound).
 */
import {
  Binary,
  Bool,
  DataType as ArrowType,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  makeData,
  Struct,
  RecordBatch,
  Schema,
  Table,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  type Data,
  type Vector,
  type DataType,
} from 'apache-arrow';
import {
  DuckDBTypeId,
  type DuckDBDataChunk,
  type DuckDBListType,
  type DuckDBStructType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { getStringBytes } from '@duckdb/node-api/lib/vectors/dataAccessors.js';

type TypedArrayOf<T> = { new (length: number): T };

/** The validity bitmap of `values` (bit set: not null) and how many are null. */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { nullBitmap, nullCount };
}

/** Fixed-width values, each written by `put` into a typed array (nulls left zero). */
function fixed<A extends { [i: number]: unknown; length: number }>(
  type: DataType,
  values: readonly DuckDBValue[],
  ArrayType: TypedArrayOf<A>,
  put: (out: A, i: number, value: DuckDBValue) => void,
): Data {
  const data = new ArrayType(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] !== null) put(data, i, values[i]!);
  return makeData({ type, length: values.length, ...validity(values), data } as never);
}

const number = <A extends { [i: number]: number | bigint; length: number }>(type: DataType, values: readonly DuckDBValue[], ArrayType: TypedArrayOf<A>) =>
  fixed(type, values, ArrayType, (out, i, v) => {
    out[i] = v as never;
  });

/** Two's-complement 128-bit little-endian, four 32-bit words a value (apache-arrow's Decimal layout). */
function decimal(type: Decimal, values: readonly DuckDBValue[], scaled: (value: DuckDBValue) => bigint): Data {
  const words = new BigUint64Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) continue;
    const v = scaled(value!);
    words[2 * i] = BigInt.asUintN(64, v);
    words[2 * i + 1] = BigInt.asUintN(64, v >> 64n);
  }
  return makeData({ type, length: values.length, ...validity(values), data: new Uint32Array(words.buffer) });
}

/** Variable-width values (text, bytes): one buffer and its offsets. */
function variable(type: Utf8 | Binary, values: readonly (Uint8Array | null)[]): Data {
  const valueOffsets = new Int32Array(values.length + 1);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    size += values[i]?.byteLength ?? 0;
    valueOffsets[i + 1] = size;
  }
  const data = new Uint8Array(size);
  for (let i = 0; i < values.length; i++) {
    const bytes = values[i];
    if (bytes) data.set(bytes, valueOffsets[i]!);
  }
  return makeData({ type, length: values.length, ...validity(values), valueOffsets, data } as never);
}

const encoder = new TextEncoder();
const text = (values: readonly DuckDBValue[]) =>
  variable(new Utf8(), values.map((v) => (v === null ? null : encoder.encode(typeof v === 'string' ? v : String(v)))));

/** The vector's parts the node-api keeps private: VARCHAR's raw bytes are read from them. */
interface VarCharInternals {
  dataView: DataView;
  validity: { itemValid(i: number): boolean };
  itemCount: number;
}

/**
 * A VARCHAR column's text as DuckDB holds it, in UTF-8: the node-api decodes text with a decoder
 * that drops a leading U+FEFF, and data text must come back whole (as rows.ts reads it).
 */
function varcharBytes(chunks: readonly DuckDBDataChunk[], c: number): (Uint8Array | null)[] {
  const out: (Uint8Array | null)[] = [];
  for (const chunk of chunks) {
    const vector = chunk.getColumnVector(c) as unknown as VarCharInternals;
    for (let i = 0; i < vector.itemCount; i++) out.push(vector.validity.itemValid(i) ? getStringBytes(vector.dataView, i * 16) : null);
  }
  return out;
}

const field = (name: string, data: Data) => new Field(name, data.type, true);

/** One column's values as Arrow data of the type duckdb-wasm gives it. */
function columnData(type: DuckDBType, values: readonly DuckDBValue[]): Data {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: {
      const { nullBitmap, nullCount } = validity(values);
      const data = new Uint8Array(Math.ceil(values.length / 8));
      for (let i = 0; i < values.length; i++) if (values[i] === true) data[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: new Bool(), length: values.length, nullBitmap, nullCount, data });
    }
    case DuckDBTypeId.TINYINT:
      return number(new Int8(), values, Int8Array);
    case DuckDBTypeId.SMALLINT:
      return number(new Int16(), values, Int16Array);
    case DuckDBTypeId.INTEGER:
      return number(new Int32(), values, Int32Array);
    case DuckDBTypeId.BIGINT:
      return number(new Int64(), values, BigInt64Array);
    case DuckDBTypeId.UTINYINT:
      return number(new Uint8(), values, Uint8Array);
    case DuckDBTypeId.USMALLINT:
      return number(new Uint16(), values, Uint16Array);
    case DuckDBTypeId.UINTEGER:
      return number(new Uint32(), values, Uint32Array);
    case DuckDBTypeId.UBIGINT:
      return number(new Uint64(), values, BigUint64Array);
    case DuckDBTypeId.FLOAT:
      return number(new Float32(), values, Float32Array);
    case DuckDBTypeId.DOUBLE:
      return number(new Float64(), values, Float64Array);
    case DuckDBTypeId.SQLNULL:
      return number(new Int32(), values, Int32Array);
    case DuckDBTypeId.DATE:
      return fixed(new DateDay(), values, Int32Array, (out, i, v) => {
        out[i] = (v as { days: number }).days;
      });
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return fixed(new TimestampMicrosecond(type.typeId === DuckDBTypeId.TIMESTAMP_TZ ? 'UTC' : null), values, BigInt64Array, (out, i, v) => {
        out[i] = (v as { micros: bigint }).micros;
      });
    case DuckDBTypeId.TIMESTAMP_S:
      return fixed(new TimestampSecond(), values, BigInt64Array, (out, i, v) => {
        out[i] = (v as { seconds: bigint }).seconds;
      });
    case DuckDBTypeId.TIMESTAMP_MS:
      return fixed(new TimestampMillisecond(), values, BigInt64Array, (out, i, v) => {
        out[i] = (v as { millis: bigint }).millis;
      });
    case DuckDBTypeId.TIMESTAMP_NS:
      return fixed(new TimestampNanosecond(), values, BigInt64Array, (out, i, v) => {
        out[i] = (v as { nanos: bigint }).nanos;
      });
    case DuckDBTypeId.DECIMAL:
      return decimal(new Decimal(type.scale, type.width, 128), values, (v) => (v as { value: bigint }).value);
    case DuckDBTypeId.HUGEINT:
      return decimal(new Decimal(0, 38, 128), values, (v) => v as bigint);
    case DuckDBTypeId.BLOB:
      return variable(new Binary(), values.map((v) => (v === null ? null : (v as { bytes: Uint8Array }).bytes)));
    case DuckDBTypeId.LIST:
      return listData(type, values);
    case DuckDBTypeId.STRUCT:
      return structData(type, values);
    default:
      // VARCHAR, UUID and ENUM as text, as duckdb-wasm gives the first two (an ENUM it gives as a
      // dictionary of text, which reads the same); any other type (INTERVAL, TIME, MAP …), which no
      // statement of the sdk returns, as DuckDB writes it in text.
      return text(values);
  }
}

function listData(type: DuckDBListType, values: readonly DuckDBValue[]): Data {
  const valueOffsets = new Int32Array(values.length + 1);
  const items: DuckDBValue[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null) items.push(...(value as { items: readonly DuckDBValue[] }).items);
    valueOffsets[i + 1] = items.length;
  }
  const child = columnData(type.valueType, items);
  return makeData({ type: new List(field('l', child)), length: values.length, ...validity(values), valueOffsets, child });
}

function structData(type: DuckDBStructType, values: readonly DuckDBValue[]): Data {
  const children = type.entryNames.map((name, e) =>
    columnData(
      type.entryTypes[e]!,
      values.map((v) => (v === null ? null : (v as { entries: Record<string, DuckDBValue> }).entries[name]!)),
    ),
  );
  const fields = children.map((child, e) => field(type.entryNames[e]!, child));
  return makeData({ type: new Struct(fields), length: values.length, ...validity(values), children });
}

/** The chunks of a result, with its column names and types, as one Arrow table (one record batch). */
export function chunksToArrow(names: readonly string[], types: readonly DuckDBType[], chunks: readonly DuckDBDataChunk[]): Table {
  const children = types.map((type, c) =>
    type.typeId === DuckDBTypeId.VARCHAR ? variable(new Utf8(), varcharBytes(chunks, c)) : columnData(type, chunks.flatMap((chunk) => chunk.getColumnValues(c))),
  );
  // Built from a schema rather than named vectors: a result's column names may repeat (SELECT 1 a, 2 a).
  const schema = new Schema(children.map((child, c) => field(names[c]!, child)));
  const length = chunks.reduce((rows, chunk) => rows + chunk.rowCount, 0);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }))]);
}

/**
 * An Arrow IPC stream made fit for parquet-wasm, and the names of the yes/no columns it had to
 * change. apache-arrow writes a batch of a BOOLEAN column that holds only nulls without its values
 * buffer, which parquet-wasm refuses: such a column travels as one batch, and one that holds only
 * nulls altogether as an all-null TINYINT (the caller casts it back). Other streams pass as they are.
 */
export function fitForParquetWasm(ipc: Uint8Array): { ipc: Uint8Array; nullBooleans: string[] } {
  const table = tableFromIPC(ipc);
  const names = table.schema.fields.map((f) => f.name);
  const refused = (c: number) =>
    ArrowType.isBool(table.schema.fields[c]!.type) && table.getChildAt(c)!.data.some((d) => d.length > 0 && d.nullCount >= d.length);
  if (!names.some((_, c) => refused(c))) return { ipc, nullBooleans: [] };
  const nullBooleans: string[] = [];
  const columns: Record<string, Vector> = {};
  names.forEach((name, c) => {
    const vector = table.getChildAt(c)!;
    if (!refused(c)) columns[name] = vector;
    else if (vector.nullCount < vector.length) columns[name] = vectorFromArray(vector.toArray() as (boolean | null)[], new Bool());
    else {
      nullBooleans.push(name);
      columns[name] = vectorFromArray(new Array<null>(vector.length).fill(null), new Int8());
    }
  });
  return { ipc: tableToIPC(new Table(columns), 'stream'), nullBooleans };
}

/*
 * One batch of the Parquet export, from SQLite's JSON columns to the Arrow IPC stream that
 * parquet-wasm reads. Plain JavaScript, with its types in export-parquet-batch.d.mts: the
 * export's reader threads (export-worker.mjs) run it without tsx, which cost each thread about
 * 0.3 s to start and 25 MB.
 *
 * The IPC bytes are written here, not by Apache Arrow's JavaScript library: loading that took
 * each reader thread about 0.1 s, and these flat columns of fixed-width numbers need only a
 * message header (a FlatBuffer, format/Message.fbs and format/Schema.fbs in apache/arrow) and
 * their buffers.
 */
import { Builder } from "flatbuffers";

// Enum values from the Arrow format's FlatBuffer schemas.
const METADATA_V5 = 4;
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;
const TYPE_INT = 2;
const TYPE_FLOATING_POINT = 3;
const TYPE_DECIMAL = 7;
const TYPE_DATE = 8;
const PRECISION_DOUBLE = 2;
const DATE_UNIT_DAY = 0;

/** Bytes per value of each kind: the amount is a 128-bit decimal of its cents. */
const widths = { decimal: 16, date: 4, int64: 8, int32: 4, double: 8 };

const padded = (bytes) => (bytes + 7) & ~7;

/** An encapsulated IPC message: continuation marker, metadata length, the metadata padded to 8 bytes. */
function messageBytes(metadata) {
  const length = padded(8 + metadata.length);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, -1, true);
  view.setInt32(4, length - 8, true);
  bytes.set(metadata, 8);
  return bytes;
}

function finishMessage(b, headerType, header, bodyLength) {
  b.startObject(5);
  b.addFieldInt64(3, BigInt(bodyLength), 0n);
  b.addFieldOffset(2, header, 0);
  b.addFieldInt16(0, METADATA_V5, 0);
  b.addFieldInt8(1, headerType, 0);
  b.finish(b.endObject());
  return b.asUint8Array();
}

function typeTable(b, kind) {
  if (kind === "int32" || kind === "int64") {
    b.startObject(2);
    b.addFieldInt32(0, kind === "int32" ? 32 : 64, 0);
    b.addFieldInt8(1, 1, 0);
    return [TYPE_INT, b.endObject()];
  }
  if (kind === "double") {
    b.startObject(1);
    b.addFieldInt16(0, PRECISION_DOUBLE, 0);
    return [TYPE_FLOATING_POINT, b.endObject()];
  }
  if (kind === "date") {
    b.startObject(1);
    b.addFieldInt16(0, DATE_UNIT_DAY, 1);
    return [TYPE_DATE, b.endObject()];
  }
  // The amount: DECIMAL(18, 2), its cents in 128 bits.
  b.startObject(3);
  b.addFieldInt32(0, 18, 0);
  b.addFieldInt32(1, 2, 0);
  b.addFieldInt32(2, 128, 128);
  return [TYPE_DECIMAL, b.endObject()];
}

/** The schema message that starts each batch's IPC stream: one field per exported column. */
export function ipcSchemaMessage(columns) {
  const b = new Builder(1024);
  const fields = columns.map((column) => {
    const name = b.createString(column.name);
    const [typeType, type] = typeTable(b, column.kind);
    b.startVector(4, 0, 4);
    const children = b.endVector();
    b.startObject(7);
    b.addFieldOffset(0, name, 0);
    b.addFieldOffset(3, type, 0);
    b.addFieldOffset(5, children, 0);
    b.addFieldInt8(1, column.nullable ? 1 : 0, 0);
    b.addFieldInt8(2, typeType, 0);
    return b.endObject();
  });
  b.startVector(4, fields.length, 4);
  for (let k = fields.length - 1; k >= 0; k--) b.addOffset(fields[k]);
  const fieldVector = b.endVector();
  b.startObject(4);
  b.addFieldOffset(1, fieldVector, 0);
  b.addFieldInt16(0, 0, 0);
  return messageBytes(finishMessage(b, HEADER_SCHEMA, b.endObject(), 0));
}

/**
 * The statement's row for one id range (the count, then each column as a JSON array), as IPC
 * bytes: the schema message, one record batch, the end-of-stream marker. The aggregates take
 * the rows in the order of the range's scan of the key; SQLite does not promise that order, so
 * it is checked here, where it costs one pass over the ids.
 */
export function readParquetBatch(statement, range, schemaMessage, columns) {
  const [rows, ...json] = statement.get(...range);
  const values = json.map((text) => JSON.parse(text ?? "[]"));
  const ids = values[columns.findIndex((c) => c.name === "inv_id")];
  for (let k = 1; k < rows; k++) if (!(ids[k] > ids[k - 1])) throw new Error(`the export's rows came out of inv_id order at inv_id ${ids[k]}`);

  // Each column's validity bitmap (nullable columns only), then its values, each 8-byte aligned.
  const layout = [];
  let bodyLength = 0;
  for (const column of columns) {
    const bitmap = column.nullable ? bodyLength : -1;
    if (column.nullable) bodyLength += padded((rows + 7) >> 3);
    layout.push({ bitmap, data: bodyLength });
    bodyLength += padded(rows * widths[column.kind]);
  }
  const body = new ArrayBuffer(bodyLength);
  const nullCounts = columns.map((column, i) => writeColumn(body, layout[i], column, rows, values[i]));

  const b = new Builder(1024);
  b.startVector(16, columns.length * 2, 8);
  for (let i = columns.length - 1; i >= 0; i--) {
    const size = padded(rows * widths[columns[i].kind]);
    writeBufferRegion(b, layout[i].data, size);
    writeBufferRegion(b, nullCounts[i] > 0 ? layout[i].bitmap : layout[i].data, nullCounts[i] > 0 ? padded((rows + 7) >> 3) : 0);
  }
  const buffers = b.endVector();
  b.startVector(16, columns.length, 8);
  for (let i = columns.length - 1; i >= 0; i--) writeBufferRegion(b, rows, nullCounts[i]);
  const nodes = b.endVector();
  b.startObject(5);
  b.addFieldInt64(0, BigInt(rows), 0n);
  b.addFieldOffset(1, nodes, 0);
  b.addFieldOffset(2, buffers, 0);
  const header = messageBytes(finishMessage(b, HEADER_RECORD_BATCH, b.endObject(), bodyLength));

  const ipc = new Uint8Array(schemaMessage.length + header.length + bodyLength + 8);
  ipc.set(schemaMessage, 0);
  ipc.set(header, schemaMessage.length);
  ipc.set(new Uint8Array(body), schemaMessage.length + header.length);
  new DataView(ipc.buffer).setInt32(ipc.length - 8, -1, true);
  return { rows, ipc };
}

/** A FieldNode or a Buffer: both are structs of two little-endian int64s. */
function writeBufferRegion(b, first, second) {
  b.prep(8, 16);
  b.writeInt64(BigInt(second));
  b.writeInt64(BigInt(first));
}

/**
 * One column's values into the body, and its null count. 64- and 128-bit integers are written
 * as 32-bit words (little-endian, two's complement), which saves a BigInt per cell; the values
 * are safe integers. Each loop has a function of its own: one loop for every kind, with a
 * callback per cell, sent TurboFan into rounds of deoptimizing and recompiling the batch.
 */
function writeColumn(body, { bitmap, data }, column, rows, values) {
  const words = widths[column.kind] / 4;
  const bits = column.nullable ? new Uint8Array(body, bitmap, (rows + 7) >> 3) : undefined;
  if (column.kind === "double") {
    const out = new Float64Array(body, data, rows);
    if (bits) return writeNullableDoubles(out, bits, rows, values);
    // Typed arrays copy an array of plain numbers without a call per element.
    out.set(values);
    return 0;
  }
  const out = new Int32Array(body, data, rows * words);
  if (words === 1 && !bits) {
    out.set(values);
    return 0;
  }
  return words === 1 ? writeNullableInts(out, bits, rows, values) : writeWideInts(out, words, bits, rows, values);
}

function writeNullableDoubles(out, bits, rows, values) {
  let nullCount = 0;
  for (let k = 0; k < rows; k++) {
    const v = values[k];
    if (v === null) nullCount++;
    else {
      bits[k >> 3] |= 1 << (k & 7);
      out[k] = v;
    }
  }
  return nullCount;
}

function writeNullableInts(out, bits, rows, values) {
  let nullCount = 0;
  for (let k = 0; k < rows; k++) {
    const v = values[k];
    if (v === null) nullCount++;
    else {
      bits[k >> 3] |= 1 << (k & 7);
      out[k] = v;
    }
  }
  return nullCount;
}

function writeWideInts(out, words, bits, rows, values) {
  let nullCount = 0;
  for (let k = 0; k < rows; k++) {
    const v = values[k];
    if (v === null) {
      nullCount++;
      continue;
    }
    if (bits) bits[k >> 3] |= 1 << (k & 7);
    const high = Math.floor(v / 4294967296) | 0;
    out[k * words] = v | 0;
    out[k * words + 1] = high;
    if (words === 4) out[k * words + 2] = out[k * words + 3] = high >> 31;
  }
  return nullCount;
}

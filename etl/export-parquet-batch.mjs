/*
 * One batch of the Parquet export, from SQLite's JSON columns to the Arrow IPC stream that
 * parquet-wasm reads. Plain JavaScript, with its types in export-parquet-batch.d.mts: the
 * export's reader threads (export-worker.mjs) run it without tsx, which cost each thread about
 * 0.3 s to start and 25 MB.
 */

/** The Arrow schema of the exported columns. */
export function parquetSchema(arrow, columns) {
  const typeOf = (kind) =>
    kind === "decimal"
      ? new arrow.Decimal(2, 18, 128)
      : kind === "date"
        ? new arrow.DateDay()
        : kind === "int64"
          ? new arrow.Int64()
          : kind === "int32"
            ? new arrow.Int32()
            : new arrow.Float64();
  return new arrow.Schema(columns.map((c) => new arrow.Field(c.name, typeOf(c.kind), c.nullable)));
}

/**
 * The statement's row for one id range (the count, then each column as a JSON array), as IPC
 * bytes. The aggregates take the rows in the order of the range's scan of the key; SQLite does
 * not promise that order, so it is checked here, where it costs one pass over the ids.
 */
export function readParquetBatch(statement, range, arrow, schema, columns) {
  const [rows, ...json] = statement.get(...range);
  const values = json.map((text) => JSON.parse(text ?? "[]"));
  const ids = values[columns.findIndex((c) => c.name === "inv_id")];
  for (let k = 1; k < rows; k++) if (!(ids[k] > ids[k - 1])) throw new Error(`the export's rows came out of inv_id order at inv_id ${ids[k]}`);
  const children = columns.map((column, i) => arrowData(arrow, schema.fields[i].type, column, rows, values[i]));
  const record = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: rows, nullCount: 0, children }));
  return { rows, ipc: arrow.tableToIPC(new arrow.Table(record), "stream") };
}

/**
 * 64- and 128-bit integers are written as 32-bit words (little-endian, two's complement), which
 * saves a BigInt per cell; the values are safe integers.
 */
function arrowData(arrow, type, column, length, values) {
  const words = column.kind === "decimal" ? 4 : column.kind === "int64" ? 2 : 1;
  let data;
  let nullBitmap;
  let nullCount = 0;
  if (words === 1 && !column.nullable) {
    // A typed array's constructor copies an array of plain numbers without a call per element.
    data = column.kind === "double" ? new Float64Array(values) : new Int32Array(values);
  } else {
    data = column.kind === "double" ? new Float64Array(length) : new Int32Array(length * words);
    if (column.nullable) nullBitmap = new Uint8Array((length + 7) >> 3);
    for (let k = 0; k < length; k++) {
      const v = values[k];
      if (v === null) {
        nullCount++;
        continue;
      }
      if (nullBitmap) nullBitmap[k >> 3] |= 1 << (k & 7);
      if (words === 1) {
        data[k] = v;
        continue;
      }
      const high = Math.floor(v / 4294967296) | 0;
      data[k * words] = v | 0;
      data[k * words + 1] = high;
      if (words === 4) data[k * words + 2] = data[k * words + 3] = high >> 31;
    }
  }
  if (column.kind === "decimal") data = new Uint32Array(data.buffer);
  else if (column.kind === "int64") data = new BigInt64Array(data.buffer);
  return arrow.makeData({ type, length, nullCount, nullBitmap, data });
}

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/*
 * A thread of the feature export: builds its share of the batches on a connection of its own
 * and posts each, CSV as [rows, text], Parquet (given `columns`) as { rows, ipc }, the bytes
 * handed over without a copy. It stays at most `ahead` batches in front of the writer, so
 * finished batches never pile up while the file is written. Plain JavaScript, so the thread
 * starts without tsx (see export-parquet-batch.mjs).
 */
const { file, sql, ranges, ahead, columns } = workerData;
const port = parentPort;
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma("cache_size = -4096");
sqlite.exec("begin");
const statement = sqlite.prepare(sql).raw();
let credits = ahead;
let wake;
port.on("message", () => {
  credits++;
  wake?.();
});
let readBatch = (range) => [statement.get(...range)];
if (columns) {
  const { ipcSchemaMessage, readParquetBatch } = await import("./export-parquet-batch.mjs");
  const schemaMessage = ipcSchemaMessage(columns);
  readBatch = (range) => {
    const batch = readParquetBatch(statement, range, schemaMessage, columns);
    return [batch, [batch.ipc.buffer]];
  };
}
for (const range of ranges) {
  while (credits === 0) await new Promise((resolve) => (wake = resolve));
  credits--;
  port.postMessage(...readBatch(range));
}
sqlite.exec("commit");
sqlite.close();
port.close();

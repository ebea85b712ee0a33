import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/*
 * The CSV export's second thread: builds every other batch of lines on a connection of its own
 * and posts each as [rows, text]. It stays at most `ahead` batches in front of the writer, so
 * finished text never piles up while the file is written.
 */
const { file, sql, ranges, ahead } = workerData as { file: string; sql: string; ranges: [number, number][]; ahead: number };
const port = parentPort!;
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma("cache_size = -4096");
sqlite.exec("begin");
const statement = sqlite.prepare(sql).raw();
let credits = ahead;
let wake: (() => void) | undefined;
port.on("message", () => {
  credits++;
  wake?.();
});
for (const range of ranges) {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  port.postMessage(statement.get(...range));
}
sqlite.exec("commit");
sqlite.close();
port.close();

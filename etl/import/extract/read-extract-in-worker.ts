import { startTsWorker } from "../../ts-worker";
import type { FileKind } from "../../../lib/imports/file-specs";
import { StructuralError } from "./read-csv";
import type { ExtractFile, ExtractHandlers, ExtractSummary, RowRejectAt } from "./read-extract";
import { RowDecoder, type RowColumns } from "./row-columns";

/*
 * readExtractRows on a second thread: the worker parses and validates the file while this
 * thread loads the batches it has already sent. At scale 100 the 5.5M-line file's read and load
 * went from 11.4-12.9 s to 6.2-7.4 s (docs/performance.md). Starting the thread costs about
 * 0.3 s, so imports use it for large files only (etl/import/import-extracts.ts).
 *
 * The handlers see exactly what readExtractRows would give them, batch for batch, and a
 * StructuralError from the worker is thrown here with the same file, line and column.
 */

export type FromExtractWorker =
  | {
      type: "batch";
      columns: RowColumns;
      rejects: RowRejectAt[];
      rejectedInvoices: { invoiceId: number; line: number }[];
      rowsRead: number;
    }
  | { type: "bytes"; bytesRead: number; sizeBytes: number }
  | { type: "done"; summary: ExtractSummary }
  | {
      type: "failed";
      error: { structural: { fileName: string; detail: string; line?: number; column?: string } } | { message: string; stack?: string };
    };

export function readExtractRowsInWorker<K extends FileKind>(file: ExtractFile & { kind: K }, handlers: ExtractHandlers<K>): Promise<ExtractSummary> {
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(new URL("./extract-worker.ts", import.meta.url), {
      workerData: { path: file.path, fileName: file.fileName, kind: file.kind },
      // Left to V8's default, the parser's promoted garbage grew to 100 MB between full
      // collections. Its live data (modules, a bounded dictionary, four batches) is under 30 MB.
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    const decoder = new RowDecoder(file.kind);
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      finish();
    };
    worker.on("message", (message: FromExtractWorker) => {
      if (settled) return;
      try {
        switch (message.type) {
          case "batch": {
            const { columns, rejects, rejectedInvoices, rowsRead } = message;
            const loaded = handlers.onBatch({ valid: decoder.decode(columns), rejects, rejectedInvoices, rowsRead });
            const ack = () => worker.postMessage("loaded");
            if (loaded) loaded.then(ack, (error: unknown) => settle(() => reject(error)));
            else ack();
            break;
          }
          case "bytes":
            handlers.onBytes?.(message.bytesRead, message.sizeBytes);
            break;
          case "done":
            settle(() => resolve(message.summary));
            break;
          case "failed": {
            const { error } = message;
            settle(() =>
              reject(
                "structural" in error
                  ? new StructuralError(error.structural.fileName, error.structural.detail, error.structural.line, error.structural.column)
                  : Object.assign(new Error(`reading ${file.fileName}: ${error.message}`), { stack: error.stack }),
              ),
            );
            break;
          }
        }
      } catch (error) {
        settle(() => reject(error));
      }
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the thread reading ${file.fileName} stopped early (exit code ${code})`))));
  });
}

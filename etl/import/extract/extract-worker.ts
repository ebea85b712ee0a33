import { parentPort, workerData } from "node:worker_threads";
import type { FileKind } from "../../../lib/imports/file-specs";
import type { ExtractFile } from "./read-extract";
import { readExtractRows } from "./read-extract";
import { StructuralError } from "./read-csv";
import { RowEncoder, transferablesOf } from "./row-columns";
import type { FromExtractWorker } from "./read-extract-in-worker";

/*
 * The parsing thread of readExtractRowsInWorker: reads and validates one extract and posts its
 * batches as columns. It waits whenever the loading thread is maxBatchesAhead batches behind,
 * so a fast parse never piles a file's rows up in memory.
 */

const maxBatchesAhead = 4;

const port = parentPort!;
const file = workerData as ExtractFile & { kind: FileKind };
const post = (message: FromExtractWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let sent = 0;
let loaded = 0;
let wake: (() => void) | undefined;
// The loading thread says so for every batch it has loaded.
port.on("message", () => {
  loaded++;
  wake?.();
  wake = undefined;
});

const encoder = new RowEncoder(file.kind);
try {
  const summary = await readExtractRows(file, {
    onBatch({ valid, rejects, rejectedInvoices, rowsRead }) {
      const columns = encoder.encode(valid);
      post({ type: "batch", columns, rejects, rejectedInvoices, rowsRead }, transferablesOf(columns));
      sent++;
      if (sent - loaded >= maxBatchesAhead) return new Promise<void>((resolve) => (wake = resolve));
    },
    onBytes(bytesRead, sizeBytes) {
      post({ type: "bytes", bytesRead, sizeBytes });
    },
  });
  post({ type: "done", summary });
} catch (error) {
  post({
    type: "failed",
    error:
      error instanceof StructuralError
        ? { structural: { fileName: error.fileName, detail: error.detail, line: error.line, column: error.column } }
        : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined },
  });
}

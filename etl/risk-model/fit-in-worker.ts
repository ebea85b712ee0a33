import { startTsWorker } from "../ts-worker";
import type { Dataset } from "./dataset";
import type { FittedVersion } from "./fit-version";
import type { ActiveVersion } from "./promote";

/*
 * fitVersion on a second thread. The fits and the backtest are pure arithmetic on the dataset's
 * typed arrays, so an import runs them while this thread builds the dashboard's marts in SQLite.
 * The dataset's buffers move to the thread (no copy); the caller keeps only what it read first.
 */

export type FittingThread = { result: Promise<FittedVersion>; cancel(): void };

export function fitVersionInWorker(data: Dataset, cutoff: string | undefined, active: ActiveVersion | null): FittingThread {
  const buffers = [data.invId, data.acctId, data.issuedDay, data.paidDay, data.totalCents, data.isLate, data.features].map((a) => a.buffer as ArrayBuffer);
  const worker = startTsWorker(new URL("./fit-worker.ts", import.meta.url), {
    workerData: { data, cutoff, active },
    transferList: buffers,
    // Its live JavaScript data is about 10 MB; the arrays live outside the heap. Left to V8, its
    // young generation alone took 32 MB and imports at scale 100 peaked at 261-276 MB, not 250-262.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
  const result = new Promise<FittedVersion>((resolve, reject) => {
    worker.on("message", (message: { fitted: FittedVersion } | { error: { message: string; stack?: string } }) => {
      void worker.terminate();
      if ("fitted" in message) resolve(message.fitted);
      else reject(Object.assign(new Error(`fitting the model: ${message.error.message}`), { stack: message.error.stack }));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`the model-fitting thread stopped early (exit code ${code})`)));
  });
  // A cancelled fit rejects with nobody waiting: that is not an unhandled rejection.
  result.catch(() => undefined);
  return { result, cancel: () => void worker.terminate() };
}

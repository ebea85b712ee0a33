import { parentPort, workerData } from "node:worker_threads";
import type { Dataset } from "./dataset";
import { fitVersion } from "./fit-version";
import type { ActiveVersion } from "./promote";

/* The thread of fitVersionInWorker: fits the version and posts it back, or the error it threw. */

const { data, cutoff, active } = workerData as { data: Dataset; cutoff: string | undefined; active: ActiveVersion | null };
try {
  parentPort!.postMessage({ fitted: fitVersion(data, cutoff, active) });
} catch (error) {
  parentPort!.postMessage({ error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } });
}

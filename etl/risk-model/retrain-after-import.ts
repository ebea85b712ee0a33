import type { Db } from "../../lib/db/client";
import { loadDataset } from "./dataset";
import { fitVersionInWorker } from "./fit-in-worker";
import { fitVersion } from "./fit-version";
import { storeVersion, type TrainResult } from "./train";

/**
 * Every import retrains the late-payment model, inside the import's transaction, so
 * readers switch to the new data and the model trained on it in one commit. Too little data to
 * train on (a fixture, a first partial extract) is not an error: the import lands and the
 * previous model version stays. Change events (etl/changes/apply-changes.ts) do not retrain; the next
 * import does.
 *
 * Start it as soon as mart_invoice_features is built: the training data is complete then. A
 * dataset of `threadFromRows` invoices or more is fitted on a second thread while the import
 * builds the rest of the marts; `finish` waits for the fit, stores the version and scores the
 * data cut-off.
 */
export type Retraining = { finish(): Promise<TrainResult>; cancel(): void };

/**
 * About 1,000 accounts' invoices. Below it the thread's start-up costs more than the overlap
 * saves: with the real extracts (9,685 invoices) the import's time from the feature mart to the
 * end was 0.59-0.64 s fitting here and 0.72-0.78 s fitting on a second thread.
 */
export const defaultFitThreadFromRows = 50_000;

export function startRetrainingAfterImport(db: Db, importId: number, threadFromRows = defaultFitThreadFromRows): Retraining {
  const started = performance.now();
  const data = loadDataset(db);
  const { dataCutoffDay } = data;
  const thread = data.size >= threadFromRows ? fitVersionInWorker(data) : undefined;
  return {
    async finish() {
      const fitted = thread ? await thread.result : fitVersion(data);
      return storeVersion(db, dataCutoffDay, fitted, { dataVersion: importId }, started);
    },
    cancel: () => thread?.cancel(),
  };
}

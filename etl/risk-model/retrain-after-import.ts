import type { Db } from "../../lib/db/client";
import { getActiveModelVersion } from "../../lib/queries/risk-model";
import { loadDataset } from "./dataset";
import { fitVersionInWorker } from "./fit-in-worker";
import { fitVersion } from "./fit-version";
import { storeVersion, type TrainResult } from "./train";

/**
 * Every import trains a new model version, which serves only once it has proved not worse than
 * the active one (etl/risk-model/promote.ts). The import itself scores its data with the active
 * version, inside its transaction, so the marts and the scores beside them always come from
 * the same data; the new version is stored after the commit, and a promoted one then scores
 * the same data in a transaction of its own. Too little data to train on (a fixture, a first
 * partial extract) is not an error: the import lands and the active version stays. Change
 * events (etl/changes/apply-changes.ts) do not retrain; the next import does.
 *
 * Start it as soon as mart_invoice_features is built: the training data is complete then, and
 * it is read inside the import's transaction, so it is exactly the data the import commits. A
 * dataset of `threadFromRows` invoices or more is fitted on a second thread while the import
 * builds the rest of the marts; `finish` waits for the fit and stores the version.
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
  const active = getActiveModelVersion(db);
  const thread = data.size >= threadFromRows ? fitVersionInWorker(data, undefined, active) : undefined;
  return {
    async finish() {
      const fitted = thread ? await thread.result : fitVersion(data, undefined, active);
      return storeVersion(db, dataCutoffDay, fitted, { dataVersion: importId }, started);
    },
    cancel: () => thread?.cancel(),
  };
}

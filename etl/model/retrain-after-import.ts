import type { Db } from "../../lib/db/client";
import { trainModel, type TrainResult } from "./train";

/**
 * Issue 5: every import retrains the late-payment model. Called by importExtracts inside its
 * transaction, right after the SQL models are rebuilt, so readers switch to the new data and
 * the model trained on it in one commit. Too little data to train on (a fixture, a first
 * partial extract) is not an error: the import lands and the previous model version stays.
 * Change events (etl/apply-changes.ts) do not retrain; the next import does.
 */
export function retrainAfterImport(db: Db, importId: number): TrainResult {
  return trainModel(db, { dataVersion: importId });
}

import type { Db } from "../../lib/db/client";
import { getDataVersion } from "../../lib/queries/risk-model";
import { scoreWithActiveVersion } from "../risk-model/store-score-run";
import { buildModels, switchToBuildCache, type ModelBuildStats } from "./build-models";

/**
 * `npm run etl -- rebuild`: every model built again from the staging tables, and the data's
 * as-of date scored by the active model version, in one transaction. For a store whose models
 * were built by an older version of the rules (the as-of date was once the last issue date),
 * without re-importing the extracts.
 */
export function rebuildModels(db: Db): { models: ModelBuildStats[]; asOf: string | null } {
  const sqlite = db.$client;
  const rebuild = sqlite.transaction(() => {
    const restoreCache = switchToBuildCache(sqlite);
    try {
      const models = buildModels(sqlite, "all");
      const run = scoreWithActiveVersion(db, getDataVersion(db));
      return { models, asOf: run?.asOf ?? (sqlite.prepare(`select value from etl_state where key = 'data_cutoff'`).pluck().get() as string | undefined) ?? null };
    } finally {
      restoreCache();
    }
  });
  return rebuild.immediate();
}

import fs from "node:fs";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { resolveDatabasePath } from "../lib/env";
import { fileKinds, fileSpecs } from "../lib/imports/file-specs";
import { DEFAULT_END, generateExtracts } from "./generate/generate-extracts";
import { importExtracts } from "./import/import-extracts";
import { rebuildModels } from "./sql-models/rebuild-models";
import { getDataStatus } from "../lib/queries/status";

/*
 * `npm run demo` step one: make sure the embedded database holds data. On a fresh machine it
 * generates demo extracts (scale 1, seed 1, about the size of the real ones) and imports them
 * through the same pipeline as any upload. A database that already has data is left alone.
 */
const dbFile = resolveDatabasePath();
const db = openDb(dbFile);
const invoices = db.$client.prepare(`select count(*) from stg_invoices`).pluck().get() as number;
if (invoices > 0) {
  console.log(`${dbFile} already holds ${invoices.toLocaleString()} invoices; keeping it.`);
  if (getDataStatus(db).needsRebuild) {
    // Built under an older as-of rule: the models are rebuilt from the stored staging tables.
    const { asOf } = rebuildModels(db);
    console.log(`rebuilt its models under the current rules; the data is as of ${asOf}`);
  }
} else {
  const dir = path.resolve("data", "demo-extracts");
  if (!fileKinds.every((k) => fs.existsSync(path.join(dir, fileSpecs[k].fileName)))) {
    const counts = await generateExtracts({ outDir: dir, scale: 1, seed: 1, end: DEFAULT_END });
    console.log(`generated demo extracts in ${dir}: ${counts.invoices.toLocaleString()} invoices, ${counts.lines.toLocaleString()} lines`);
  }
  const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) })), {
    source: "cli",
    startedBy: "demo",
  });
  if (result.status !== "accepted") throw new Error(`demo import was refused: ${result.error}`);
  console.log(`imported demo data into ${dbFile} in ${(result.durationMs / 1000).toFixed(1)} s`);
}
db.$client.close();

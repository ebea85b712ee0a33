import fs from "node:fs";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { resolveDatabasePath } from "../lib/env";
import { fileKinds, fileSpecs } from "../lib/imports/file-specs";
import { DEFAULT_END, generateExtracts } from "./generate/generate-extracts";
import { importExtracts } from "./import/import-extracts";
import { rebuildModels } from "./sql-models/rebuild-models";
import { getDataStatus } from "../lib/queries/status";
import { authForDb, createUserIfMissing } from "./users/create-user";
import { logSampleOutreach } from "./generate/outreach-sample";

/*
 * `npm run demo` step one: make sure the embedded database holds data. On a fresh machine it
 * generates demo extracts (scale 1, seed 1, about the size of the real ones) and imports them
 * through the same pipeline as any upload. A database that already has data is left alone.
 * It also makes one user per role, with a fixed password everyone can read in the README, and
 * on a fresh database a sample outreach history: demo data only, never a real database.
 */
export const DEMO_PASSWORD = "demo-password";
export const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin", region: "Unknown" },
  { email: "manager@example.com", name: "Max Manager", role: "manager", region: "Unknown" },
  { email: "staff@example.com", name: "Sam Staff", role: "staff", region: "West" },
] as const;

const dbFile = resolveDatabasePath();
const db = openDb(dbFile);
const invoices = db.$client.prepare(`select count(*) from stg_invoices`).pluck().get() as number;
const isFresh = invoices === 0;
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
const auth = authForDb(db, dbFile);
for (const user of DEMO_USERS) {
  const outcome = await createUserIfMissing(auth, db, { ...user, password: DEMO_PASSWORD });
  if (outcome === "created") console.log(`created the demo ${user.role} ${user.email}`);
}
// A fresh demo starts with some history on the list, My follow-ups and the trends page, logged by its staff and manager.
if (isFresh && db.$client.prepare(`select count(*) from outreach_entries`).pluck().get() === 0) {
  const loggers = db.$client.prepare(`select id, email from auth_users where role in ('staff', 'manager') order by email`).all() as { id: string; email: string }[];
  console.log(`logged ${logSampleOutreach(db, { entries: 600, users: loggers }).toLocaleString()} sample outreach entries`);
}
console.log(`sign in at http://127.0.0.1:3000 as ${DEMO_USERS.map((u) => u.email).join(", ")} (password "${DEMO_PASSWORD}")`);
db.$client.close();

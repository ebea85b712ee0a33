import fs from "node:fs";
import { openDb } from "../../lib/db/client";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { getActiveModelVersion } from "../../lib/queries/risk-model";
import { importExtracts } from "../import/import-extracts";

/*
 * Runs one import in a fresh process so its peak memory is the import's own, then prints a JSON
 * line for the benchmark to read: `node --import tsx etl/bench/import-child.ts DIR DB [--into-existing]`.
 * With --into-existing it imports into the store as it is, instead of a fresh one, as a
 * snapshot that replaces what the store holds (a nightly full extract).
 */
const [dir, dbFile, mode] = process.argv.slice(2);
if (!dir || !dbFile || (mode !== undefined && mode !== "--into-existing")) throw new Error("usage: import-child.ts DIR DB [--into-existing]");
const intoExisting = mode === "--into-existing";
if (!intoExisting) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
const db = openDb(dbFile);
const activeVersionBefore = getActiveModelVersion(db)?.versionId ?? null;
const started = performance.now();
// When each phase ended, from the import's own progress events.
let loaded = 0;
let built = 0;
let done = 0;
const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: `${dir}/${fileSpecs[kind].fileName}` })), {
  source: "cli",
  mode: intoExisting ? "replace" : "merge",
  onProgress(event) {
    const now = performance.now() - started;
    if (event.phase === "validating") loaded = now;
    else if (event.phase === "building") built = now;
    else if (event.phase === "done") done = now;
  },
});
const ms = performance.now() - started;
db.$client.close();
const rows = result.files.reduce((n, f) => n + f.rowsRead, 0);
// The import's clock starts a little after this one; its "done" event is its durationMs, which places its commit here.
const committed = done + (result.committedAfterMs! - result.durationMs);
const phases = { loadMs: loaded, modelsMs: built - loaded, scoreMs: done - built, commitMs: committed - done, trainAfterCommitMs: ms - committed };
const trained = result.retraining;
const retraining = !trained
  ? null
  : trained.status === "trained"
    ? `trained version ${trained.versionId}`
    : `${trained.status}: ${trained.status === "skipped" ? trained.reason : trained.error}`;
console.log(JSON.stringify({ status: result.status, ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024, models: result.models, rebuiltAccounts: result.rebuiltAccounts, phases, activeVersionBefore, retraining }));

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDb } from "../../lib/db/client";
import { benchDashboardQueries } from "./dashboard";
import { benchOutreach, formatOutreachBench } from "./outreach";
import { benchUpload, formatUploadBench } from "./upload";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { benchChangeBatches } from "./change-batches";
import { DEFAULT_END, generateExtracts } from "../generate/generate-extracts";
import { writePreviousDayExtracts } from "../generate/previous-day";

/*
 * `npm run bench`: speed and memory of the import and the feature export against the sqlite3 shell
 * importing the same files and computing the same features,
 * measured back to back in one run, because these machines are shared and their absolute
 * timings drift. Ratios are the figures to compare across runs; see docs/performance.md.
 */

const args = z
  .object({
    scales: z.string().regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, "--scales takes numbers like 10,100"),
    seed: z.coerce.number().int().min(0),
    repeat: z.coerce.number().int().min(1).max(10),
    work: z.string().min(1),
    importExportOnly: z.boolean(),
  })
  .parse(
    (() => {
      const { values } = parseArgs({
        options: {
          scales: { type: "string", default: "10,100" },
          seed: { type: "string", default: "1" },
          repeat: { type: "string", default: "1" },
          work: { type: "string", default: "data/bench" },
          // The import, the baseline and the exports, without the dashboard, change and upload parts.
          "import-export-only": { type: "boolean", default: false },
        },
      });
      return { ...values, importExportOnly: values["import-export-only"] };
    })(),
  );

function ensureSqliteShell(): void {
  if (spawnSync("sqlite3", ["-version"]).status === 0) return;
  console.log("installing the sqlite3 shell (apt-get install sqlite3) for the baseline…");
  execFileSync("bash", ["-c", "apt-get update -qq && apt-get install -y -qq sqlite3"], { stdio: "inherit" });
}

async function extractsFor(scale: number): Promise<string> {
  const dir = path.resolve(args.work, `extracts-scale-${scale}-seed-${args.seed}`);
  const complete = fileKinds.every((k) => fs.existsSync(path.join(dir, fileSpecs[k].fileName)));
  if (!complete) {
    const started = performance.now();
    await generateExtracts({ outDir: dir, scale, seed: args.seed, end: DEFAULT_END });
    console.log(`generated scale ${scale} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return dir;
}

/** The extracts as they stood the day before `dir`'s last day, written once beside them. */
async function previousDayOf(dir: string): Promise<string> {
  const out = `${dir}-previous-day`;
  if (!fileKinds.every((k) => fs.existsSync(path.join(out, fileSpecs[k].fileName)))) {
    fs.rmSync(out, { recursive: true, force: true });
    await writePreviousDayExtracts(dir, `${out}.partial`);
    fs.renameSync(`${out}.partial`, out);
  }
  return out;
}

function runBaseline(dir: string, dbFile: string): number {
  fs.rmSync(dbFile, { force: true });
  const script = [
    ".mode csv",
    ...fileKinds.map((k) => `.import ${path.join(dir, fileSpecs[k].fileName)} ${k}`),
    `.read ${path.resolve("etl/bench/baseline-features.sql")}`,
  ].join("\n");
  const started = performance.now();
  const run = spawnSync("sqlite3", [dbFile], { input: script, encoding: "utf8" });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`sqlite3 baseline failed: ${run.stderr}`);
  return ms;
}

type ChildResult = {
  status: string;
  ms: number;
  rows: number;
  maxRssMb: number;
  models: { name: string; ms: number }[];
  rebuiltAccounts: number | "all";
  phases: { loadMs: number; modelsMs: number; scoreMs: number; commitMs: number; trainAfterCommitMs: number };
  activeVersionBefore: number | null;
  retraining: string | null;
};

type ImportRun = { wallMs: number; child: ChildResult };

/** An import into a fresh store, or with `intoExisting` into the store as the last import left it. */
function runImport(dir: string, dbFile: string, { intoExisting = false } = {}): ImportRun {
  // Deleting the last run's 700 MB database is not the import's work; the baseline's is deleted untimed too.
  if (!intoExisting) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
  const started = performance.now();
  const childArgs = ["--import", "tsx", "etl/bench/import-child.ts", dir, dbFile, ...(intoExisting ? ["--into-existing"] : [])];
  const run = spawnSync(process.execPath, childArgs, { encoding: "utf8" });
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`import failed: ${run.stderr}`);
  const child = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as ChildResult;
  if (child.status !== "accepted") throw new Error(`import was ${child.status}`);
  return { wallMs, child };
}

function runExport(dbFile: string, outFile: string): { wallMs: number; maxRssMb: number } {
  // As for the import: removing the last run's file is not the export's work.
  fs.rmSync(outFile, { force: true });
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", "etl/bench/export-child.ts", "export", outFile, "--db", dbFile], { encoding: "utf8" });
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`export failed: ${run.stderr}`);
  const { maxRssMb } = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { maxRssMb: number };
  return { wallMs, maxRssMb };
}

/** Both sides must have computed the same features, or the timing comparison means nothing. */
function checkSameFeatures(baselineDb: string, importDb: string): void {
  const sums = (db: string, table: string) =>
    execFileSync("sqlite3", [db, `select count(*), sum(num_inv_120d), sum(cum_tot_inv_acct), sum(is_late), sum(inv_items) from ${table}`], {
      encoding: "utf8",
    }).trim();
  const base = sums(baselineDb, "features");
  const ours = sums(importDb, "mart_invoice_features");
  if (base !== ours) throw new Error(`baseline and import disagree on the features: ${base} vs ${ours}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** The data is visible from the commit; the new model version is trained and stored after it (docs/model.md). */
const toCommitMs = (r: ImportRun) => r.wallMs - r.child.phases.trainAfterCommitMs;

function formatPhases(run: ImportRun): string {
  const { loadMs, modelsMs, scoreMs, commitMs, trainAfterCommitMs } = run.child.phases;
  return (
    `start-up ${seconds(run.wallMs - run.child.ms)}, parse + validate + load ${seconds(loadMs)}, ` +
    `SQL models + reading the training sample ${seconds(modelsMs)}, scoring with the active version ${seconds(scoreMs)}, commit ${seconds(commitMs)}, ` +
    `then the new version (wait for the fit, decide, store) ${seconds(trainAfterCommitMs)}`
  );
}

ensureSqliteShell();
const scales = args.scales.split(",").map(Number);
const summary: string[] = [];
for (const scale of scales) {
  const dir = await extractsFor(scale);
  const yesterday = await previousDayOf(dir);
  const baselines: number[] = [];
  const imports: ImportRun[] = [];
  const reimports: ImportRun[] = [];
  for (let i = 0; i < args.repeat; i++) {
    // Interleaved, so a burst of load on the machine hits both sides alike.
    baselines.push(runBaseline(dir, path.resolve(args.work, `baseline-${scale}.db`)));
    imports.push(runImport(dir, path.resolve(args.work, `import-${scale}.db`)));
    // A fresh store has no active model version, so its import scores nothing in its transaction.
    // The steady state is a night's import: the store holds the extracts as they stood the day
    // before (imported untimed), and today's files replace them, scored by the active version.
    runImport(yesterday, path.resolve(args.work, `import-${scale}.db`), { intoExisting: true });
    const again = runImport(dir, path.resolve(args.work, `import-${scale}.db`), { intoExisting: true });
    if (again.child.activeVersionBefore === null) throw new Error("the nightly import found no active model version to score with");
    reimports.push(again);
  }
  checkSameFeatures(path.resolve(args.work, `baseline-${scale}.db`), path.resolve(args.work, `import-${scale}.db`));
  const base = median(baselines);
  const imp = median(imports.map((r) => r.wallMs));
  const last = imports.at(-1)!.child;
  const rss = Math.max(...imports.map((r) => r.child.maxRssMb));
  console.log(`\nscale ${scale}: ${last.rows.toLocaleString()} rows`);
  console.log(`  import (npm run etl -- import)   ${seconds(imp).padStart(9)}   ${Math.round(last.rows / (imp / 1000)).toLocaleString()} rows/s   peak RSS ${rss.toFixed(0)} MB`);
  console.log(`  sqlite3 .import + feature SQL    ${seconds(base).padStart(9)}   ${Math.round(last.rows / (base / 1000)).toLocaleString()} rows/s`);
  console.log(`  ratio import / baseline          ${(imp / base).toFixed(2)}   (the new model version trained after the commit included)`);
  const toCommit = median(imports.map(toCommitMs));
  console.log(`  ratio to the commit / baseline   ${(toCommit / base).toFixed(2)}   (${seconds(toCommit)}; the restated target is ≤ 2.0)`);
  console.log(`  import phases: ${formatPhases(imports.at(-1)!)}`);
  console.log(`  model builds: ${last.models.map((m) => `${m.name} ${seconds(m.ms)}`).join(", ")}`);
  summary.push(`scale ${scale}: ratio ${(imp / base).toFixed(2)} (to the commit ${(toCommit / base).toFixed(2)}), peak RSS ${rss.toFixed(0)} MB`);
  const again = median(reimports.map((r) => r.wallMs));
  const againToCommit = median(reimports.map(toCommitMs));
  const againRss = Math.max(...reimports.map((r) => r.child.maxRssMb));
  const retrained = [...new Set(reimports.map((r) => r.child.retraining))].join(", ");
  const rebuilt = reimports.at(-1)!.child.rebuiltAccounts;
  console.log(`  nightly import (today's files replace yesterday's)   ${seconds(again).padStart(9)}   peak RSS ${againRss.toFixed(0)} MB   (models rebuilt for ${rebuilt === "all" ? "all" : rebuilt.toLocaleString()} accounts; the new version: ${retrained})`);
  console.log(`  ratio nightly import to the commit / baseline   ${(againToCommit / base).toFixed(2)}   (${seconds(againToCommit)}; target ≤ 2.0)   to its return ${(again / base).toFixed(2)}`);
  console.log(`  nightly import phases: ${formatPhases(reimports.at(-1)!)}`);
  summary.push(`scale ${scale} nightly import with an active version: ratio to the commit ${(againToCommit / base).toFixed(2)} (to the return ${(again / base).toFixed(2)}), peak RSS ${againRss.toFixed(0)} MB`);
  // The export of the database just imported: the whole CLI command, start-up included.
  for (const format of ["csv", "parquet"]) {
    const runs = Array.from({ length: args.repeat }, () => runExport(path.resolve(args.work, `import-${scale}.db`), path.resolve(args.work, `features-${scale}.${format}`)));
    const ms = median(runs.map((r) => r.wallMs));
    const peak = Math.max(...runs.map((r) => r.maxRssMb));
    console.log(`  export ${format.padEnd(7)} (npm run etl -- export)  ${seconds(ms).padStart(9)}   peak RSS ${peak.toFixed(0)} MB   ratio to baseline ${(ms / base).toFixed(3)} (target ≤ 0.15)`);
    summary.push(`scale ${scale} export ${format}: ${seconds(ms)}, ratio ${(ms / base).toFixed(3)}, peak RSS ${peak.toFixed(0)} MB`);
  }
}
if (args.importExportOnly) {
  console.log(`\n${summary.join("\n")}`);
  process.exit(0);
}

// The dashboard's server time, on the largest database this run imported.
const largest = Math.max(...scales);
const dashboardDb = openDb(path.resolve(args.work, `import-${largest}.db`));
console.log(`\ndashboard reads at scale ${largest} (median / p90 of the reads each page makes; target median < 200 ms)`);
for (const r of benchDashboardQueries(dashboardDb)) {
  console.log(`  ${r.name.padEnd(58)} as of ${r.asOf}   ${r.medianMs.toFixed(1).padStart(7)} / ${r.p90Ms.toFixed(1).padStart(7)} ms`);
  summary.push(`dashboard ${r.name} (${r.asOf}): median ${r.medianMs.toFixed(1)} ms`);
}
dashboardDb.$client.close();

// The outreach workflow on a copy of the same database, with a log of 50,000 entries.
const outreach = benchOutreach(path.resolve(args.work, `import-${largest}.db`), path.resolve(args.work, `outreach-${largest}.db`));
console.log(`\n${formatOutreachBench(outreach)}`);
for (const r of outreach.results) summary.push(`outreach ${r.name}: median ${r.medianMs.toFixed(1)} ms`);

// Change events on a copy of the same database, against a full model rebuild in this same run.
const changes = benchChangeBatches(path.resolve(args.work, `import-${largest}.db`), path.resolve(args.work, `changes-${largest}.db`));
console.log(`\nchange batches at scale ${largest} (applyChanges; a full model rebuild took ${seconds(changes.fullRebuildMs)} in this run)`);
for (const b of changes.batches) {
  const rebuilt = b.models.filter((m) => m.rows > 0).map((m) => `${m.name} ${m.rows.toLocaleString()}`);
  console.log(`  ${b.name.padEnd(64)} ${seconds(b.ms).padStart(9)}   ${(b.ms / changes.fullRebuildMs).toFixed(2)} of a full rebuild   rows: ${rebuilt.join(", ")}`);
  summary.push(`change batch "${b.name}": ${seconds(b.ms)}, ${(b.ms / changes.fullRebuildMs).toFixed(2)} of a full rebuild`);
}

// Uploading the largest extracts through the HTTP route, against the CLI, in this same run.
if (!fs.existsSync(".next/BUILD_ID")) {
  console.log("\nbuilding the app for the upload benchmark (next build)…");
  execFileSync("npx", ["next", "build"], { stdio: "inherit" });
}
const upload = await benchUpload({ extractsDir: await extractsFor(largest), workDir: path.resolve(args.work) });
console.log(`\n${formatUploadBench(upload)}`);
summary.push(`upload: ratio ${upload.ratio.toFixed(2)}x CLI, web server peak ${upload.upload.serverPeakRssMb} MB`);

console.log(`\n${summary.join("\n")}`);

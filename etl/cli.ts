import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { openDb } from "../lib/db/client";
import { resolveDatabasePath } from "../lib/env";
import { parseCliArgs, runCommands, UsageError, validateArgs } from "./cli-args";
import type { ExtractSource, ImportResult } from "./import/import-extracts";

// Each command loads its own modules when it runs: loading every command's took 0.25 s of each
// run's start-up, and memory the export needs for its threads.

const usage = `Usage:
  npm run etl -- import DIR [--db FILE] [--replace] [--max-reject-rate R] [--progress]
  npm run etl -- export OUT.csv|OUT.parquet [--db FILE] [--as-of YYYY-MM-DD]
  npm run etl -- rebuild [--db FILE]

import  loads whichever of accounts.csv, skus.csv, invoices.csv and invoice_line_items.csv
        DIR holds. It merges by key unless --replace makes them a full snapshot.
        Exit 0: accepted. 1: refused (nothing changed). 2: usage error.
export  writes the invoice feature dataset, one row per invoice, sorted by inv_id, as CSV
        or (for a name ending in .parquet) as typed Parquet.
rebuild builds every model again from the stored staging tables and scores the data's as-of
        date with the active model version: for a store built by an older version of the rules.
--progress prints each phase on its own line to stderr (a terminal always shows progress).
--db defaults to $DATABASE_PATH or data/app.db.`;

const importArgs = z.object({
  dir: z.string({ error: "give the directory that holds the extracts" }).min(1),
  db: z.string().optional(),
  replace: z.boolean(),
  maxRejectRate: z.coerce.number().min(0, "--max-reject-rate must be between 0 and 1").max(1, "--max-reject-rate must be between 0 and 1"),
});

const exportArgs = z.object({
  out: z.string({ error: "give the file to write" }).min(1),
  db: z.string().optional(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "--as-of must be YYYY-MM-DD").optional(),
});

const parse = (argv: string[]) =>
  parseCliArgs(argv, {
    db: { type: "string" },
    replace: { type: "boolean", default: false },
    "max-reject-rate": { type: "string" },
    "as-of": { type: "string" },
    progress: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });

function printImport(result: ImportResult): void {
  const rows = result.files.map((f) => ({
    file: f.fileName,
    read: f.rowsRead,
    accepted: f.rowsAccepted,
    rejected: f.rowsRejected,
  }));
  const width = Math.max(4, ...rows.map((r) => r.file.length));
  console.log(`${"file".padEnd(width)}  ${"read".padStart(9)}  ${"accepted".padStart(9)}  ${"rejected".padStart(9)}`);
  for (const r of rows) {
    console.log(`${r.file.padEnd(width)}  ${String(r.read).padStart(9)}  ${String(r.accepted).padStart(9)}  ${String(r.rejected).padStart(9)}`);
  }
  const removed = Object.entries(result.removedRows).filter(([, n]) => n > 0);
  if (removed.length > 0) console.log(`removed by the snapshot: ${removed.map(([k, n]) => `${n} ${k}`).join(", ")}`);
  console.log(`import #${result.importId} ${result.status} in ${(result.durationMs / 1000).toFixed(2)} s`);
  if (result.error) console.error(`refused: ${result.error}`);
}

async function runImport(argv: string[]): Promise<number> {
  const [{ defaultMaxRejectRate, ImportBusyError, importExtracts }, { fileKinds, fileSpecs }] = await Promise.all([
    import("./import/import-extracts"),
    import("../lib/imports/file-specs"),
  ]);
  const { values, positionals } = parse(argv);
  const args = validateArgs(importArgs, {
    dir: positionals[1],
    db: values.db,
    replace: values.replace,
    maxRejectRate: values["max-reject-rate"] ?? String(defaultMaxRejectRate),
  });
  if (!fs.existsSync(args.dir) || !fs.statSync(args.dir).isDirectory()) {
    throw new UsageError(`${args.dir} is not a directory`);
  }
  const sources: ExtractSource[] = fileKinds
    .map((kind) => ({ kind, path: path.join(args.dir, fileSpecs[kind].fileName), fileName: fileSpecs[kind].fileName }))
    .filter((s) => fs.existsSync(s.path));
  if (sources.length === 0) {
    console.error(`refused: ${args.dir} holds none of ${fileKinds.map((k) => fileSpecs[k].fileName).join(", ")}`);
    return 1;
  }
  const db = openDb(resolveDatabasePath(args.db));
  let lastReport = 0;
  let result: ImportResult;
  try {
    result = await importExtracts(db, sources, {
      mode: args.replace ? "replace" : "merge",
      maxRejectRate: args.maxRejectRate,
      source: "cli",
      startedBy: process.env.USER ?? "cli",
      onProgress(event) {
        // Progress goes to stderr so the summary on stdout stays easy to read and to parse.
        if (values.progress) {
          if (event.phase !== "reading") process.stderr.write(`${JSON.stringify(event)}\n`);
          return;
        }
        if (!process.stderr.isTTY) return;
        const now = Date.now();
        if (event.phase === "reading" && now - lastReport > 250) {
          lastReport = now;
          process.stderr.write(`\r${event.fileName}: ${event.rowsRead.toLocaleString()} rows`.padEnd(60));
        } else if (event.phase === "building") {
          process.stderr.write(`\rbuilt ${event.model}`.padEnd(60));
        } else if (event.phase === "done") {
          process.stderr.write("\r".padEnd(61) + "\r");
        }
      },
    });
  } catch (error) {
    if (!(error instanceof ImportBusyError)) throw error;
    console.error(`refused: ${error.message}`);
    return 1;
  }
  printImport(result);
  db.$client.close();
  return result.status === "accepted" ? 0 : 1;
}

async function runExport(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const args = validateArgs(exportArgs, { out: positionals[1], db: values.db, asOf: values["as-of"] });
  const file = resolveDatabasePath(args.db);
  if (!fs.existsSync(file)) throw new UsageError(`no database at ${file}; run an import first`);
  const { exportFeatures } = await import("./export-features");
  const db = openDb(file);
  const started = performance.now();
  const { rows, asOf } = await exportFeatures(db, args.out, { asOf: args.asOf });
  console.log(`wrote ${rows.toLocaleString()} invoices (labels as of ${asOf ?? "n/a"}) to ${args.out} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  db.$client.close();
  return 0;
}

async function runRebuild(argv: string[]): Promise<number> {
  const { rebuildModels } = await import("./sql-models/rebuild-models");
  const { values } = parse(argv);
  const file = resolveDatabasePath(validateArgs(z.object({ db: z.string().optional() }), { db: values.db }).db);
  if (!fs.existsSync(file)) throw new UsageError(`no database at ${file}; run an import first`);
  const db = openDb(file);
  const started = performance.now();
  const { models, asOf } = rebuildModels(db);
  console.log(`rebuilt ${models.length} models in ${((performance.now() - started) / 1000).toFixed(2)} s; the data is as of ${asOf ?? "n/a"}`);
  db.$client.close();
  return 0;
}

process.exitCode = await runCommands(process.argv.slice(2), usage, { import: runImport, export: runExport, rebuild: runRebuild });

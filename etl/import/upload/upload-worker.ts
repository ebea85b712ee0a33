import path from "node:path";
import { openDb, type Db } from "../../../lib/db/client";
import { resolveDatabasePath } from "../../../lib/env";
import { saveImportSummary, snapshotBeforeImport, summariseImport } from "../import-quality";
import { jobDir, type UploadJob } from "../../../lib/imports/upload-job";
import { readJob } from "../../../lib/queries/upload-jobs";
import { removeReceivedFiles, writeJob } from "./job-store";
import { releaseUploadLock } from "./upload-lock";
import { detectFileKind, type FileKind } from "../../../lib/imports/file-specs";
import { readCsvHeader } from "../extract/read-csv";
import { defaultMaxRejectRate, importExtracts, type ImportProgress } from "../import-extracts";
import { buildCacheSize } from "../../sql-models/build-models";
import { models } from "../../sql-models/dag";

/*
 * The upload route's import: the same importExtracts the CLI calls, run in its own process
 * (started by etl/import/upload/start-import.ts) with its own connection, reporting progress into the
 * job's job.json. Usage: tsx etl/import/upload/upload-worker.ts UPLOAD_DIR JOB_ID
 */

export type RunJobOptions = {
  db?: Db;
  /** Called with every progress event; the worker process uses it to stop if its server died. */
  onProgress?: (event: ImportProgress) => void;
};

export async function runUploadJob(uploadDir: string, jobId: string, options: RunJobOptions = {}): Promise<UploadJob> {
  const stored = readJob(uploadDir, jobId, { asStored: true });
  if (!stored) throw new Error(`no upload job ${jobId} in ${uploadDir}`);
  const job: UploadJob = { ...stored, status: "importing", pid: process.pid, progress: { ...stored.progress, modelCount: models.length } };
  let lastWrite = 0;
  const save = (force = false) => {
    const now = Date.now();
    if (force || now - lastWrite > 250) {
      lastWrite = now;
      writeJob(uploadDir, job);
    }
  };
  save(true);

  const dir = jobDir(uploadDir, job.id);
  const db = options.db ?? openDb(resolveDatabasePath());
  // This connection only does bulk work (the import, then the before/after summary), which a
  // large page cache does not speed up; the cache would only fill with pages it reads once.
  if (!options.db) db.$client.pragma(`cache_size = ${buildCacheSize}`);
  try {
    const sources = job.files.map((f) => ({ path: path.join(dir, f.storedAs), fileName: f.fileName }));
    // Only the tables this upload loads are copied for the "changed rows" count.
    const kinds = await Promise.all(sources.map((s) => readCsvHeader(s.path, s.fileName).then(detectFileKind, () => undefined)));
    const before = snapshotBeforeImport(db, [...new Set(kinds.filter((k): k is FileKind => k !== undefined))]);

    const result = await importExtracts(db, sources, {
      mode: job.mode,
      maxRejectRate: defaultMaxRejectRate,
      source: "upload",
      startedBy: job.startedBy,
      onProgress(event) {
        options.onProgress?.(event);
        const phaseChanged = job.progress.phase !== event.phase;
        if (event.phase === "reading") {
          const size = job.files.find((f) => f.fileName === event.fileName)?.sizeBytes ?? event.sizeBytes;
          const entry = { fileName: event.fileName, kind: event.kind ?? null, bytesRead: event.bytesRead, sizeBytes: size, rowsRead: event.rowsRead };
          const index = job.progress.files.findIndex((f) => f.fileName === event.fileName);
          if (index === -1) job.progress.files.push(entry);
          else job.progress.files[index] = entry;
        } else if (event.phase === "building") {
          job.progress.models.push({ name: event.model, rows: event.rows, ms: event.ms });
        }
        job.progress.phase = event.phase === "done" ? "summarising" : event.phase;
        save(phaseChanged || event.phase === "building");
      },
    });
    job.importId = result.importId;
    job.error = result.error;
    // Final counts per file (progress events are throttled, so the last one may lag).
    for (const f of result.files) {
      const index = job.progress.files.findIndex((p) => p.fileName === f.fileName);
      const entry = { fileName: f.fileName, kind: f.kind, bytesRead: f.sizeBytes, sizeBytes: f.sizeBytes, rowsRead: f.rowsRead };
      if (index === -1) job.progress.files.push(entry);
      else job.progress.files[index] = entry;
    }
    if (result.status === "accepted") {
      save(true);
      saveImportSummary(db, result.importId, summariseImport(db, result.importId, before, result.files));
    }
    job.status = result.status;
  } catch (error) {
    job.status = "failed";
    job.error = error instanceof Error ? error.message : String(error);
  } finally {
    job.progress.phase = "done";
    job.finishedAt = new Date().toISOString();
    writeJob(uploadDir, job);
    removeReceivedFiles(uploadDir, job);
    releaseUploadLock(uploadDir, job.id);
    if (!options.db) db.$client.close();
  }
  return job;
}

async function main(argv: string[]): Promise<number> {
  const [uploadDir, jobId] = argv;
  if (!uploadDir || !jobId) {
    console.error("usage: tsx etl/import/upload/upload-worker.ts UPLOAD_DIR JOB_ID");
    return 2;
  }
  // The server that started us is our lifeline. If it is killed, stop before committing: the
  // open transaction is discarded and the stored data stays as it was. A blocked event loop
  // (the model build) cannot see "disconnect", so every progress event also checks the parent.
  const parent = process.ppid;
  const stopIfOrphaned = () => {
    if (process.ppid !== parent) process.exit(70);
  };
  const onDisconnect = () => process.exit(70);
  process.on("disconnect", onDisconnect);
  const job = await runUploadJob(uploadDir, jobId, { onProgress: stopIfOrphaned });
  process.off("disconnect", onDisconnect);
  return job.status === "failed" ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2));
  process.disconnect?.();
}

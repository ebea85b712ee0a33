import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isTerminal, type UploadJob } from "../../../lib/imports/upload-job";
import { openDb, type Db } from "../../../lib/db/client";
import { jobAfterProcessEnded, listJobs, readJob, whatStopped } from "../../../lib/queries/upload-jobs";
import { isProcessAlive } from "../../../lib/process-alive";
import { hasReceivedFiles, removeReceivedFiles, writeJob } from "./job-store";
import { releaseUploadLock } from "./upload-lock";

/**
 * Runs the import in its own process. The web server's event loop stays free for the dashboard
 * (the model build is synchronous SQLite work), the import gets its own database connection as
 * the ETL requires, and its memory is returned to the system when it ends. The worker is the
 * same ETL code the command line runs, behind a thin entry point (upload-worker.ts beside this file).
 */
// Found from this module's own location, not the working directory. Not `new URL(..., import.meta.url)`:
// the bundler would copy the worker out as a lone asset, away from the modules it imports.
const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "upload-worker.ts");

export function startImportWorker(uploadDir: string, job: UploadJob, dbFile: string): void {
  const child = spawn(process.execPath, ["--import", "tsx", workerScript, uploadDir, job.id], {
    cwd: process.cwd(),
    // The worker imports into the database the upload was checked against; its outcome is read back from the same file.
    env: { ...process.env, DATABASE_PATH: dbFile },
    // The IPC channel is the worker's lifeline: when the server dies it closes, and the worker
    // stops before committing, so a killed server never leaves a half-made import behind.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const settle = (what: string) => {
    const db = openDb(dbFile);
    try {
      settleEndedJob(uploadDir, job.id, what, db);
    } finally {
      db.$client.close();
    }
  };
  child.on("error", (error) => settle(`the import process could not start (${error.message})`));
  child.on("exit", (code, signal) => settle(`the import process ${signal ? `was stopped by ${signal}` : `exited with code ${code}`} before it finished`));
}

/**
 * Records what became of a job whose worker ended without finishing it, deletes the files it
 * received (the rejects stay in the database), and frees the lock.
 */
export function settleEndedJob(uploadDir: string, jobId: string, what: string, db: Db): void {
  const latest = readJob(uploadDir, jobId, { asStored: true });
  if (!latest) return;
  if (!isTerminal(latest.status)) {
    writeJob(uploadDir, { ...jobAfterProcessEnded(latest, what, db), finishedAt: new Date().toISOString() });
  }
  removeReceivedFiles(uploadDir, latest);
  releaseUploadLock(uploadDir, jobId);
}

/**
 * At start-up: every job whose process is gone (a killed server or worker) is settled as above,
 * so no customer file outlives its import. Jobs another live process is still working on stay.
 */
export function sweepEndedJobs(uploadDir: string, db: Db): number {
  let swept = 0;
  for (const job of listJobs(uploadDir, Number.MAX_SAFE_INTEGER, { asStored: true })) {
    if (!isTerminal(job.status) && isProcessAlive(job.pid) && job.pid !== process.pid) continue;
    if (!hasReceivedFiles(uploadDir, job) && isTerminal(job.status)) continue;
    settleEndedJob(uploadDir, job.id, whatStopped(job), db);
    swept++;
  }
  return swept;
}

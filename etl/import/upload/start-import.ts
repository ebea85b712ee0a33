import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isTerminal, type UploadJob } from "../../../lib/imports/upload-job";
import { readJob } from "../../../lib/queries/upload-jobs";
import { writeJob } from "./job-store";
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

export function startImportWorker(uploadDir: string, job: UploadJob): void {
  const child = spawn(process.execPath, ["--import", "tsx", workerScript, uploadDir, job.id], {
    cwd: process.cwd(),
    env: process.env,
    // The IPC channel is the worker's lifeline: when the server dies it closes, and the worker
    // stops before committing, so a killed server never leaves a half-made import behind.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const settle = (detail: string) => {
    const latest = readJob(uploadDir, job.id, { asStored: true });
    if (latest && !isTerminal(latest.status)) {
      writeJob(uploadDir, {
        ...latest,
        status: "failed",
        error: `the import process ${detail} before it finished; nothing from this upload was stored`,
        finishedAt: new Date().toISOString(),
      });
    }
    releaseUploadLock(uploadDir, job.id);
  };
  child.on("error", (error) => settle(`could not start (${error.message})`));
  child.on("exit", (code, signal) => settle(signal ? `was stopped by ${signal}` : `exited with code ${code}`));
}

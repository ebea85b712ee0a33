import fs from "node:fs";
import path from "node:path";
import { getDb, type Db } from "../db/client";
import { jobDir, jobIdSchema, jobSchema, isTerminal, type UploadJob } from "../imports/upload-job";
import { isProcessAlive } from "../process-alive";
import { prepared } from "./statements";

/**
 * The job as last written, or null when there is no such job. A corrupt file throws.
 * Unless `asStored`, a job whose process has died reads as failed (see withLiveness).
 */
export function readJob(uploadDir: string, id: string, options: { asStored?: boolean; db?: Db } = {}): UploadJob | null {
  if (!jobIdSchema.safeParse(id).success) return null;
  let text: string;
  try {
    text = fs.readFileSync(path.join(jobDir(uploadDir, id), "job.json"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const job = jobSchema.parse(JSON.parse(text));
  if (options.asStored || isTerminal(job.status) || isProcessAlive(job.pid)) return job;
  return jobAfterProcessEnded(job, whatStopped(job), options.db);
}

/** Newest first. */
export function listJobs(uploadDir: string, limit = 20, options: { asStored?: boolean } = {}): UploadJob[] {
  let names: string[];
  try {
    names = fs.readdirSync(uploadDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .filter((n) => jobIdSchema.safeParse(n).success)
    .sort()
    .reverse()
    .slice(0, limit)
    .flatMap((id) => readJob(uploadDir, id, options) ?? []);
}

type ImportOutcome = { importId: number; status: "accepted" | "refused"; error: string | null };

/**
 * What the import log says became of a job's import: the import it started, found by its id
 * or, when the worker died before it could write the id down, by the worker's pid. Null while
 * the log holds no committed outcome for it.
 */
function importOutcome(job: UploadJob, db: Db): ImportOutcome | null {
  const row = (
    job.importId !== null
      ? prepared(db, `select import_id as importId, status, error from etl_imports where import_id = ?`).get(job.importId)
      : prepared(
          db,
          `select import_id as importId, status, error from etl_imports
           where source = 'upload' and pid = ? and started_at >= ? order by import_id desc limit 1`,
        ).get(job.pid, job.createdAt)
  ) as { importId: number; status: string; error: string | null } | undefined;
  return row && (row.status === "accepted" || row.status === "refused") ? (row as ImportOutcome) : null;
}

/** Which process a job depended on when it stopped, in words for its error or notice. */
export function whatStopped(job: UploadJob): string {
  return job.status === "receiving" ? "the web server stopped while the files were being received" : "the import process stopped before it finished";
}

/**
 * A job whose process is gone (the server or the worker was killed), as the import log tells
 * it: accepted or refused when the import had committed its outcome, whatever happened to the
 * worker after that; otherwise failed, with nothing stored, since the import's transaction
 * never committed.
 */
export function jobAfterProcessEnded(job: UploadJob, what: string, db?: Db): UploadJob {
  // Only a job that reached its import can have left an outcome in the log.
  const log = job.status === "importing" ? (db ?? getDb()) : null;
  const outcome = log ? importOutcome(job, log) : null;
  if (log && outcome?.status === "accepted") {
    const hasSummary = prepared(log, `select 1 from etl_import_summaries where import_id = ?`).get(outcome.importId) !== undefined;
    return {
      ...job,
      status: "accepted",
      importId: outcome.importId,
      error: null,
      notice: hasSummary ? job.notice : `The import was stored, but ${what}: its data-quality summary was never written.`,
    };
  }
  if (outcome?.status === "refused") return { ...job, status: "refused", importId: outcome.importId, error: outcome.error };
  return { ...job, status: "failed", error: `interrupted: ${what}; nothing from this upload was stored` };
}

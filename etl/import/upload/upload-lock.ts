import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../../lib/db/client";
import { isProcessAlive } from "../../../lib/process-alive";
import { isTerminal, type UploadJob } from "../../../lib/imports/upload-job";
import { readJob } from "../../../lib/queries/upload-jobs";

/*
 * One import at a time. An exclusive-create file names the job whose import is queued or
 * running; it is taken once the job's files have all arrived (receiving takes no lock, so a slow
 * sender delays nobody) and released when the import ends. A holder whose process died (a
 * killed server or worker) is stale and is taken over, so a crash never blocks uploads for good.
 */

const lockName = "active.lock";

export type Busy = { message: string; jobId: string | null };

// A holder whose process died reads as ended (readJob), so its lock is taken over.
function isStale(holder: UploadJob | null): boolean {
  return !holder || isTerminal(holder.status);
}

/** Returns null when the lock is now held for `jobId`, or who holds it. */
export function acquireUploadLock(uploadDir: string, jobId: string): Busy | null {
  fs.mkdirSync(uploadDir, { recursive: true });
  const lockPath = path.join(uploadDir, lockName);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, jobId, { flag: "wx" });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holderId = fs.readFileSync(lockPath, "utf8").trim();
    const holder = readJob(uploadDir, holderId);
    if (!isStale(holder)) return { message: describeHolder(holder!), jobId: holder!.id };
    fs.rmSync(lockPath, { force: true });
  }
  return { message: "another upload is starting at this moment; try again in a few seconds", jobId: null };
}

export function releaseUploadLock(uploadDir: string, jobId: string): void {
  const lockPath = path.join(uploadDir, lockName);
  try {
    if (fs.readFileSync(lockPath, "utf8").trim() === jobId) fs.rmSync(lockPath, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function describeHolder(job: UploadJob): string {
  const what = job.status === "receiving" ? "is still being uploaded" : job.status === "queued" ? "is about to be imported" : "is being imported";
  return `Another upload (started ${job.createdAt.slice(0, 16).replace("T", " ")} UTC by ${job.startedBy}) ${what}. Only one import runs at a time; try again when it has finished.`;
}

/** An import started from the command line also holds the database; uploads wait for it too. */
export function findRunningCliImport(db: Db): Busy | null {
  const rows = db.$client
    .prepare(`select import_id as importId, pid, started_at as startedAt, started_by as startedBy, source from etl_imports where status = 'running'`)
    .all() as { importId: number; pid: number | null; startedAt: string; startedBy: string | null; source: string }[];
  const live = rows.find((r) => r.source !== "upload" && r.pid !== null && isProcessAlive(r.pid));
  if (!live) return null;
  return {
    message: `Import #${live.importId} (started ${live.startedAt.slice(0, 16).replace("T", " ")} UTC by ${live.startedBy ?? "unknown"} from the ${live.source === "cli" ? "command line" : live.source}) is running. Only one import runs at a time; try again when it has finished.`,
    jobId: null,
  };
}

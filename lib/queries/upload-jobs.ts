import fs from "node:fs";
import path from "node:path";
import { jobDir, jobIdSchema, jobSchema, isTerminal, type UploadJob } from "../imports/upload-job";
import { isProcessAlive } from "../process-alive";

/**
 * The job as last written, or null when there is no such job. A corrupt file throws.
 * Unless `asStored`, a job whose process has died reads as failed (see withLiveness).
 */
export function readJob(uploadDir: string, id: string, options: { asStored?: boolean } = {}): UploadJob | null {
  if (!jobIdSchema.safeParse(id).success) return null;
  let text: string;
  try {
    text = fs.readFileSync(path.join(jobDir(uploadDir, id), "job.json"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const job = jobSchema.parse(JSON.parse(text));
  return options.asStored ? job : withLiveness(job);
}

/** Newest first. */
export function listJobs(uploadDir: string, limit = 20): UploadJob[] {
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
    .flatMap((id) => readJob(uploadDir, id) ?? []);
}

/**
 * A job whose process died (the server or the worker was killed) stays "importing" on disk
 * forever; readers see it as failed. The import's transaction never committed, so nothing of
 * it was stored.
 */
function withLiveness(job: UploadJob): UploadJob {
  if (isTerminal(job.status) || isProcessAlive(job.pid)) return job;
  const during = job.status === "receiving" ? "while the files were being received" : "during the import";
  return {
    ...job,
    status: "failed",
    error: `interrupted: the ${job.status === "receiving" ? "web server" : "import process"} stopped ${during}; nothing from this upload was stored`,
  };
}

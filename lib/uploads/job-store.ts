import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { etlImportFiles } from "../db/schema";

/*
 * Upload jobs live in files, not in the database: the import holds SQLite's write lock from its
 * first row to its commit, so progress written to the database would be invisible until the end
 * (and rolled back with a refusal). One folder per job holds the received CSVs and job.json,
 * which is rewritten atomically (write + rename) so a reader never sees half a state.
 */

export const jobStatuses = ["receiving", "queued", "importing", "accepted", "refused", "failed", "cancelled", "skipped"] as const;
export type JobStatus = (typeof jobStatuses)[number];
const terminalStatuses: ReadonlySet<JobStatus> = new Set(["accepted", "refused", "failed", "cancelled", "skipped"]);

export const jobIdSchema = z.string().regex(/^[a-z0-9]{6,16}-[a-f0-9]{6}$/, "not an upload job id");

const uploadedFileSchema = z.object({
  fileName: z.string(),
  /** Name of the received copy inside the job folder; removed once the import has finished. */
  storedAs: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** Set when this exact file is what the stored data already holds (see etl/already-imported). */
  unchangedSince: z.object({ importId: z.number().int(), finishedAt: z.string().nullable() }).nullable(),
});

const fileProgressSchema = z.object({
  fileName: z.string(),
  kind: z.enum(etlImportFiles.fileKind.enumValues).nullable(),
  bytesRead: z.number(),
  sizeBytes: z.number(),
  rowsRead: z.number(),
});

export const jobSchema = z.object({
  id: jobIdSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  startedBy: z.string(),
  mode: z.enum(["merge", "replace"]),
  status: z.enum(jobStatuses),
  /** The process doing the job's work now: the web server while receiving, the worker while importing. */
  pid: z.number().int(),
  bytesExpected: z.number().int().nullable(),
  bytesReceived: z.number().int(),
  files: z.array(uploadedFileSchema),
  progress: z.object({
    phase: z.enum(["waiting", "reading", "validating", "merging", "building", "summarising", "done"]),
    files: z.array(fileProgressSchema),
    models: z.array(z.object({ name: z.string(), rows: z.number(), ms: z.number() })),
    modelCount: z.number().int(),
  }),
  importId: z.number().int().nullable(),
  error: z.string().nullable(),
  /** A plain-language note for the page, such as "already imported". */
  notice: z.string().nullable(),
});

export type UploadJob = z.infer<typeof jobSchema>;
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export function isTerminal(status: JobStatus): boolean {
  return terminalStatuses.has(status);
}

export function newJobId(now = new Date()): string {
  return `${now.getTime().toString(36)}-${randomBytes(3).toString("hex")}`;
}

export function jobDir(uploadDir: string, id: string): string {
  return path.join(uploadDir, jobIdSchema.parse(id));
}

export function writeJob(uploadDir: string, job: UploadJob): void {
  const dir = jobDir(uploadDir, job.id);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, "job.json");
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ ...job, updatedAt: new Date().toISOString() }));
  fs.renameSync(temp, target);
}

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

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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

export function blankProgress(modelCount: number): UploadJob["progress"] {
  return { phase: "waiting", files: [], models: [], modelCount };
}

/** Removes the received CSVs; job.json stays as the record of what happened. */
export function removeReceivedFiles(uploadDir: string, job: UploadJob): void {
  const dir = jobDir(uploadDir, job.id);
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith(".csv") || name.endsWith(".part")) fs.rmSync(path.join(dir, name), { force: true });
  }
}

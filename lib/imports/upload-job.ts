import path from "node:path";
import { z } from "zod";
import { fileKinds } from "./file-specs";

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
  /** Set when this exact file is what the stored data already holds. */
  unchangedSince: z.object({ importId: z.number().int(), finishedAt: z.string().nullable() }).nullable(),
});

const fileProgressSchema = z.object({
  fileName: z.string(),
  kind: z.enum(fileKinds).nullable(),
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

export function jobDir(uploadDir: string, id: string): string {
  return path.join(uploadDir, jobIdSchema.parse(id));
}

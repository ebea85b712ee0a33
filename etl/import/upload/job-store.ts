import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { jobDir, type UploadJob } from "../../../lib/imports/upload-job";

// The writes of an upload job's folder; its shape and reads are in lib (imports/upload-job.ts, queries/upload-jobs.ts).

export function newJobId(now = new Date()): string {
  return `${now.getTime().toString(36)}-${randomBytes(3).toString("hex")}`;
}

export function writeJob(uploadDir: string, job: UploadJob): void {
  const dir = jobDir(uploadDir, job.id);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, "job.json");
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ ...job, updatedAt: new Date().toISOString() }));
  fs.renameSync(temp, target);
}

export function blankProgress(modelCount: number): UploadJob["progress"] {
  return { phase: "waiting", files: [], models: [], modelCount };
}

const isReceivedFile = (name: string) => name.endsWith(".csv") || name.endsWith(".part");

export function hasReceivedFiles(uploadDir: string, job: UploadJob): boolean {
  return fs.readdirSync(jobDir(uploadDir, job.id)).some(isReceivedFile);
}

/** Removes the received CSVs; job.json stays as the record of what happened. */
export function removeReceivedFiles(uploadDir: string, job: UploadJob): void {
  const dir = jobDir(uploadDir, job.id);
  for (const name of fs.readdirSync(dir)) {
    if (isReceivedFile(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

import path from "node:path";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { tempDir } from "../../test-support";
import { isTerminal, type UploadJob } from "../../../lib/imports/upload-job";
import { readJob } from "../../../lib/queries/upload-jobs";
import { multipartBoundary, multipartChunks, multipartLength, type Part } from "./multipart-body";

/** Helpers for the upload tests: multipart requests streamed from disk, and waiting for a job. */

export type { Part };

/** A streamed multipart request, as the upload page sends it; `stopAfterBytes` cuts it off like a closed browser. */
export function uploadRequest(parts: Part[], options: { stopAfterBytes?: number; url?: string; headers?: Record<string, string> } = {}): Request {
  const body = Readable.toWeb(Readable.from(multipartChunks(parts, options))) as unknown as ReadableStream<Uint8Array>;
  return new Request(options.url ?? "http://localhost/api/uploads", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${multipartBoundary}`, "content-length": String(multipartLength(parts)), ...options.headers },
    body,
    duplex: "half",
  } as RequestInit);
}

export function fileParts(dir: string, names: string[]): Part[] {
  return names.map((name) => ({ name: "files", fileName: name, path: path.join(dir, name) }));
}

export async function waitForJob(uploadDir: string, jobId: string, timeoutMs = 60_000): Promise<UploadJob> {
  const started = Date.now();
  for (;;) {
    const job = readJob(uploadDir, jobId);
    if (job && isTerminal(job.status)) return job;
    if (Date.now() - started > timeoutMs) throw new Error(`job ${jobId} still ${job?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function uploadDirFor(): string {
  return path.join(tempDir("pi-upload-"), "uploads");
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  expect(typeof body).toBe("object");
  return body;
}

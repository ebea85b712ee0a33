import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { tempDir } from "../../etl/test-support";
import { readJob, isTerminal, type UploadJob } from "./job-store";

/** Helpers for the upload tests: multipart bodies streamed from disk, and waiting for a job. */

export type Part = { name: string; value: string } | { name: string; fileName: string; path?: string; content?: string | Buffer };

const boundary = "----pi-test-boundary-7MA4YWxkTrZu0gW";

async function* partsBody(parts: Part[], options: { stopAfterBytes?: number }): AsyncGenerator<Buffer> {
  let sent = 0;
  const emit = function* (chunk: Buffer): Generator<Buffer> {
    if (options.stopAfterBytes !== undefined && sent + chunk.length > options.stopAfterBytes) {
      yield chunk.subarray(0, options.stopAfterBytes - sent);
      throw new Error("client went away");
    }
    sent += chunk.length;
    yield chunk;
  };
  for (const part of parts) {
    if ("value" in part) {
      yield* emit(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
      continue;
    }
    yield* emit(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: text/csv\r\n\r\n`));
    if (part.path) {
      for await (const chunk of fs.createReadStream(part.path, { highWaterMark: 256 * 1024 })) yield* emit(chunk as Buffer);
    } else {
      yield* emit(Buffer.from(part.content ?? ""));
    }
    yield* emit(Buffer.from("\r\n"));
  }
  yield* emit(Buffer.from(`--${boundary}--\r\n`));
}

function partsLength(parts: Part[]): number {
  let total = 0;
  for (const part of parts) {
    if ("value" in part) total += Buffer.byteLength(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
    else {
      total += Buffer.byteLength(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: text/csv\r\n\r\n`);
      total += part.path ? fs.statSync(part.path).size : Buffer.byteLength(part.content ?? "");
      total += 2;
    }
  }
  return total + Buffer.byteLength(`--${boundary}--\r\n`);
}

/** A streamed multipart request, as the upload page sends it; `stopAfterBytes` cuts it off like a closed browser. */
export function uploadRequest(parts: Part[], options: { stopAfterBytes?: number; url?: string } = {}): Request {
  const body = Readable.toWeb(Readable.from(partsBody(parts, options))) as unknown as ReadableStream<Uint8Array>;
  return new Request(options.url ?? "http://localhost/api/uploads", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(partsLength(parts)) },
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

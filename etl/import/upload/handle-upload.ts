import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import Busboy, { type BusboyFileStream } from "@fastify/busboy";
import { z } from "zod";
import { getDb, type Db } from "../../../lib/db/client";
import { getAlreadyImportedFiles } from "../../../lib/queries/imports";
import { getUploadConfig, type UploadConfig } from "../../../lib/imports/upload-config";
import { formatSize } from "../../../lib/format";
import { blankProgress, newJobId, removeReceivedFiles, writeJob } from "./job-store";
import { jobDir, type UploadJob, type UploadedFile } from "../../../lib/imports/upload-job";
import { startImportWorker } from "./start-import";
import { acquireUploadLock, findRunningCliImport, releaseUploadLock } from "./upload-lock";

/*
 * POST /api/uploads: one multipart request carries the form fields (mode, confirmation, name,
 * declared sizes) and then one to four CSV files. Each file streams through a SHA-256 tap
 * straight into the job folder, so memory stays flat whatever the size. The import then runs in
 * a separate worker process (etl/import/upload/upload-worker.ts) with its own database connection.
 */

export type UploadDeps = {
  db?: Db;
  config?: UploadConfig;
  /** Starts the import of a received job; tests swap in an in-process runner. */
  startImport?: (uploadDir: string, job: UploadJob, dbFile: string) => void;
  /** The signed-in uploader; when given, the form's startedBy field is ignored. */
  startedBy?: string;
};

/** A refusal with a message for the person uploading; the job is recorded with it. */
class UploadRefusal extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
    readonly jobStatus: "refused" | "cancelled" = "refused",
  ) {
    super(message);
  }
}

const fieldsSchema = z.object({
  mode: z.enum(["merge", "replace"]).default("merge"),
  confirmReplace: z.string().optional(),
  startedBy: z.string().trim().min(1).max(80).optional(),
});

const declaredSizesSchema = z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })).max(16);

const mib = 1024 * 1024;

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

function cleanFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200);
  return base.length > 0 ? base : "unnamed.csv";
}

export async function handleUpload(request: Request, deps: UploadDeps = {}): Promise<Response> {
  const config = deps.config ?? getUploadConfig();
  const db = deps.db ?? getDb();
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return reply(415, { error: "Send the files as multipart/form-data (the upload page does this)." });
  }
  // Checked here, before the lock is taken: the multipart parser throws on a missing boundary.
  if (!/;\s*boundary=("?)[^";\s]+\1/i.test(contentType)) {
    return reply(400, { error: "The multipart/form-data body has no boundary in its Content-Type, so its parts cannot be read. Nothing was stored." });
  }
  // Refused from the header alone, before a byte of the body is read.
  const declaredLength = Number(request.headers.get("content-length") ?? Number.NaN);
  const maxBody = config.maxFiles * config.maxFileBytes + 64 * 1024;
  if (Number.isFinite(declaredLength) && declaredLength > maxBody) {
    return reply(413, {
      error: `The upload is ${formatSize(declaredLength)}; at most ${config.maxFiles} files of up to ${formatSize(config.maxFileBytes)} each are accepted. Nothing was stored.`,
    });
  }
  if (!request.body) return reply(400, { error: "The request has no body." });

  const cliImport = findRunningCliImport(db);
  if (cliImport) return reply(409, { error: cliImport.message });

  const now = new Date();
  const job: UploadJob = {
    id: newJobId(now),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    finishedAt: null,
    startedBy: deps.startedBy ?? "unknown",
    mode: "merge",
    status: "receiving",
    pid: process.pid,
    bytesExpected: Number.isFinite(declaredLength) ? declaredLength : null,
    bytesReceived: 0,
    files: [],
    progress: blankProgress(0),
    importId: null,
    error: null,
    notice: null,
  };
  // Receiving takes no lock: a slow or stalled sender delays nobody. Only the import holds it.
  let holdsLock = false;
  let handedOver = false;
  try {
    writeJob(config.uploadDir, job);
    const fields = await receiveParts(request, contentType, job, config, deps.startedBy === undefined);
    const parsed = fieldsSchema.safeParse(fields);
    if (!parsed.success) throw new UploadRefusal(400, `The form is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    job.mode = parsed.data.mode;
    if (deps.startedBy === undefined) job.startedBy = parsed.data.startedBy ?? job.startedBy;
    if (job.mode === "replace" && parsed.data.confirmReplace !== "replace") {
      throw new UploadRefusal(400, "A full replace removes every stored row that is not in the new files, so it needs to be confirmed. Nothing was imported.");
    }
    if (job.files.length === 0) throw new UploadRefusal(400, "No files arrived: choose one to four CSV extracts.");

    const already = getAlreadyImportedFiles(db, job.files.map((f) => f.sha256), job.mode);
    for (const file of job.files) {
      const match = already.get(file.sha256);
      file.unchangedSince = match ? { importId: match.importId, finishedAt: match.finishedAt } : null;
    }
    const unchanged = job.files.filter((f) => f.unchangedSince);
    if (unchanged.length === job.files.length) {
      const ids = [...new Set(unchanged.map((f) => `#${f.unchangedSince!.importId}`))].join(", ");
      job.status = "skipped";
      job.finishedAt = new Date().toISOString();
      job.notice = `${job.files.length === 1 ? "This file was" : `All ${job.files.length} files were`} already imported (import ${ids}) and nothing has changed them since, so importing again would change nothing. Nothing was imported.`;
      finishWithoutImport(config.uploadDir, job);
      return reply(200, { jobId: job.id, status: job.status, notice: job.notice });
    }
    if (unchanged.length > 0) {
      job.notice = `${unchanged.map((f) => `${f.fileName} was already imported (import #${f.unchangedSince!.importId})`).join("; ")}. It is imported again with the other files and its rows stay as they are.`;
    }
    const busy = acquireUploadLock(config.uploadDir, job.id);
    if (busy) {
      Object.assign(job, { status: "refused", error: busy.message, finishedAt: new Date().toISOString() });
      finishWithoutImport(config.uploadDir, job);
      // The id is the running import's, so the page can link to its progress.
      return reply(409, { error: busy.message, jobId: busy.jobId });
    }
    holdsLock = true;
    job.status = "queued";
    writeJob(config.uploadDir, job);
    (deps.startImport ?? startImportWorker)(config.uploadDir, job, db.$client.name);
    handedOver = true;
    return reply(202, { jobId: job.id, status: job.status, notice: job.notice });
  } catch (error) {
    if (error instanceof UploadRefusal) {
      job.status = error.jobStatus;
      job.error = error.message;
      job.finishedAt = new Date().toISOString();
      finishWithoutImport(config.uploadDir, job);
      return reply(error.httpStatus, { jobId: job.id, status: job.status, error: error.message });
    }
    job.status = "failed";
    job.error = `the upload failed: ${error instanceof Error ? error.message : String(error)}`;
    job.finishedAt = new Date().toISOString();
    finishWithoutImport(config.uploadDir, job);
    throw error;
  } finally {
    if (holdsLock && !handedOver) releaseUploadLock(config.uploadDir, job.id);
  }
}

function finishWithoutImport(uploadDir: string, job: UploadJob): void {
  writeJob(uploadDir, job);
  removeReceivedFiles(uploadDir, job);
}

/**
 * Streams the multipart body to disk. Resolves with the text fields once every file is
 * fully written; rejects with an UploadRefusal for a size over the limit or a body that
 * stopped early (the browser was closed or the connection dropped).
 */
async function receiveParts(request: Request, contentType: string, job: UploadJob, config: UploadConfig, isNameFromForm: boolean): Promise<Record<string, string>> {
  const dir = jobDir(config.uploadDir, job.id);
  const fields: Record<string, string> = {};
  const writes: Promise<void>[] = [];
  const openStreams = new Set<BusboyFileStream>();
  const source = Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);
  let failure: UploadRefusal | undefined;
  const fail = (refusal: UploadRefusal) => {
    failure ??= refusal;
    // Stop reading the body at once: an oversized file is never read to its end.
    source.destroy(failure);
    for (const s of openStreams) s.destroy(failure);
  };
  let lastWrite = 0;
  const noteBytes = (n: number) => {
    job.bytesReceived += n;
    const now = Date.now();
    if (now - lastWrite > 500) {
      lastWrite = now;
      writeJob(config.uploadDir, job);
    }
  };

  const busboy = Busboy({
    headers: { "content-type": contentType },
    highWaterMark: mib,
    fileHwm: mib,
    limits: { files: config.maxFiles, fileSize: config.maxFileBytes, fields: 10, fieldSize: 64 * 1024, parts: config.maxFiles + 10 },
  });
  busboy.on("field", (name, value) => {
    fields[name] = value;
    // Shown to anyone who finds the lock taken while this upload is still arriving.
    if (isNameFromForm && name === "startedBy" && value.trim().length > 0) job.startedBy = value.trim().slice(0, 80);
    if (name === "sizes") {
      // The page declares each file's size first, so an oversized file is refused before any of it is sent on.
      const declared = declaredSizesSchema.safeParse(safeJson(value));
      const tooBig = declared.success ? declared.data.find((f) => f.size > config.maxFileBytes) : undefined;
      if (tooBig) fail(new UploadRefusal(413, `${cleanFileName(tooBig.name)} is ${formatSize(tooBig.size)}, over the ${formatSize(config.maxFileBytes)} limit for one file. Nothing was stored.`));
    }
  });
  busboy.on("filesLimit", () => fail(new UploadRefusal(400, `At most ${config.maxFiles} files can be imported at once. Nothing was stored.`)));
  busboy.on("file", (_field, stream, filename) => {
    if (failure) {
      stream.resume();
      return;
    }
    const entry: UploadedFile = { fileName: cleanFileName(filename), storedAs: `${job.files.length + 1}.csv`, sizeBytes: 0, sha256: "", unchangedSince: null };
    job.files.push(entry);
    openStreams.add(stream);
    const hash = createHash("sha256");
    const partPath = path.join(dir, `${entry.storedAs}.part`);
    stream.on("limit", () =>
      fail(new UploadRefusal(413, `${entry.fileName} is larger than the ${formatSize(config.maxFileBytes)} limit for one file; the upload was stopped there. Nothing was stored.`)),
    );
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        entry.sizeBytes += chunk.length;
        noteBytes(chunk.length);
        callback(null, chunk);
      },
    });
    // Opened here, not by the stream: a stream that opens its file later could create it after a
    // dropped upload's files were already removed.
    const out = fs.createWriteStream(partPath, { fd: fs.openSync(partPath, "w") });
    const write = pipeline(stream, tap, out).then(() => {
      openStreams.delete(stream);
      if (failure) return;
      entry.sha256 = hash.digest("hex");
      fs.renameSync(partPath, path.join(dir, entry.storedAs));
    });
    // Awaited only once the body has been read; a write that fails before then (a refusal
    // destroys the file streams) must not count as an unhandled rejection in the meantime.
    write.catch(() => undefined);
    writes.push(write);
  });

  // A sender that stops mid-body would otherwise keep its half-received files until Node drops
  // the socket, minutes later.
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      const seconds = config.idleTimeoutMs / 1000;
      fail(new UploadRefusal(408, `Nothing arrived for ${seconds} seconds after ${formatSize(job.bytesReceived)}, so the upload was dropped. Nothing was imported.`, "cancelled"));
    }, config.idleTimeoutMs);
  };
  const idleWatch = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      armIdle();
      callback(null, chunk);
    },
  });
  armIdle();
  try {
    await pipeline(source, idleWatch, busboy);
    await Promise.all(writes);
  } catch (error) {
    for (const s of openStreams) s.destroy(failure ?? (error as Error));
    await Promise.allSettled(writes);
    if (failure) throw failure;
    const received = formatSize(job.bytesReceived);
    const expected = job.bytesExpected ? ` of ${formatSize(job.bytesExpected)}` : "";
    throw new UploadRefusal(
      400,
      `The upload stopped after ${received}${expected} (the browser was closed or the connection dropped: ${(error as Error).message}). Nothing was imported.`,
      "cancelled",
    );
  }
  finally {
    clearTimeout(idle);
  }
  if (failure) throw failure;
  writeJob(config.uploadDir, job);
  return fields;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

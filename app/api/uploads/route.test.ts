import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fileKinds, fileSpecs } from "@/lib/imports/file-specs";
import { importExtracts } from "@/etl/import/import-extracts";
import { dataFingerprint, realExtractsDir, tableCounts, tempDb, tempDir, writeFixture } from "@/etl/test-support";
import { runUploadJob } from "@/etl/import/upload/upload-worker";
import { openDb, type Db } from "@/lib/db/client";
import { getImport } from "@/lib/queries/imports";
import { getUploadConfig, type UploadConfig } from "@/lib/imports/upload-config";
import { handleUpload } from "@/etl/import/upload/handle-upload";
import { listJobs, readJob } from "@/lib/queries/upload-jobs";
import { writeJob } from "@/etl/import/upload/job-store";
import { settleEndedJob, sweepEndedJobs } from "@/etl/import/upload/start-import";
import { signInCookie } from "@/lib/auth/test-support";
import { fileParts, json, uploadDirFor, uploadRequest, waitForJob, type Part } from "@/etl/import/upload/test-support";

const realNames = fileKinds.map((k) => fileSpecs[k].fileName);
const header = Object.fromEntries(fileKinds.map((k) => [k, fileSpecs[k].columns.join(",")])) as Record<(typeof fileKinds)[number], string>;

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

/** A fresh database (optionally loaded with the real extracts) and upload folder; the worker finds the database through the environment. */
async function setup(options: { loaded?: boolean; config?: Partial<UploadConfig> } = {}) {
  const { db, file } = tempDb();
  opened.push(db);
  process.env.DATABASE_PATH = file;
  if (options.loaded) {
    const result = await importExtracts(db, realNames.map((n) => ({ path: path.join(realExtractsDir, n) })), { source: "cli" });
    expect(result.status).toBe("accepted");
  }
  const config = getUploadConfig({ uploadDir: uploadDirFor(), ...options.config });
  return { db, file, config };
}

async function upload(ctx: { db: Db; config: UploadConfig }, parts: Part[], options: { stopAfterBytes?: number } = {}) {
  const response = await handleUpload(uploadRequest(parts, options), { db: ctx.db, config: ctx.config });
  const body = await json(response);
  return { status: response.status, body, jobId: body.jobId as string };
}

function importCount(db: Db): number {
  return db.$client.prepare(`select count(*) from etl_imports`).pluck().get() as number;
}

describe("POST /api/uploads", () => {
  it("streams the real extracts to disk, imports them with the ETL in a worker process and records the result", async () => {
    const ctx = await setup();
    const { status, jobId } = await upload(ctx, [{ name: "startedBy", value: "Dana" }, ...fileParts(realExtractsDir, realNames)]);
    expect(status).toBe(202);
    const job = await waitForJob(ctx.config.uploadDir, jobId);
    expect(job).toMatchObject({ status: "accepted", startedBy: "Dana", error: null });
    expect(tableCounts(ctx.db)).toMatchObject({ stg_accounts: 200, stg_skus: 100, stg_invoices: 9685, stg_invoice_line_items: 53481 });
    expect(job.progress.files.map((f) => [f.fileName, f.rowsRead])).toEqual([
      ["accounts.csv", 200],
      ["skus.csv", 100],
      ["invoices.csv", 9685],
      ["invoice_line_items.csv", 53481],
    ]);
    expect(job.progress.models.length).toBe(job.progress.modelCount);
    // The worker is another process, as the ETL requires its own connection.
    expect(job.pid).not.toBe(process.pid);

    const detail = getImport(job.importId!, ctx.db)!;
    expect(detail).toMatchObject({ source: "upload", status: "accepted", startedBy: "Dana" });
    const sha = (name: string) => job.files.find((f) => f.fileName === name)!.sha256;
    for (const f of detail.files) {
      expect(f.sha256).toBe(sha(f.fileName));
      expect(f.sizeBytes).toBe(fs.statSync(path.join(realExtractsDir, f.fileName)).size);
    }
    expect(detail.summary?.tables.find((t) => t.kind === "invoices")).toEqual({ kind: "invoices", before: 0, after: 9685, added: 9685, changed: 0, removed: 0 });
    // Received copies are removed once imported; job.json stays as the record.
    expect(fs.readdirSync(path.join(ctx.config.uploadDir, jobId))).toEqual(["job.json"]);
  });

  it("says a file was already imported and changes nothing when the same files come again", async () => {
    const ctx = await setup();
    const first = await upload(ctx, fileParts(realExtractsDir, realNames));
    await waitForJob(ctx.config.uploadDir, first.jobId);
    const before = dataFingerprint(ctx.db);
    const imports = importCount(ctx.db);

    const again = await upload(ctx, fileParts(realExtractsDir, ["invoices.csv", "accounts.csv"]));
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("skipped");
    expect(again.body.notice).toMatch(/All 2 files were already imported \(import #1\).*Nothing was imported/);
    expect(dataFingerprint(ctx.db)).toBe(before);
    expect(importCount(ctx.db)).toBe(imports);
  });

  it("imports an already-imported file again once a later import has loaded another version of it", async () => {
    const ctx = await setup();
    const dir = writeFixture({ "accounts.csv": [header.accounts.split(","), [1, "Acme", "x", "Ann", "1", "F", "2020-01-01"]] });
    const v1 = path.join(dir, "accounts.csv");
    const v2dir = writeFixture({ "accounts.csv": [header.accounts.split(","), [1, "Acme Ltd", "x", "Ann", "1", "F", "2020-01-01"]] });
    for (const source of [dir, v2dir]) {
      const r = await upload(ctx, fileParts(source, ["accounts.csv"]));
      expect((await waitForJob(ctx.config.uploadDir, r.jobId)).status).toBe("accepted");
    }
    const back = await upload(ctx, [{ name: "files", fileName: "accounts.csv", path: v1 }]);
    expect(back.status).toBe(202);
    expect((await waitForJob(ctx.config.uploadDir, back.jobId)).status).toBe("accepted");
    expect(ctx.db.$client.prepare(`select company_name from stg_accounts`).pluck().get()).toBe("Acme");
  });

  it("drops a sender that stops sending, without delaying anyone, and deletes what it sent", async () => {
    const ctx = await setup({ config: { idleTimeoutMs: 1000 } });
    // A real HTTP server and a real socket that sends part of a file, then nothing.
    const server = http.createServer(async (req, res) => {
      const request = new Request(`http://localhost${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit);
      const response = await handleUpload(request, { db: ctx.db, config: ctx.config });
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = net.connect(port, "127.0.0.1");
      const answer = new Promise<string>((res) => {
        let text = "";
        socket.on("data", (d) => (text += d));
        socket.on("end", () => res(text));
        socket.on("close", () => res(text));
      });
      const part = `--b\r\nContent-Disposition: form-data; name="startedBy"\r\n\r\nAlex\r\n--b\r\nContent-Disposition: form-data; name="files"; filename="skus.csv"\r\n\r\n${header.skus}\n`;
      socket.write(`POST /api/uploads HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n${part}`);
      await new Promise((res) => setTimeout(res, 200));

      // Meanwhile another upload goes through: receiving holds no lock.
      const other = await upload(ctx, fileParts(realExtractsDir, ["skus.csv"]));
      expect(other.status).toBe(202);
      expect((await waitForJob(ctx.config.uploadDir, other.jobId)).status).toBe("accepted");

      const reply = await answer;
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
      const stalledId = /"jobId":"([^"]+)"/.exec(reply)![1]!;
      expect(readJob(ctx.config.uploadDir, stalledId)).toMatchObject({ status: "cancelled", error: expect.stringMatching(/^Nothing arrived for 1 seconds after /) });
      expect(fs.readdirSync(path.join(ctx.config.uploadDir, stalledId))).toEqual(["job.json"]);
      socket.destroy();
    } finally {
      server.close();
    }
  });

  it("refuses a second upload while one is being imported, naming who started it", async () => {
    const ctx = await setup();
    // The first upload's import never starts, so its job stays queued and holds the lock.
    const first = await handleUpload(uploadRequest([{ name: "startedBy", value: "Alex" }, ...fileParts(realExtractsDir, ["skus.csv"])]), {
      db: ctx.db,
      config: ctx.config,
      startImport: () => {},
    });
    expect(first.status).toBe(202);
    const firstId = (await json(first)).jobId as string;
    const second = await upload(ctx, fileParts(realExtractsDir, ["accounts.csv"]));
    expect(second.status).toBe(409);
    expect(second.body.error).toMatch(/Another upload \(started .* by Alex\) is about to be imported\. Only one import runs at a time/);
    expect(second.body.jobId).toBe(firstId);
    // The refused upload keeps none of its files.
    const refused = listJobs(ctx.config.uploadDir).find((j) => j.status === "refused")!;
    expect(fs.readdirSync(path.join(ctx.config.uploadDir, refused.id))).toEqual(["job.json"]);
  });

  it("refuses an upload while a command-line import runs", async () => {
    const ctx = await setup();
    // A live process stands in for the CLI.
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      ctx.db.$client
        .prepare(`insert into etl_imports (source, mode, status, max_reject_rate, pid, started_by) values ('cli', 'merge', 'running', 0.01, ?, 'ops')`)
        .run(sleeper.pid);
      const r = await upload(ctx, fileParts(realExtractsDir, ["skus.csv"]));
      expect(r.status).toBe(409);
      expect(r.body.error).toMatch(/Import #1 .* by ops from the command line\) is running/);
    } finally {
      sleeper.kill();
    }
  });

  it("takes over the lock of a job whose server died while receiving", async () => {
    const ctx = await setup();
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.on("exit", r));
    const stale = { id: "zzzzzz-abcdef", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", finishedAt: null, startedBy: "x", mode: "merge" as const, status: "receiving" as const, pid: dead.pid!, bytesExpected: null, bytesReceived: 0, files: [], progress: { phase: "waiting" as const, files: [], models: [], modelCount: 0 }, importId: null, error: null, notice: null };
    writeJob(ctx.config.uploadDir, stale);
    fs.writeFileSync(path.join(ctx.config.uploadDir, "active.lock"), stale.id);
    expect(readJob(ctx.config.uploadDir, stale.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/^interrupted: the web server stopped/) });
    const r = await upload(ctx, fileParts(realExtractsDir, ["accounts.csv"]));
    expect(r.status).toBe(202);
    await waitForJob(ctx.config.uploadDir, r.jobId);
  });

  it("needs a confirmation for a full replace", async () => {
    const ctx = await setup({ loaded: true });
    const before = dataFingerprint(ctx.db);
    const r = await upload(ctx, [{ name: "mode", value: "replace" }, ...fileParts(realExtractsDir, ["accounts.csv"])]);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/needs to be confirmed/);
    expect(dataFingerprint(ctx.db)).toBe(before);
  });

  it("goes through the exported route handler, as a signed-in admin from the app's own origin, recording them as the uploader", async () => {
    const ctx = await setup();
    process.env.UPLOAD_DIR = ctx.config.uploadDir;
    const origin = "http://localhost:3000";
    Object.assign(process.env, { BETTER_AUTH_URL: origin, BETTER_AUTH_SECRET: "a-test-secret-that-is-long-enough-for-better-auth" });
    // The route reads through the process's own handles, opened from the environment, which is
    // parsed once per module load: load the route afresh so its handles open this test's database.
    const processDb = globalThis as { paymentInsightsDb?: { $client: { close(): void } }; paymentInsightsAuth?: unknown };
    delete processDb.paymentInsightsDb;
    delete processDb.paymentInsightsAuth;
    vi.resetModules();
    try {
      const { POST } = await import("./route");
      const { getAuth } = await import("@/lib/auth/server");
      await getAuth().api.createUser({ body: { email: "dana@example.com", password: "dana-password-1", name: "Dana", role: "admin" } });
      const cookie = await signInCookie((r) => getAuth().handler(r), "dana@example.com", "dana-password-1");
      const parts = [{ name: "startedBy", value: "Someone Else" }, ...fileParts(realExtractsDir, ["accounts.csv", "skus.csv"])];

      expect((await POST(uploadRequest(parts, { headers: { origin } }))).status).toBe(401);
      expect((await POST(uploadRequest(parts, { headers: { cookie } }))).status).toBe(403);
      expect((await POST(uploadRequest(parts, { headers: { cookie, origin: "http://evil.example" } }))).status).toBe(403);
      expect(listJobs(ctx.config.uploadDir)).toEqual([]);

      const response = await POST(uploadRequest(parts, { headers: { cookie, origin } }));
      expect(response.status).toBe(202);
      const { jobId } = (await response.json()) as { jobId: string };
      const job = await waitForJob(ctx.config.uploadDir, jobId);
      expect(job).toMatchObject({ status: "accepted", startedBy: "Dana <dana@example.com>" });
      expect(getImport(job.importId!, ctx.db)?.startedBy).toBe("Dana <dana@example.com>");
      expect(tableCounts(ctx.db).stg_accounts).toBe(200);
    } finally {
      delete process.env.UPLOAD_DIR;
      // Re-read: the compiler still thinks of the handle as the one deleted above.
      (globalThis as typeof processDb).paymentInsightsDb?.$client.close();
      delete processDb.paymentInsightsDb;
      delete processDb.paymentInsightsAuth;
    }
  });
});

describe("bad input leaves the stored data exactly as it was", () => {
  const realAccounts = () => fs.readFileSync(path.join(realExtractsDir, "accounts.csv"), "utf8");

  const cases: { name: string; file: string; content: () => string | Buffer; expected: RegExp }[] = [
    { name: "an empty file", file: "accounts.csv", content: () => "", expected: /accounts\.csv: is empty/ },
    { name: "a header only", file: "skus.csv", content: () => `${header.skus}\n`, expected: /skus\.csv: has a header but no data rows/ },
    {
      name: "a missing column",
      file: "invoices.csv",
      content: () => "invoice_id,account_id,date_issued\n1,1,2021-01-01\n",
      expected: /invoices\.csv line 1: is not one of the four extracts/,
    },
    { name: "wrong columns", file: "people.csv", content: () => "name,age\nAnn,3\n", expected: /people\.csv line 1: is not one of the four extracts: its header \(name, age\)/ },
    { name: "binary garbage", file: "accounts.csv", content: () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x42, 0x99]), expected: /binary data \(NUL bytes\), not CSV text/ },
    { name: "a spreadsheet saved as .xlsx", file: "accounts.xlsx", content: () => Buffer.from("PK\u0003\u0004\u0014\u0000\u0006\u0000rest-of-zip"), expected: /ZIP archive \(an \.xlsx spreadsheet\?\)/ },
    {
      name: "a truncated last line",
      file: "accounts.csv",
      content: () => realAccounts().slice(0, realAccounts().lastIndexOf(",")),
      expected: /accounts\.csv line 400: the last line has 6 of 7 fields, so the file looks cut off \(truncated\)/,
    },
    {
      name: "an unterminated quote",
      file: "accounts.csv",
      content: () => `${header.accounts}\n1,Acme,"1 Main St\nSpringfield,Ann,555,F,2020-01-01\n2,Bolt,x,Bob,1,M,2020-01-01\n`,
      expected: /accounts\.csv line 2: a quoted field is never closed/,
    },
    {
      name: "Latin-1 text with non-ASCII names",
      file: "accounts.csv",
      content: () => Buffer.from(`${header.accounts}\n1,Acme,x,Ann,1,F,2020-01-01\n2,Caf\u00e9 Ren\u00e9,x,Bob,1,M,2020-01-01\n`, "latin1"),
      expected: /accounts\.csv line 3: is not valid UTF-8 text; it looks like Latin-1/,
    },
    {
      name: "too many rejected rows",
      file: "invoices.csv",
      content: () => `${header.invoices}\n1,1,2021-01-01,\n2,1,not-a-date,\n3,1,2021-01-01,\n`,
      expected: /invoices\.csv: 1 of 3 rows rejected \(33\.33%\), more than the 1\.00% allowed; nothing was imported/,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with a message naming the file`, async () => {
      const ctx = await setup({ loaded: true });
      const before = dataFingerprint(ctx.db);
      const r = await upload(ctx, [{ name: "files", fileName: c.file, content: c.content() }]);
      expect(r.status).toBe(202);
      const job = await waitForJob(ctx.config.uploadDir, r.jobId);
      expect(job.status).toBe("refused");
      expect(job.error).toMatch(c.expected);
      expect(dataFingerprint(ctx.db)).toBe(before);
      expect(getImport(job.importId!, ctx.db)).toMatchObject({ status: "refused", source: "upload", error: job.error });
    });
  }

  it("rejects a line of several megabytes, naming its line, and keeps the rest of the data unchanged", async () => {
    const ctx = await setup({ loaded: true });
    const before = dataFingerprint(ctx.db);
    const huge = `${header.invoices}\n1,1,2021-01-01,\n2,${"9".repeat(6 * 1024 * 1024)},2021-01-01,\n`;
    const r = await upload(ctx, [{ name: "files", fileName: "invoices.csv", content: huge }]);
    const job = await waitForJob(ctx.config.uploadDir, r.jobId);
    expect(job.status).toBe("refused");
    expect(job.error).toMatch(/invoices\.csv: 1 of 2 rows rejected/);
    const reject = ctx.db.$client.prepare(`select line, "column", length(value) as length from etl_rejects where import_id = ?`).get(job.importId);
    expect(reject).toEqual({ line: 3, column: "account_id", length: 200 });
    expect(dataFingerprint(ctx.db)).toBe(before);
  });

  it("refuses a file over the size limit from its declared size, before reading it", async () => {
    const ctx = await setup({ loaded: true, config: { maxFileBytes: 300_000 } });
    const before = dataFingerprint(ctx.db);
    const size = fs.statSync(path.join(realExtractsDir, "invoice_line_items.csv")).size;
    const r = await upload(ctx, [{ name: "sizes", value: JSON.stringify([{ name: "invoice_line_items.csv", size }]) }, ...fileParts(realExtractsDir, ["invoice_line_items.csv"])]);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/invoice_line_items\.csv is 1\.1 MB, over the 293 KB limit for one file\. Nothing was stored\./);
    const job = readJob(ctx.config.uploadDir, r.jobId)!;
    expect(job.bytesReceived).toBe(0);
    expect(dataFingerprint(ctx.db)).toBe(before);
  });

  it("stops reading an oversized file at the limit when no size was declared, leaving no promise rejected unhandled", async () => {
    const ctx = await setup({ loaded: true, config: { maxFileBytes: 300_000 } });
    const before = dataFingerprint(ctx.db);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const r = await upload(ctx, fileParts(realExtractsDir, ["invoice_line_items.csv"])).finally(async () => {
      // Node reports an unhandled rejection once the microtasks drain: give it a turn of the loop.
      await new Promise((resolve) => setImmediate(resolve));
      process.off("unhandledRejection", onUnhandled);
    });
    expect(unhandled).toEqual([]);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/invoice_line_items\.csv is larger than the 293 KB limit/);
    expect(readJob(ctx.config.uploadDir, r.jobId)!.bytesReceived).toBeLessThan(600_000);
    expect(fs.readdirSync(path.join(ctx.config.uploadDir, r.jobId))).toEqual(["job.json"]);
    expect(dataFingerprint(ctx.db)).toBe(before);
  });

  it("refuses a whole request over the limit from its Content-Length alone", async () => {
    const ctx = await setup({ config: { maxFileBytes: 1000, maxFiles: 4 } });
    const r = await upload(ctx, fileParts(realExtractsDir, ["invoice_line_items.csv"]));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/at most 4 files of up to 1000 bytes each/);
  });

  it("answers a multipart body without a boundary with a 400 and keeps uploads open", async () => {
    const ctx = await setup();
    const response = await handleUpload(
      new Request("http://localhost/api/uploads", { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "--x--" }),
      { db: ctx.db, config: ctx.config },
    );
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatch(/boundary/);
    const next = await upload(ctx, fileParts(realExtractsDir, ["skus.csv"]));
    expect(next.status).toBe(202);
  });

  it("keeps nothing of an upload whose browser was closed halfway", async () => {
    const ctx = await setup({ loaded: true });
    const before = dataFingerprint(ctx.db);
    const r = await upload(ctx, fileParts(realExtractsDir, ["invoices.csv", "invoice_line_items.csv"]), { stopAfterBytes: 500_000 });
    expect(r.status).toBe(400);
    const job = readJob(ctx.config.uploadDir, r.jobId)!;
    expect(job.status).toBe("cancelled");
    expect(job.error).toMatch(/The upload stopped after 488 KB of 1\.3 MB \(the browser was closed or the connection dropped/);
    expect(fs.readdirSync(path.join(ctx.config.uploadDir, r.jobId))).toEqual(["job.json"]);
    expect(dataFingerprint(ctx.db)).toBe(before);
    // The lock went with it.
    const next = await upload(ctx, [{ name: "files", fileName: "skus.csv", content: `${header.skus}\n0-00-000000-X,Widget,w,1.00,2.50\n` }]);
    expect(next.status).toBe(202);
    expect((await waitForJob(ctx.config.uploadDir, next.jobId)).status).toBe("accepted");
  });

  it("reports an import that committed before its worker was killed as accepted, with its summary missing", async () => {
    const ctx = await setup({ loaded: true });
    const r = await upload(ctx, [{ name: "files", fileName: "skus.csv", content: `${header.skus}\n0-00-000000-X,Widget,w,1.00,2.50\n` }]);
    const done = await waitForJob(ctx.config.uploadDir, r.jobId);
    expect(done.status).toBe("accepted");
    // The state a SIGKILL while summarising leaves: committed in etl_imports, no summary, the job file mid-import.
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((res) => dead.on("exit", res));
    ctx.db.$client.prepare(`delete from etl_import_summaries where import_id = ?`).run(done.importId);
    const killed = { ...done, status: "importing" as const, pid: dead.pid!, finishedAt: null, progress: { ...done.progress, phase: "summarising" as const } };
    writeJob(ctx.config.uploadDir, killed);
    expect(readJob(ctx.config.uploadDir, r.jobId, { db: ctx.db })).toMatchObject({
      status: "accepted",
      importId: done.importId,
      error: null,
      notice: expect.stringMatching(/^The import was stored, but the import process stopped before it finished: its data-quality summary was never written\.$/),
    });
    // Killed before the worker wrote the import's id down: found by the worker's pid instead.
    ctx.db.$client.prepare(`update etl_imports set pid = ? where import_id = ?`).run(dead.pid, done.importId);
    writeJob(ctx.config.uploadDir, { ...killed, importId: null });
    expect(readJob(ctx.config.uploadDir, r.jobId, { db: ctx.db })).toMatchObject({ status: "accepted", importId: done.importId });
    // What the server records when it sees the worker exit.
    settleEndedJob(ctx.config.uploadDir, r.jobId, "the import process was stopped by SIGKILL before it finished", ctx.db);
    expect(readJob(ctx.config.uploadDir, r.jobId, { asStored: true })).toMatchObject({ status: "accepted", importId: done.importId });
  });

  it("sweeps what stopped processes left behind, and leaves a live upload alone", async () => {
    const ctx = await setup();
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((res) => dead.on("exit", res));
    const job = (id: string, status: "receiving" | "importing" | "accepted", pid: number) => {
      const stored = { id, createdAt: new Date().toISOString(), updatedAt: "", finishedAt: null, startedBy: "x", mode: "merge" as const, status, pid, bytesExpected: null, bytesReceived: 0, files: [], progress: { phase: "waiting" as const, files: [], models: [], modelCount: 0 }, importId: null, error: null, notice: null };
      writeJob(ctx.config.uploadDir, stored);
      fs.writeFileSync(path.join(ctx.config.uploadDir, id, "1.csv"), "customer data");
      fs.writeFileSync(path.join(ctx.config.uploadDir, id, "2.csv.part"), "customer da");
    };
    job("aaaaaa-000001", "receiving", dead.pid!);
    job("aaaaaa-000002", "importing", dead.pid!);
    job("aaaaaa-000003", "accepted", dead.pid!);
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      job("aaaaaa-000004", "importing", sleeper.pid!);
      expect(sweepEndedJobs(ctx.config.uploadDir, ctx.db)).toBe(3);
      const left = (id: string) => fs.readdirSync(path.join(ctx.config.uploadDir, id)).sort();
      for (const id of ["aaaaaa-000001", "aaaaaa-000002", "aaaaaa-000003"]) expect(left(id)).toEqual(["job.json"]);
      expect(left("aaaaaa-000004")).toEqual(["1.csv", "2.csv.part", "job.json"]);
      expect(readJob(ctx.config.uploadDir, "aaaaaa-000002", { asStored: true })).toMatchObject({ status: "failed", error: expect.stringMatching(/^interrupted: /) });
      expect(sweepEndedJobs(ctx.config.uploadDir, ctx.db)).toBe(0);
    } finally {
      sleeper.kill();
    }
  });

  it("keeps nothing of an import whose process was killed, and says so", async () => {
    const ctx = await setup({ loaded: true });
    const before = dataFingerprint(ctx.db);
    const dir = tempDir();
    // Big enough that the worker is still reading when it is killed.
    const { generateExtracts } = await import("@/etl/generate/generate-extracts");
    await generateExtracts({ outDir: dir, scale: 5, seed: 3, end: "2021-05-12" });
    const r = await upload(ctx, fileParts(dir, ["invoices.csv", "invoice_line_items.csv"]));
    expect(r.status).toBe(202);
    let job = readJob(ctx.config.uploadDir, r.jobId)!;
    while (job.status !== "importing" || job.progress.phase !== "reading") {
      await new Promise((res) => setTimeout(res, 20));
      job = readJob(ctx.config.uploadDir, r.jobId)!;
    }
    process.kill(job.pid, "SIGKILL");
    job = await waitForJob(ctx.config.uploadDir, r.jobId);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/the import process was stopped by SIGKILL before it finished; nothing from this upload was stored/);
    expect(dataFingerprint(ctx.db)).toBe(before);
    // The server saw the worker exit: it recorded the outcome and deleted the received files.
    while (!["failed"].includes(readJob(ctx.config.uploadDir, r.jobId, { asStored: true })!.status)) await new Promise((res) => setTimeout(res, 20));
    expect(fs.readdirSync(path.join(ctx.config.uploadDir, r.jobId))).toEqual(["job.json"]);
    // Its log row reads as interrupted, and the next import goes ahead.
    const logged = ctx.db.$client.prepare(`select import_id from etl_imports where source = 'upload'`).pluck().get() as number;
    expect(getImport(logged, ctx.db)?.status).toBe("interrupted");
    const next = await upload(ctx, [{ name: "files", fileName: "invoices.csv", content: `${header.invoices}\n900001,1,2021-05-01,\n` }]);
    expect((await waitForJob(ctx.config.uploadDir, next.jobId)).status).toBe("accepted");
    expect(ctx.db.$client.prepare(`select status, error from etl_imports where import_id = ?`).get(logged)).toEqual({
      status: "failed",
      error: expect.stringMatching(/^interrupted/),
    });
  });
});

describe("while an import runs", () => {
  it("the dashboard's connection keeps reading the previous data until the import commits", async () => {
    const ctx = await setup({ loaded: true });
    const dashboard = openDb(ctx.file);
    opened.push(dashboard);
    const invoices = () => dashboard.$client.prepare(`select count(*) from mart_invoice_features`).pluck().get() as number;
    const before = invoices();
    const dir = writeFixture({ "invoices.csv": [header.invoices.split(","), [900001, 1, "2021-05-01", ""], [900002, 2, "2021-05-02", ""]] });
    const seen: number[] = [];
    const worker = openDb(ctx.file);
    opened.push(worker);
    const response = await handleUpload(uploadRequest(fileParts(dir, ["invoices.csv"])), {
      db: ctx.db,
      config: ctx.config,
      // In-process, so the test can look at the dashboard between the import's steps.
      startImport: (uploadDir, job) => void runUploadJob(uploadDir, job.id, { db: worker, onProgress: (e) => e.phase === "building" && seen.push(invoices()) }),
    });
    const { jobId } = (await response.json()) as { jobId: string };
    const job = await waitForJob(ctx.config.uploadDir, jobId);
    expect(job.status).toBe("accepted");
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([before]));
    expect(invoices()).toBe(before + 2);
  });
});

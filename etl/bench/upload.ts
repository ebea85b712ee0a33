import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { jobSchema, type UploadJob } from "../../lib/imports/upload-job";
import { openDb } from "../../lib/db/client";
import { multipartBoundary, multipartChunks, multipartLength, type Part } from "../import/upload/multipart-body";
import { authForDb, createUserIfMissing } from "../users/create-user";

// The benchmark uploads as an admin signed in through the app's own sign-in endpoint.
const benchAdmin = { email: "bench-admin@example.com", password: "bench-admin-password", name: "Bench admin", role: "admin" } as const;

/*
 * The upload benchmark for `npm run bench`: the same extracts imported by the command line and
 * uploaded through the HTTP route of a production server (server.ts), one after the other in
 * one run, each into a fresh database. The target is upload time <= 1.2x CLI time and a web
 * server under 400 MB. Memory is sampled from /proc every 100 ms over each process tree; the
 * import worker the server starts is reported apart from the web server itself.
 */

export type UploadBenchResult = {
  bytes: number;
  /** `etlMs` is the import's own duration from etl_imports, inside the wall time `ms`. */
  cli: { ms: number; etlMs: number; peakRssMb: number };
  upload: { ms: number; sendMs: number; importMs: number; etlMs: number; status: string; serverPeakRssMb: number; workerPeakRssMb: number };
  /** upload.ms / cli.ms; the target is <= 1.2. */
  ratio: number;
};

const extractNames = fileKinds.map((kind) => fileSpecs[kind].fileName);
const cliScript = fileURLToPath(new URL("../cli.ts", import.meta.url));

type ProcInfo = { pid: number; ppid: number; rssKb: number; cmd: string };

function readProcs(): ProcInfo[] {
  const procs: ProcInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = fs.readFileSync(`/proc/${name}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ");
      procs.push({ pid: Number(name), ppid, rssKb, cmd });
    } catch {
      // the process ended between listing and reading
    }
  }
  return procs;
}

/** Peak resident memory of a process tree, split by a predicate on the command line. */
function sampleTree(rootPid: number, isWorker: (cmd: string) => boolean) {
  const peak = { main: 0, worker: 0 };
  const timer = setInterval(() => {
    const procs = readProcs();
    const tree = new Set([rootPid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of procs) {
        if (!tree.has(p.pid) && tree.has(p.ppid)) {
          tree.add(p.pid);
          grew = true;
        }
      }
    }
    let main = 0;
    let worker = 0;
    for (const p of procs) {
      if (!tree.has(p.pid)) continue;
      if (isWorker(p.cmd)) worker += p.rssKb;
      else main += p.rssKb;
    }
    peak.main = Math.max(peak.main, main);
    peak.worker = Math.max(peak.worker, worker);
  }, 100);
  return { stop: () => (clearInterval(timer), { mainMb: Math.round(peak.main / 1024), workerMb: Math.round(peak.worker / 1024) }) };
}

function lastImportMs(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`select duration_ms from etl_imports order by import_id desc limit 1`).pluck().get() as number | undefined) ?? Number.NaN;
  } finally {
    db.close();
  }
}

function waitExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function runCli(extractsDir: string, dbFile: string): Promise<UploadBenchResult["cli"]> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", cliScript, "import", extractsDir, "--db", dbFile], { stdio: "ignore" });
  const sampler = sampleTree(child.pid!, () => false);
  const code = await waitExit(child);
  const ms = performance.now() - started;
  const { mainMb } = sampler.stop();
  if (code !== 0) throw new Error(`the CLI import exited with ${code}`);
  return { ms, etlMs: lastImportMs(dbFile), peakRssMb: mainMb };
}

async function startServer(port: number, dbFile: string): Promise<ChildProcess> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npx next build` before the upload benchmark");
  const db = openDb(dbFile);
  try {
    await createUserIfMissing(authForDb(db, dbFile), db, benchAdmin);
  } finally {
    db.$client.close();
  }
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_PATH: dbFile, UPLOAD_DIR: path.join(path.dirname(dbFile), "uploads"), BETTER_AUTH_URL: origin(port) },
    stdio: "ignore",
  });
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${origin(port)}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) {
      server.kill("SIGTERM");
      throw new Error("the benchmark server did not start");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const origin = (port: number) => `http://127.0.0.1:${port}`;

/** The session cookie of the bench's admin, from the sign-in endpoint. */
async function signIn(port: number): Promise<string> {
  const response = await fetch(`${origin(port)}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: origin(port) },
    body: JSON.stringify({ email: benchAdmin.email, password: benchAdmin.password }),
  });
  if (!response.ok) throw new Error(`the benchmark's sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function postMultipart(port: number, cookie: string, parts: Part[]): Promise<{ status: number; body: { jobId?: string; error?: string } }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/uploads",
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${multipartBoundary}`,
          "content-length": multipartLength(parts),
          cookie,
          origin: origin(port),
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (c: string) => (text += c));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { jobId?: string; error?: string } }));
      },
    );
    request.on("error", reject);
    pipeline(Readable.from(multipartChunks(parts)), request).catch(reject);
  });
}

async function waitForJob(port: number, cookie: string, jobId: string): Promise<UploadJob> {
  for (;;) {
    const job = jobSchema.parse(await (await fetch(`${origin(port)}/api/uploads/${jobId}`, { headers: { cookie } })).json());
    if (["accepted", "refused", "failed", "cancelled", "skipped"].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runUpload(extractsDir: string, dbFile: string, port: number): Promise<UploadBenchResult["upload"]> {
  const server = await startServer(port, dbFile);
  try {
    const sampler = sampleTree(server.pid!, (cmd) => cmd.includes("upload-worker"));
    const parts: Part[] = [...extractNames.map((n) => ({ name: "files", fileName: n, path: path.join(extractsDir, n) }))];
    const cookie = await signIn(port);
    const started = performance.now();
    const response = await postMultipart(port, cookie, parts);
    const sendMs = performance.now() - started;
    if (!response.body.jobId || response.status !== 202) throw new Error(`upload refused (${response.status}): ${response.body.error}`);
    const job = await waitForJob(port, cookie, response.body.jobId);
    const ms = performance.now() - started;
    const { mainMb, workerMb } = sampler.stop();
    return { ms, sendMs, importMs: ms - sendMs, etlMs: lastImportMs(dbFile), status: job.status, serverPeakRssMb: mainMb, workerPeakRssMb: workerMb };
  } finally {
    server.kill("SIGTERM");
    await waitExit(server);
  }
}

/**
 * Imports `extractsDir` (the four generated extracts) with the CLI and through the upload
 * route, each into a fresh database under `workDir`. Needs a production build (.next).
 */
export async function benchUpload(options: { extractsDir: string; workDir: string; port?: number }): Promise<UploadBenchResult> {
  const work = path.resolve(options.workDir, "upload-bench");
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, "cli"), { recursive: true });
  fs.mkdirSync(path.join(work, "upload"), { recursive: true });
  const bytes = extractNames.reduce((n, f) => n + fs.statSync(path.join(options.extractsDir, f)).size, 0);
  const cli = await runCli(options.extractsDir, path.join(work, "cli", "app.db"));
  const upload = await runUpload(options.extractsDir, path.join(work, "upload", "app.db"), options.port ?? 3299);
  if (upload.status !== "accepted") throw new Error(`the benchmark upload was ${upload.status}`);
  fs.rmSync(work, { recursive: true, force: true });
  return { bytes, cli, upload, ratio: upload.ms / cli.ms };
}

export function formatUploadBench(r: UploadBenchResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `upload vs CLI, ${(r.bytes / 1024 / 1024).toFixed(0)} MB of extracts:`,
    `  CLI import            ${s(r.cli.ms)}   (importExtracts ${s(r.cli.etlMs)})   peak ${r.cli.peakRssMb} MB`,
    `  HTTP upload + import  ${s(r.upload.ms)}   (sending ${s(r.upload.sendMs)}, then ${s(r.upload.importMs)} of which importExtracts ${s(r.upload.etlMs)})`,
    `  ratio                 ${r.ratio.toFixed(2)}x (target <= 1.2x)`,
    `  web server peak       ${r.upload.serverPeakRssMb} MB (target < 400 MB); import worker peak ${r.upload.workerPeakRssMb} MB`,
  ].join("\n");
}

import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// Tests may reach into etl to build a database; lib code itself never imports etl.
import { generateExtracts } from "../../etl/generate/generate-extracts";
import { importExtracts } from "../../etl/import/import-extracts";
import { realExtractsDir, tempDb, tempDir } from "../../etl/test-support";
import { openDb } from "../db/client";
import { fileKinds, fileSpecs } from "../imports/file-specs";
import { getAccountInvoices, getAccountSnapshot } from "./accounts";
import { getImports } from "./imports";
import { getInvoice, getInvoiceLines } from "./invoices";
import { clearOutreachCache, getOutreachPage } from "./outreach";
import { getActiveModelVersion } from "./risk-model";
import { getDataStatus } from "./status";
import { getMonthlyTrends } from "./trends";

// As-of dates no import has scored, so each first read scores the date: it used to store the
// scores, a write that waited on the import's lock and failed with SQLITE_BUSY.
const DATES = ["2020-09-30", "2021-01-18", "2021-03-15", "2021-05-12"];

function everyPageRead(file: string) {
  const db = openDb(file);
  clearOutreachCache(db);
  try {
    return DATES.map((asOf) => {
      const list = getOutreachPage({ asOf, sort: "priority", dir: "asc", limit: 25, offset: 0 }, db);
      const first = list.rows[0]!.accountId;
      const invoices = getAccountInvoices(first, asOf, db);
      return {
        asOf,
        listRows: list.totalRows,
        listTop: list.rows.map((r) => r.accountId),
        snapshot: getAccountSnapshot(first, asOf, db).openCents,
        invoices: invoices.length,
        lines: getInvoiceLines(invoices[0]!.invoiceId, db).length,
        invoice: getInvoice(invoices[0]!.invoiceId, db)?.totalCents,
        trends: getMonthlyTrends(undefined, db).length,
        status: getDataStatus(db).asOf,
        model: getActiveModelVersion(db)?.versionId,
        // The history lists an import from its start, as running; the rest is the committed data.
        latestImport: getImports({ page: 1, pageSize: 10 }, db).rows[0]!.status,
      };
    });
  } finally {
    db.$client.close();
  }
}

describe("the pages' reads while an import runs", () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => children.forEach((c) => c.kill()));

  it("answer every as-of date with the last committed data, never a lock error", async () => {
    const { db, file } = tempDb();
    const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
    expect(result.status).toBe("accepted");
    // The expected answers come from a copy, so reading them leaves the database itself as the import found it.
    const copy = path.join(tempDir(), "before.db");
    db.$client.exec(`vacuum into '${copy}'`);
    const before = everyPageRead(copy);

    const big = tempDir();
    // Large enough that the import holds the write lock for longer than a writer waits for it (5 s).
    await generateExtracts({ outDir: big, scale: 30, seed: 2, end: "2021-05-12" });
    const child = spawn(process.execPath, ["--import", "tsx", "etl/cli.ts", "import", big, "--db", file], { stdio: "ignore" });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    // Wait until the import holds the write lock: a writer that asks for it at once is refused.
    const probe = new Database(file, { timeout: 0 });
    const isWriteLocked = () => {
      try {
        probe.exec("begin immediate; rollback");
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
        throw error;
      }
    };
    while (!isWriteLocked()) await new Promise((res) => setTimeout(res, 50));
    probe.close();

    const during = everyPageRead(file);
    expect(child.exitCode).toBeNull(); // the reads all ran inside the import
    expect(during.map(({ latestImport: _, ...reads }) => reads)).toEqual(before.map(({ latestImport: _, ...reads }) => reads));
    expect(during.map((r) => r.latestImport)).toEqual(DATES.map(() => "running"));
    expect(await exited).toBe(0);
    db.$client.close();
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileKinds, fileSpecs } from "../imports/file-specs";
import { importExtracts } from "../../etl/import/import-extracts";
import { tempDb, writeFixture } from "../../etl/test-support";
import { getAlreadyImportedFiles, getImport, getImports, getRejectReasons } from "./imports";
import { createHash } from "node:crypto";
import fs from "node:fs";

const header = Object.fromEntries(fileKinds.map((k) => [k, [...fileSpecs[k].columns]])) as Record<(typeof fileKinds)[number], string[]>;
const accountsV1 = { "accounts.csv": [header.accounts, [1, "Acme", "x", "Ann", "1", "F", "2020-01-01"]] };
const accountsV2 = { "accounts.csv": [header.accounts, [1, "Acme Ltd", "x", "Ann", "1", "F", "2020-01-01"]] };
const skus = { "skus.csv": [header.skus, ["0-00-000000-X", "Widget", "w", "1.00", "2.50"]] };

function sha(dir: string, name: string): string {
  return createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex");
}

describe("getAlreadyImportedFiles", () => {
  const cases: { name: string; steps: { files: Record<string, (string | number)[][]>; mode?: "merge" | "replace"; cdc?: boolean }[]; mode: "merge" | "replace"; isAlready: boolean }[] = [
    { name: "a file the last import of its kind loaded, merged again", steps: [{ files: accountsV1 }], mode: "merge", isAlready: true },
    { name: "after an import of another kind", steps: [{ files: accountsV1 }, { files: skus }], mode: "merge", isAlready: true },
    { name: "after a later version of the same kind", steps: [{ files: accountsV1 }, { files: accountsV2 }], mode: "merge", isAlready: false },
    { name: "after any replace (it cascades)", steps: [{ files: accountsV1 }, { files: skus, mode: "replace" }], mode: "merge", isAlready: false },
    { name: "after a change-event batch", steps: [{ files: accountsV1 }, { files: {}, cdc: true }], mode: "merge", isAlready: false },
    { name: "replaced after a merge of it", steps: [{ files: accountsV1 }], mode: "replace", isAlready: false },
    { name: "replaced after a replace with it", steps: [{ files: accountsV1, mode: "replace" }], mode: "replace", isAlready: true },
  ];
  for (const c of cases) {
    it(`${c.isAlready ? "finds" : "does not find"} ${c.name}`, async () => {
      const { db } = tempDb();
      const v1 = writeFixture(accountsV1);
      for (const step of c.steps) {
        if (step.cdc) {
          db.$client.prepare(`insert into etl_imports (source, mode, status, max_reject_rate) values ('cdc', 'merge', 'accepted', 1)`).run();
          continue;
        }
        const dir = step.files === accountsV1 ? v1 : writeFixture(step.files);
        const r = await importExtracts(db, Object.keys(step.files).map((n) => ({ path: path.join(dir, n) })), { mode: step.mode ?? "merge" });
        expect(r.status).toBe("accepted");
      }
      const found = getAlreadyImportedFiles(db, [sha(v1, "accounts.csv")], c.mode);
      expect(found.has(sha(v1, "accounts.csv"))).toBe(c.isAlready);
    });
  }

  it("never counts a refused import", async () => {
    const { db } = tempDb();
    const dir = writeFixture({ "invoices.csv": [header.invoices, [1, 99, "2021-01-01", ""]] });
    const r = await importExtracts(db, [{ path: path.join(dir, "invoices.csv") }]);
    expect(r.status).toBe("refused");
    expect(getAlreadyImportedFiles(db, [sha(dir, "invoices.csv")], "merge").size).toBe(0);
  });
});

describe("import log reads", () => {
  it("lists imports newest first and groups rejects by reason with numbers folded", async () => {
    const { db } = tempDb();
    const dir = writeFixture({
      ...accountsV1,
      "invoices.csv": [header.invoices, [1, 1, "2021-01-01", ""], [2, 7, "2021-01-01", ""], [3, 8, "2021-01-01", ""], [4, 1, "bad", ""]],
    });
    const r = await importExtracts(db, ["accounts.csv", "invoices.csv"].map((n) => ({ path: path.join(dir, n) })), { maxRejectRate: 1, startedBy: "ops" });
    const { rows, total } = getImports({ page: 1, pageSize: 10 }, db);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ importId: r.importId, status: "accepted", startedBy: "ops", fileCount: 2, rowsRead: 5, rowsRejected: 3 });
    expect(getImport(r.importId, db)?.files.map((f) => f.fileKind)).toEqual(["accounts", "invoices"]);
    expect(getRejectReasons(r.importId, db)).toEqual([
      { fileName: "invoices.csv", column: "account_id", reason: "unknown account N", count: 2, firstLine: 3 },
      { fileName: "invoices.csv", column: "date_issued", reason: expect.stringMatching(/YYYY-MM-DD/), count: 1, firstLine: 5 },
    ]);
  });
});

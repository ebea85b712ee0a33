import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { getActiveModelVersion } from "../../lib/queries/risk-model";
import { generateExtracts, DEFAULT_END } from "../generate/generate-extracts";
import { writePreviousDayExtracts } from "../generate/previous-day";
import { importExtracts, type ImportResult } from "../import/import-extracts";
import { scoreInvoicesAtIssue } from "../risk-model/score-invoices";
import { readCsvObjects, tempDb, tempDir } from "../test-support";
import { buildModels } from "./build-models";
import { accountsChangedSinceBuild } from "./changed-accounts";
import { models } from "./dag";

const importDir = async (db: Db, dir: string): Promise<ImportResult> => {
  const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) })), { mode: "replace" });
  expect(result.status, result.error ?? "").toBe("accepted");
  return result;
};

const marts = (db: Db) =>
  Object.fromEntries(
    models.map((m) => [m.name, db.$client.prepare(`select * from ${m.name} order by ${m.grain.join(", ")}`).raw().all()]),
  );

describe("an import into a store whose models are built", () => {
  let today: string;
  let yesterday: string;
  let edited: string;

  beforeAll(async () => {
    today = tempDir();
    await generateExtracts({ outDir: today, scale: 0.5, seed: 3, end: DEFAULT_END });
    yesterday = tempDir();
    await writePreviousDayExtracts(today, yesterday);
    // Today's files with an account moved to another state (its region), one gone with its
    // invoices, and a line's quantity changed.
    edited = tempDir();
    for (const kind of ["skus", "invoices"] as const) fs.copyFileSync(path.join(today, fileSpecs[kind].fileName), path.join(edited, fileSpecs[kind].fileName));
    const accounts = readCsvObjects(path.join(today, fileSpecs.accounts.fileName));
    const second = accounts.find((a) => a.account_id === "2")!;
    second.company_address = "1 Harbor Way\nJuneau, AK 99801";
    fs.writeFileSync(path.join(edited, fileSpecs.accounts.fileName), Papa.unparse(accounts, { newline: "\n" }) + "\n");
    const lines = fs.readFileSync(path.join(today, fileSpecs.invoice_line_items.fileName), "utf8").split("\n");
    lines[1] = lines[1]!.replace(/,\d+$/, ",97");
    fs.writeFileSync(path.join(edited, fileSpecs.invoice_line_items.fileName), lines.join("\n"));
  });

  it("rebuilds only the accounts a day moved, to exactly the marts and scores a full build gives", async () => {
    const { db } = tempDb();
    expect((await importDir(db, yesterday)).rebuiltAccounts).toBe("all");
    const version = getActiveModelVersion(db);
    expect(version).not.toBeNull();
    const accounts = db.$client.prepare(`select count(*) from stg_accounts`).pluck().get() as number;

    const nightly = await importDir(db, today);
    expect(nightly.rebuiltAccounts).toBeGreaterThan(0);
    expect(nightly.rebuiltAccounts).toBeLessThan(accounts / 2);
    const scoped = marts(db);
    db.$client.transaction(() => {
      // The scored probabilities at issue already match the active version's for every invoice.
      expect(scoreInvoicesAtIssue(db, getActiveModelVersion(db)!, "all")).toBe(0);
      buildModels(db.$client, "all");
      expect(marts(db)).toEqual(scoped);
    })();
  });

  it("finds an account moved, an account gone and a line changed, and rebuilds nothing for the same files again", async () => {
    const { db } = tempDb();
    await importDir(db, today);
    expect((await importDir(db, today)).rebuiltAccounts).toBe(0);
    const changedInvoice = Number(fs.readFileSync(path.join(edited, fileSpecs.invoice_line_items.fileName), "utf8").split("\n")[1]!.split(",")[0]);
    const lineAccount = db.$client.prepare(`select account_id from stg_invoices where invoice_id = ?`).pluck().get(changedInvoice) as number;
    db.$client.exec("begin");
    db.$client.exec(`delete from stg_invoice_line_items where invoice_id in (select invoice_id from stg_invoices where account_id = 5)`);
    db.$client.exec(`delete from stg_invoices where account_id = 5; delete from stg_accounts where account_id = 5`);
    expect(accountsChangedSinceBuild(db.$client)).toEqual([5]);
    db.$client.exec("rollback");
    const result = await importDir(db, edited);
    expect(result.rebuiltAccounts).toBe(new Set([2, lineAccount]).size);
    expect(db.$client.prepare(`select state_code from mart_accounts where account_id = 2`).pluck().get()).toBe("AK");
  });

  it("rebuilds every model when the SQL that built them is not this release's", async () => {
    const { db } = tempDb();
    await importDir(db, yesterday);
    db.$client.prepare(`update etl_state set value = 'an older release' where key = 'models_digest'`).run();
    expect((await importDir(db, today)).rebuiltAccounts).toBe("all");
    expect((await importDir(db, today)).rebuiltAccounts).toBe(0);
  });
});

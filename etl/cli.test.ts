import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "../lib/db/client";
import { dataFingerprint, readCsvObjects, realExtractsDir, tempDir } from "./test-support";

// One process, not tsx's wrapper, so that killing it kills the import itself.
const node = [process.execPath, "--import", "tsx", "etl/cli.ts"] as const;

function etl(...args: string[]) {
  const run = spawnSync(node[0], [...node.slice(1), ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run etl", () => {
  it("imports a directory, prints per-file counts and the duration, and exits 0", () => {
    const db = path.join(tempDir(), "cli.db");
    const run = etl("import", realExtractsDir, "--db", db);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/invoice_line_items\.csv\s+53481\s+53481\s+0/);
    expect(run.stdout).toMatch(/accounts\.csv\s+200\s+200\s+0/);
    expect(run.stdout).toMatch(/import #1 accepted in \d+\.\d\d s/);

    const out = path.join(tempDir(), "features.csv");
    const exported = etl("export", out, "--db", db);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/wrote 9,685 invoices \(labels as of 2021-07-08\)/);
    expect(readCsvObjects(out)).toHaveLength(9685);
  });

  it("rebuilds a store built under the old as-of rule, which took the last issue date", () => {
    const file = path.join(tempDir(), "old-rule.db");
    expect(etl("import", realExtractsDir, "--db", file).code).toBe(0);
    // As the old rule left it: the as-of date at the last issue, its labels unknown after it.
    const old = openDb(file);
    old.$client.exec(`
      update etl_state set value = '2021-05-12' where key = 'data_cutoff';
      delete from etl_state where key = 'last_issued';
      update mart_invoice_features set is_late = null where payment_date > '2021-05-12' and date_issued > '2021-04-11';
    `);
    const status = () => old.$client.prepare(`select count(*) from mart_invoice_features where is_late is null`).pluck().get();
    expect(status()).toBe(726);
    const run = etl("rebuild", "--db", file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rebuilt \d+ models in \d+\.\d\d s; the data is as of 2021-07-08/);
    expect(status()).toBe(0);
    expect(old.$client.prepare(`select value from etl_state where key = 'last_issued'`).pluck().get()).toBe("2021-05-12");
    old.$client.close();
  });

  it("exits 1 when the import is refused, naming the file and line", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "skus.csv"), "item_id,item_name,item_description,item_cost_price,item_retail_price\nA,a,,1.00,oops\n");
    const run = etl("import", dir, "--db", path.join(tempDir(), "x.db"));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused: skus\.csv: 1 of 1 rows rejected/);
  });

  it("exits 2 on a usage error", () => {
    expect(etl("import").code).toBe(2);
    expect(etl("import", realExtractsDir, "--max-reject-rate", "2").stderr).toMatch(/between 0 and 1/);
    expect(etl("frobnicate").code).toBe(2);
    expect(etl("import", "/no/such/dir").stderr).toMatch(/is not a directory/);
  });

  it("leaves the previous data intact when killed in the middle of an import", async () => {
    const db = path.join(tempDir(), "kill.db");
    expect(etl("import", realExtractsDir, "--db", db).code).toBe(0);
    const before = dataFingerprint(openDb(db));

    // A snapshot that drops every other invoice, so a half-applied import would show.
    const snapshot = tempDir();
    const invoices = fs.readFileSync(path.join(realExtractsDir, "invoices.csv"), "utf8").trimEnd().split("\n");
    fs.writeFileSync(path.join(snapshot, "invoices.csv"), invoices.filter((_, i) => i % 2 === 0).join("\n") + "\n");

    const child = spawn(node[0], [...node.slice(1), "import", snapshot, "--db", db, "--replace", "--progress"]);
    let stderr = "";
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // Staging is being rewritten inside the transaction: kill it there.
        if (stderr.includes('"phase":"building"')) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    expect(child.signalCode).toBe("SIGKILL");

    const after = openDb(db);
    expect(dataFingerprint(after)).toBe(before);
    expect(after.$client.prepare(`select status from etl_imports order by import_id`).pluck().all()).toEqual(["accepted", "running"]);
    after.$client.close();

    // The next import notices the dead one and records it as interrupted.
    expect(etl("import", realExtractsDir, "--db", db).code).toBe(0);
    const log = openDb(db).$client.prepare(`select status, error from etl_imports order by import_id`).all() as { status: string; error: string | null }[];
    expect(log.map((l) => l.status)).toEqual(["accepted", "failed", "accepted"]);
    expect(log[1]!.error).toMatch(/interrupted/);
  });
});

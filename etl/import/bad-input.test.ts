import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../lib/db/client";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { importExtracts, type ExtractSource } from "./import-extracts";
import { dataFingerprint, realExtractsDir, tempDb, tempDir, writeFixture } from "../test-support";

const header = Object.fromEntries(fileKinds.map((k) => [k, [...fileSpecs[k].columns]])) as Record<(typeof fileKinds)[number], string[]>;

/** A small, valid base; each case below breaks one thing in a copy of it. */
function baseFiles(): Record<string, (string | number)[][]> {
  return {
    "accounts.csv": [
      header.accounts,
      [1, "Acme", "1 Main St\nSpringfield, IL 62701", "Ann", "555.000.1111", "F", "2020-01-01"],
      [2, "Bolt", "2 Side St\nDover, DE 19901", "Bob", "555.000.2222", "M", "2020-02-01"],
    ],
    "skus.csv": [header.skus, ["0-00-000000-X", "Widget", "w", "1.00", "2.50"], ["1-11-111111-1", "Gadget", "g", "3.00", "4.00"]],
    "invoices.csv": [header.invoices, [1, 1, "2021-01-01", "2021-01-20"], [2, 2, "2021-01-02", ""], [3, 1, "2021-01-03", "2021-02-10"]],
    "invoice_line_items.csv": [
      header.invoice_line_items,
      [1, "0-00-000000-X", 1],
      [1, "1-11-111111-1", 2],
      [2, "0-00-000000-X", 3],
      [3, "1-11-111111-1", 4],
    ],
  };
}

function sourcesIn(dir: string): ExtractSource[] {
  return fileKinds.map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) })).filter((s) => fs.existsSync(s.path));
}

function rejects(db: Db, importId: number) {
  return db.$client
    .prepare(`select file_name as file, line, "column", value, reason from etl_rejects where import_id = ? order by reject_id`)
    .all(importId) as { file: string; line: number; column: string | null; value: string; reason: string }[];
}

describe("row problems reject the row and record file, line, column, value and reason", () => {
  const cases: {
    name: string;
    edit: (f: Record<string, (string | number)[][]>) => void;
    expected: { file: string; line: number; column: string; value: string; reason: RegExp }[];
  }[] = [
    {
      name: "an unparseable date",
      edit: (f) => (f["invoices.csv"]![2] = [2, 2, "02/01/2021", ""]),
      expected: [
        { file: "invoices.csv", line: 3, column: "date_issued", value: "02/01/2021", reason: /YYYY-MM-DD/ },
        { file: "invoice_line_items.csv", line: 4, column: "invoice_id", value: "2", reason: /invoice 2 was rejected \(invoices.csv line 3\)/ },
      ],
    },
    {
      name: "an impossible date",
      edit: (f) => (f["accounts.csv"]![2] = [2, "Bolt", "x", "Bob", "1", "M", "2021-02-30"]),
      expected: [
        // Account 1's address spans lines 2 and 3, so account 2 starts on line 4.
        { file: "accounts.csv", line: 4, column: "joining_date", value: "2021-02-30", reason: /not a real date/ },
        { file: "invoices.csv", line: 3, column: "account_id", value: "2", reason: /unknown account 2/ },
        { file: "invoice_line_items.csv", line: 4, column: "invoice_id", value: "2", reason: /was rejected/ },
      ],
    },
    {
      name: "a non-integer quantity",
      edit: (f) => (f["invoice_line_items.csv"]![1] = [1, "0-00-000000-X", "2.5"]),
      expected: [{ file: "invoice_line_items.csv", line: 2, column: "quantity", value: "2.5", reason: /positive whole number/ }],
    },
    {
      name: "a zero quantity",
      edit: (f) => (f["invoice_line_items.csv"]![1] = [1, "0-00-000000-X", 0]),
      expected: [{ file: "invoice_line_items.csv", line: 2, column: "quantity", value: "0", reason: /positive whole number/ }],
    },
    {
      name: "a negative price",
      edit: (f) => (f["skus.csv"]![2] = ["1-11-111111-1", "Gadget", "g", "-3.00", "4.00"]),
      expected: [
        { file: "skus.csv", line: 3, column: "item_cost_price", value: "-3.00", reason: /negative/ },
        { file: "invoice_line_items.csv", line: 3, column: "item_id", value: "1-11-111111-1", reason: /unknown SKU/ },
        { file: "invoice_line_items.csv", line: 5, column: "item_id", value: "1-11-111111-1", reason: /unknown SKU/ },
      ],
    },
    {
      name: "a payment date before the issue date",
      edit: (f) => (f["invoices.csv"]![3] = [3, 1, "2021-01-03", "2021-01-02"]),
      expected: [
        { file: "invoices.csv", line: 4, column: "payment_dates", value: "2021-01-02", reason: /before the issue date/ },
        { file: "invoice_line_items.csv", line: 5, column: "invoice_id", value: "3", reason: /was rejected/ },
      ],
    },
    {
      name: "an unknown account",
      edit: (f) => (f["invoices.csv"]![3] = [3, 99, "2021-01-03", ""]),
      expected: [
        { file: "invoices.csv", line: 4, column: "account_id", value: "99", reason: /unknown account 99/ },
        { file: "invoice_line_items.csv", line: 5, column: "invoice_id", value: "3", reason: /was rejected/ },
      ],
    },
    {
      name: "an unknown SKU",
      edit: (f) => (f["invoice_line_items.csv"]![3] = [2, "9-99-999999-9", 1]),
      expected: [{ file: "invoice_line_items.csv", line: 4, column: "item_id", value: "9-99-999999-9", reason: /unknown SKU/ }],
    },
    {
      name: "a duplicate key within a file",
      edit: (f) => f["invoices.csv"]!.push([1, 2, "2021-01-05", ""]),
      expected: [{ file: "invoices.csv", line: 5, column: "invoice_id", value: "1", reason: /duplicate key: first seen on line 2/ }],
    },
    {
      name: "a duplicate line item",
      edit: (f) => f["invoice_line_items.csv"]!.push([3, "1-11-111111-1", 1]),
      expected: [{ file: "invoice_line_items.csv", line: 6, column: "invoice_id+item_id", value: "3+1-11-111111-1", reason: /first seen on line 5/ }],
    },
    {
      name: "a line with too few fields",
      // Mid-file: a short last line is a cut-off file instead (see the refusals below).
      edit: (f) => {
        f["invoice_line_items.csv"]![4] = [3, "1-11-111111-1"];
        f["invoice_line_items.csv"]!.push([2, "1-11-111111-1", 1]);
      },
      expected: [{ file: "invoice_line_items.csv", line: 5, column: "", value: "3,1-11-111111-1", reason: /expected 3 fields, found 2/ }],
    },
  ];

  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      const files = baseFiles();
      c.edit(files);
      const { db } = tempDb();
      const result = await importExtracts(db, sourcesIn(writeFixture(files)), { maxRejectRate: 1 });
      expect(result.status).toBe("accepted");
      const found = rejects(db, result.importId).map((r) => ({ ...r, column: r.column ?? "" }));
      expect(found).toEqual(c.expected.map((e) => ({ ...e, reason: expect.stringMatching(e.reason) })));
      const rejected = result.files.reduce((n, f) => n + f.rowsRejected, 0);
      expect(rejected).toBe(c.expected.length);
    });
  }

  it("keeps the good rows when the reject share is within the limit", async () => {
    const files = baseFiles();
    files["invoice_line_items.csv"]![1] = [1, "0-00-000000-X", "x"];
    const { db } = tempDb();
    const result = await importExtracts(db, sourcesIn(writeFixture(files)), { maxRejectRate: 0.25 });
    expect(result.status).toBe("accepted");
    expect(db.$client.prepare(`select count(*) from stg_invoice_line_items`).pluck().get()).toBe(3);
    expect(db.$client.prepare(`select inv_total from mart_invoice_features where inv_id = 1`).pluck().get()).toBe(8);
  });
});

describe("an import that is refused changes nothing stored", () => {
  let db: Db;
  let before: string;

  beforeEach(async () => {
    ({ db } = tempDb());
    const first = await importExtracts(db, sourcesIn(writeFixture(baseFiles())));
    expect(first.status).toBe("accepted");
    before = dataFingerprint(db);
  });

  async function expectRefused(sources: ExtractSource[], message: RegExp, options = {}) {
    const result = await importExtracts(db, sources, { mode: "replace", ...options });
    expect(result.status).toBe("refused");
    expect(result.error).toMatch(message);
    expect(dataFingerprint(db)).toBe(before);
    const logged = db.$client.prepare(`select status, error from etl_imports where import_id = ?`).get(result.importId);
    expect(logged).toEqual({ status: "refused", error: result.error });
  }

  it("when a file's reject share exceeds --max-reject-rate", async () => {
    const files = baseFiles();
    files["invoices.csv"]![1] = [1, 1, "not a date", ""];
    await expectRefused(sourcesIn(writeFixture(files)), /invoices\.csv: 1 of 3 rows rejected \(33\.33%\), more than the 1\.00% allowed/);
  });

  it("when a file is missing", async () => {
    await expectRefused([{ kind: "invoices", path: path.join(tempDir(), "invoices.csv") }], /invoices\.csv: cannot be read \(ENOENT\)/);
  });

  it("when a file is empty", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "skus.csv"), "");
    await expectRefused(sourcesIn(dir), /skus\.csv: is empty/);
  });

  it("when a file has a header only", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "skus.csv"), header.skus.join(",") + "\n");
    await expectRefused(sourcesIn(dir), /skus\.csv: has a header but no data rows/);
  });

  it("when a required column is missing, naming the column", async () => {
    const files = baseFiles();
    files["invoices.csv"] = files["invoices.csv"]!.map((r) => r.slice(0, 3));
    await expectRefused(sourcesIn(writeFixture(files)), /invoices\.csv line 1, column payment_dates: missing required column payment_dates/);
  });

  it("when a file is not CSV at all", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "accounts.csv"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await expectRefused(sourcesIn(dir), /accounts\.csv: this is a PNG image, not a CSV text file/);
    fs.writeFileSync(path.join(dir, "accounts.csv"), Buffer.from("PK\u0003\u0004 fake xlsx"));
    await expectRefused(sourcesIn(dir), /ZIP archive \(an \.xlsx spreadsheet\?\)/);
  });

  it("when a file's header matches none of the extracts", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "mystery.csv"), "a\tb\tc\n1\t2\t3\n");
    await expectRefused([{ path: path.join(dir, "mystery.csv") }], /mystery\.csv line 1: is not one of the four extracts/);
  });

  it("when a quoted field is never closed, naming the line it starts on", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "accounts.csv"), `${header.accounts.join(",")}\n1,Acme,"1 Main St\nSpringfield,Ann,555,F,2020-01-01\n2,Bolt,x,Bob,1,M,2020-01-01\n`);
    await expectRefused(sourcesIn(dir), /accounts\.csv line 2: a quoted field is never closed/);
  });

  it("when the last line is cut off, naming its line, whatever the reject limit", async () => {
    const dir = tempDir();
    const text = `${header.accounts.join(",")}\n1,Acme,x,Ann,1,F,2020-01-01\n2,Bolt,x,Bob,1,M,2020-01-01\n3,Cord,x,Cy,1`;
    fs.writeFileSync(path.join(dir, "accounts.csv"), text);
    await expectRefused(sourcesIn(dir), /accounts\.csv line 4: the last line has 5 of 7 fields, so the file looks cut off \(truncated\)/, { maxRejectRate: 1 });
  });

  it("when a file is Latin-1, not UTF-8, naming the line", async () => {
    const dir = tempDir();
    const text = `${header.accounts.join(",")}\n1,Acme,x,Ann,1,F,2020-01-01\n2,Caf\u00e9 Ren\u00e9,x,Bob,1,M,2020-01-01\n`;
    fs.writeFileSync(path.join(dir, "accounts.csv"), Buffer.from(text, "latin1"));
    await expectRefused(sourcesIn(dir), /accounts\.csv line 3: is not valid UTF-8 text; it looks like Latin-1/);
  });
});

describe("merge and replace", () => {
  it("merges by key, and keeps issued invoices at the price they were loaded with", async () => {
    const { db } = tempDb();
    await importExtracts(db, sourcesIn(writeFixture(baseFiles())));
    const total = () => db.$client.prepare(`select inv_total from mart_invoice_features where inv_id = 1`).pluck().get();
    expect(total()).toBe(10.5);
    // The catalogue raises the widget's price, and a new invoice uses it.
    const delta = writeFixture({
      "skus.csv": [header.skus, ["0-00-000000-X", "Widget", "w", "1.00", "9.99"]],
      "invoices.csv": [header.invoices, [4, 2, "2021-02-01", ""]],
      "invoice_line_items.csv": [header.invoice_line_items, [4, "0-00-000000-X", 1], [1, "0-00-000000-X", 2]],
    });
    const result = await importExtracts(db, sourcesIn(delta));
    expect(result.status).toBe("accepted");
    expect(db.$client.prepare(`select count(*) from stg_invoices`).pluck().get()).toBe(4);
    expect(db.$client.prepare(`select inv_total from mart_invoice_features where inv_id = 4`).pluck().get()).toBe(9.99);
    // Invoice 1's widget line got a new quantity but kept its 2.50 unit price.
    expect(total()).toBe(13);
  });

  it("makes a replaced file the whole table and drops what hung from removed rows", async () => {
    const { db } = tempDb();
    await importExtracts(db, sourcesIn(writeFixture(baseFiles())));
    const snapshot = writeFixture({ "invoices.csv": [header.invoices, [1, 1, "2021-01-01", "2021-01-20"], [3, 1, "2021-01-03", ""]] });
    const result = await importExtracts(db, sourcesIn(snapshot), { mode: "replace" });
    expect(result.status).toBe("accepted");
    expect(result.removedRows).toMatchObject({ invoices: 1, invoice_line_items: 1 });
    expect(db.$client.prepare(`select inv_id from mart_invoice_features order by inv_id`).pluck().all()).toEqual([1, 3]);
    expect(db.$client.prepare(`select payment_date from stg_invoices where invoice_id = 3`).pluck().get()).toBeNull();
  });

  it("finds a bad row's line in the real extracts, past addresses that span two lines", async () => {
    const dir = tempDir();
    const text = fs.readFileSync(path.join(realExtractsDir, "accounts.csv"), "utf8");
    // Break account 150's joining date; count the physical line it starts on independently.
    const start = text.indexOf("\n150,") + 1;
    const line = text.slice(0, start).split("\n").length;
    const rowEnd = text.indexOf("\n", text.indexOf('"', text.indexOf('"', start) + 1));
    const row = text.slice(start, rowEnd);
    fs.writeFileSync(path.join(dir, "accounts.csv"), text.slice(0, start) + row.replace(/\d{4}-\d{2}-\d{2}$/, "2019-13-45") + text.slice(rowEnd));
    const { db } = tempDb();
    const result = await importExtracts(db, sourcesIn(dir), { maxRejectRate: 1 });
    expect(line).toBeGreaterThan(290);
    expect(rejects(db, result.importId)).toEqual([
      { file: "accounts.csv", line, column: "joining_date", value: "2019-13-45", reason: "not a real date in YYYY-MM-DD form" },
    ]);
  });
});

describe("files long enough to load in multi-row batches", () => {
  const widget = "0-00-000000-X";
  const gadget = "1-11-111111-1";
  /** Sixty invoices of two lines each, with one bad line of each kind among them. */
  function longFiles(): Record<string, (string | number)[][]> {
    const files = baseFiles();
    files["invoices.csv"] = [header.invoices, ...Array.from({ length: 60 }, (_, i) => [i + 1, (i % 2) + 1, "2021-01-01", "2021-01-20"]), [61, 1, "2021-13-01", ""]];
    const lines: (string | number)[][] = Array.from({ length: 60 }, (_, i) => [[i + 1, widget, 1], [i + 1, gadget, 2]]).flat();
    // Lines 12, 23, 34 and 45 of the file, inside the first 50-row batch.
    lines.splice(10, 0, [5, "9-99-999999-9", 1]);
    lines.splice(21, 0, [61, widget, 1]);
    lines.splice(32, 0, [999, widget, 1]);
    lines.splice(43, 0, [7, widget, 3]);
    files["invoice_line_items.csv"] = [header.invoice_line_items, ...lines];
    return files;
  }

  it("gives every rejected line its own reason", async () => {
    const { db } = tempDb();
    const result = await importExtracts(db, sourcesIn(writeFixture(longFiles())), { maxRejectRate: 1 });
    expect(result.status).toBe("accepted");
    expect(rejects(db, result.importId).filter((r) => r.file === "invoice_line_items.csv")).toEqual([
      { file: "invoice_line_items.csv", line: 12, column: "item_id", value: "9-99-999999-9", reason: "unknown SKU 9-99-999999-9" },
      { file: "invoice_line_items.csv", line: 23, column: "invoice_id", value: "61", reason: "its invoice 61 was rejected (invoices.csv line 62)" },
      { file: "invoice_line_items.csv", line: 34, column: "invoice_id", value: "999", reason: "unknown invoice 999" },
      { file: "invoice_line_items.csv", line: 45, column: "invoice_id+item_id", value: `7+${widget}`, reason: "duplicate key: first seen on line 15" },
    ]);
    expect(db.$client.prepare(`select count(*) from stg_invoice_line_items`).pluck().get()).toBe(120);
    // The duplicate's quantity of 3 did not replace the first line's 1: 1 × 2.50 + 2 × 4.00.
    expect(db.$client.prepare(`select inv_total from mart_invoice_features where inv_id = 7`).pluck().get()).toBe(10.5);
  });

  it("prices new lines from the current catalogue and never reprices loaded ones", async () => {
    const { db } = tempDb();
    await importExtracts(db, sourcesIn(writeFixture(longFiles())), { maxRejectRate: 1 });
    const delta = writeFixture({
      "skus.csv": [header.skus, [widget, "Widget", "w", "1.00", "9.99"]],
      "invoices.csv": [header.invoices, [62, 1, "2021-02-01", ""]],
      "invoice_line_items.csv": [header.invoice_line_items, [62, widget, 1], ...Array.from({ length: 60 }, (_, i) => [i + 1, widget, 5])],
    });
    expect((await importExtracts(db, sourcesIn(delta))).status).toBe("accepted");
    const total = db.$client.prepare(`select inv_total from mart_invoice_features where inv_id = ?`).pluck();
    expect(total.get(62)).toBe(9.99);
    // Invoice 1's widget line took the new quantity at its old price: 5 × 2.50 + 2 × 4.00.
    expect(total.get(1)).toBe(20.5);
    expect(total.get(60)).toBe(20.5);
  });
});

describe("one import at a time", () => {
  it("refuses at once, naming the running import, while another live process holds the write lock", async () => {
    const { db, file } = tempDb();
    await importExtracts(db, sourcesIn(writeFixture(baseFiles())));
    const other = openDb(file);
    // A live process (our parent) mid-import: its log row says running and it holds the lock.
    other.$client.prepare(`insert into etl_imports (source, mode, status, max_reject_rate, pid, started_by) values ('upload', 'merge', 'running', 0.01, ?, 'ann')`).run(process.ppid);
    other.$client.exec("begin immediate");
    const started = performance.now();
    await expect(importExtracts(db, sourcesIn(writeFixture(baseFiles())))).rejects.toThrow(/import #2 \(started .* by ann\) is still running/);
    expect(performance.now() - started).toBeLessThan(2_000);
    other.$client.exec("rollback");
  });
});

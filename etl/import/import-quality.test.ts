import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { importExtracts } from "./import-extracts";
import { tempDb, writeFixture } from "../test-support";
import { snapshotBeforeImport, summariseImport } from "./import-quality";

const header = Object.fromEntries(fileKinds.map((k) => [k, [...fileSpecs[k].columns]])) as Record<(typeof fileKinds)[number], string[]>;

function base() {
  return {
    "accounts.csv": [header.accounts, [1, "Acme", "x", "Ann", "1", "F", "2020-01-01"], [2, "Bolt", "x", "Bob", "1", "M", "2020-01-01"], [3, "Cord", "x", "Cy", "1", "M", "2020-01-01"]],
    "skus.csv": [header.skus, ["0-00-000000-X", "Widget", "w", "1.00", "2.50"]],
    "invoices.csv": [header.invoices, [1, 1, "2021-01-01", ""], [2, 2, "2021-01-02", ""]],
    "invoice_line_items.csv": [header.invoice_line_items, [1, "0-00-000000-X", 1], [2, "0-00-000000-X", 2]],
  };
}

async function load(db: ReturnType<typeof tempDb>["db"], files: Record<string, (string | number)[][]>, mode: "merge" | "replace" = "merge") {
  const dir = writeFixture(files);
  const sources = Object.keys(files).map((name) => ({ path: path.join(dir, name) }));
  const before = snapshotBeforeImport(db, Object.keys(files).map((n) => n.replace(".csv", "") as (typeof fileKinds)[number]));
  const result = await importExtracts(db, sources, { mode, maxRejectRate: 1 });
  expect(result.status).toBe("accepted");
  return summariseImport(db, result.importId, before, result.files);
}

describe("the data-quality summary", () => {
  it("counts new and changed rows against the data before the import", async () => {
    const { db } = tempDb();
    const first = await load(db, base());
    expect(first.tables.find((t) => t.kind === "invoices")).toEqual({ kind: "invoices", before: 0, after: 2, added: 2, changed: 0, removed: 0 });
    expect(first.warnings).toContain("1 account has no invoices.");

    // Invoice 1 gets paid, invoice 3 is new (without lines), invoice 2 is sent again unchanged.
    const second = await load(db, { "invoices.csv": [header.invoices, [1, 1, "2021-01-01", "2021-01-20"], [2, 2, "2021-01-02", ""], [3, 3, "2021-01-03", ""]] });
    expect(second.tables.find((t) => t.kind === "invoices")).toEqual({ kind: "invoices", before: 2, after: 3, added: 1, changed: 1, removed: 0 });
    expect(second.tables.find((t) => t.kind === "accounts")).toMatchObject({ changed: null, added: 0 });
    expect(second.files).toEqual([{ kind: "invoices", fileName: "invoices.csv", rowsRead: 3, rowsRejected: 0, previousImportId: 1, previousRowsRead: 2 }]);
    expect(second.warnings).toContain("1 invoice has no line items, so it totals zero.");
    expect(second.warnings.some((w) => w.includes("no invoices"))).toBe(false);
  });

  it("counts rows a replace removed, with what hung from them, and warns about a much smaller file", async () => {
    const { db } = tempDb();
    const files = base();
    files["invoices.csv"].push(...Array.from({ length: 8 }, (_, i) => [10 + i, 1, "2021-02-01", ""]));
    await load(db, files);
    const replaced = await load(db, { "invoices.csv": [header.invoices, [1, 1, "2021-01-01", ""]] }, "replace");
    expect(replaced.tables.find((t) => t.kind === "invoices")).toMatchObject({ before: 10, after: 1, added: 0, changed: 0, removed: 9 });
    expect(replaced.tables.find((t) => t.kind === "invoice_line_items")).toMatchObject({ before: 2, after: 1, removed: 1, changed: null });
    expect(replaced.warnings).toEqual(
      expect.arrayContaining([
        "invoices.csv has 1 row, 90% fewer than the invoices file of import #1 (10). Is the extract complete?",
        "9 invoice rows were removed (not in the replacing snapshot, or hanging from removed rows).",
      ]),
    );
  });
});

describe("the copy taken before an import", () => {
  it("keeps the key columns' declared types, so the comparison can look rows up by key", async () => {
    const { db } = tempDb();
    await load(db, base());
    snapshotBeforeImport(db, ["invoice_line_items"]);
    const columns = db.$client.prepare(`select name, type, pk from pragma_table_info('before_stg_invoice_line_items', 'temp')`).all();
    expect(columns).toEqual(
      expect.arrayContaining([
        { name: "invoice_id", type: "INTEGER", pk: 1 },
        { name: "item_id", type: "TEXT", pk: 2 },
      ]),
    );
    const plan = db.$client
      .prepare(
        `explain query plan select count(*) from main.stg_invoice_line_items n
         where not exists (select 1 from temp.before_stg_invoice_line_items o where o.invoice_id = n.invoice_id and o.item_id = n.item_id)`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join("\n")).toMatch(/SEARCH o USING PRIMARY KEY/);
  });
});

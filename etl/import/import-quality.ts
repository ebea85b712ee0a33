import type { Db } from "../../lib/db/client";
import { fileKinds, type FileKind } from "../../lib/imports/file-specs";
import type { ImportSummary } from "../../lib/imports/import-summary";

/*
 * The data-quality summary shown after an upload: what the import did to each staging table
 * (new, changed and removed rows), how each file compares with the previous import of its kind,
 * and warnings worth a look. "Changed" needs the rows as they were, so the worker copies the key
 * and value columns of each table it is about to load into a temp table first (a few seconds
 * for a million invoices; tables the upload does not touch are not copied).
 */


const tables: Record<FileKind, { table: string; key: string[]; values: string[] }> = {
  accounts: {
    table: "stg_accounts",
    key: ["account_id"],
    values: ["company_name", "company_address", "contact_person", "contact_phone", "gender", "joining_date"],
  },
  skus: { table: "stg_skus", key: ["item_id"], values: ["item_name", "item_description", "item_cost_price_cents", "item_retail_price_cents"] },
  invoices: { table: "stg_invoices", key: ["invoice_id"], values: ["account_id", "date_issued", "payment_date"] },
  invoice_line_items: { table: "stg_invoice_line_items", key: ["invoice_id", "item_id"], values: ["quantity"] },
};

const rowNames: Record<FileKind, string> = { accounts: "account", skus: "SKU", invoices: "invoice", invoice_line_items: "invoice line" };


export type BeforeImport = { counts: Record<FileKind, number>; copied: FileKind[]; loaded: FileKind[] };

function countRows(db: Db, kind: FileKind): number {
  return db.$client.prepare(`select count(*) from ${tables[kind].table}`).pluck().get() as number;
}

/** Run on the importing connection just before the import; copies the tables about to be loaded. */
export function snapshotBeforeImport(db: Db, loading: readonly FileKind[]): BeforeImport {
  const counts = Object.fromEntries(fileKinds.map((k) => [k, countRows(db, k)])) as Record<FileKind, number>;
  // An empty table has nothing to compare against: every row it gets is new.
  for (const kind of loading.filter((k) => counts[k] > 0)) {
    const { table, key, values } = tables[kind];
    db.$client.exec(`drop table if exists temp.before_${table}`);
    // The copy keeps the columns' declared types: an untyped key column has no affinity, and the
    // after-import comparison could not use its primary key (a scan per row: hours at scale 10).
    const declared = new Map(
      (db.$client.prepare(`select name, type from pragma_table_info(?)`).all(table) as { name: string; type: string }[]).map((c) => [c.name, c.type]),
    );
    const columns = [...key, ...values].map((c) => `${c} ${declared.get(c) ?? ""}`.trim());
    db.$client.exec(
      `create temp table before_${table} (${columns.join(", ")}, primary key (${key.join(", ")})) without rowid;
       insert into temp.before_${table} select ${[...key, ...values].join(", ")} from main.${table}`,
    );
  }
  return { counts, copied: loading.filter((k) => counts[k] > 0), loaded: [...loading] };
}

/** Run on the same connection right after the import committed. */
export function summariseImport(
  db: Db,
  importId: number,
  before: BeforeImport,
  files: readonly { kind: FileKind; fileName: string; rowsRead: number; rowsRejected: number }[],
): ImportSummary {
  const warnings: string[] = [];
  const summaryTables = fileKinds.map((kind) => {
    const { table, key, values } = tables[kind];
    const after = countRows(db, kind);
    if (!before.copied.includes(kind)) {
      const wasEmptyAndLoaded = before.loaded.includes(kind) && before.counts[kind] === 0;
      return {
        kind,
        before: before.counts[kind],
        after,
        added: Math.max(0, after - before.counts[kind]),
        changed: wasEmptyAndLoaded ? 0 : null,
        removed: Math.max(0, before.counts[kind] - after),
      };
    }
    const join = key.map((k) => `o.${k} = n.${k}`).join(" and ");
    const added = db.$client
      .prepare(`select count(*) from main.${table} n where not exists (select 1 from temp.before_${table} o where ${join})`)
      .pluck()
      .get() as number;
    const changed = db.$client
      .prepare(`select count(*) from main.${table} n join temp.before_${table} o on ${join} where n.import_id = ? and (${values.map((v) => `n.${v} is not o.${v}`).join(" or ")})`)
      .pluck()
      .get(importId) as number;
    db.$client.exec(`drop table temp.before_${table}`);
    return { kind, before: before.counts[kind], after, added, changed, removed: before.counts[kind] + added - after };
  });

  const previousFile = db.$client.prepare(
    `select f.import_id as importId, f.rows_read as rowsRead from etl_import_files f join etl_imports i on i.import_id = f.import_id
     where f.file_kind = ? and i.status = 'accepted' and f.import_id < ? order by f.import_id desc limit 1`,
  );
  const summaryFiles = files.map((f) => {
    const previous = previousFile.get(f.kind, importId) as { importId: number; rowsRead: number } | undefined;
    if (previous && f.rowsRead < previous.rowsRead * 0.9) {
      warnings.push(`${f.fileName} has ${f.rowsRead.toLocaleString("en-US")} row${f.rowsRead === 1 ? "" : "s"}, ${Math.round((1 - f.rowsRead / previous.rowsRead) * 100)}% fewer than the ${f.kind} file of import #${previous.importId} (${previous.rowsRead.toLocaleString("en-US")}). Is the extract complete?`);
    }
    return { kind: f.kind, fileName: f.fileName, rowsRead: f.rowsRead, rowsRejected: f.rowsRejected, previousImportId: previous?.importId ?? null, previousRowsRead: previous?.rowsRead ?? null };
  });

  const count = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
  const noLines = count(`select count(*) from mart_invoices where line_count = 0`);
  if (noLines > 0) warnings.push(`${noLines.toLocaleString("en-US")} invoice${noLines === 1 ? " has" : "s have"} no line items, so ${noLines === 1 ? "it totals" : "they total"} zero.`);
  const idleAccounts = count(`select count(*) from stg_accounts a where not exists (select 1 from stg_invoices i where i.account_id = a.account_id)`);
  if (idleAccounts > 0) warnings.push(`${idleAccounts.toLocaleString("en-US")} account${idleAccounts === 1 ? " has" : "s have"} no invoices.`);
  for (const t of summaryTables) {
    if (t.removed > 0) warnings.push(`${t.removed.toLocaleString("en-US")} ${rowNames[t.kind]} row${t.removed === 1 ? " was" : "s were"} removed (not in the replacing snapshot, or hanging from removed rows).`);
  }
  const rejected = files.reduce((n, f) => n + f.rowsRejected, 0);
  if (rejected > 0) warnings.push(`${rejected.toLocaleString("en-US")} row${rejected === 1 ? " was" : "s were"} rejected; see the rejected rows below.`);
  return { tables: summaryTables, files: summaryFiles, warnings };
}

export function saveImportSummary(db: Db, importId: number, summary: ImportSummary): void {
  db.$client.prepare(`insert or replace into etl_import_summaries (import_id, summary) values (?, ?)`).run(importId, JSON.stringify(summary));
}

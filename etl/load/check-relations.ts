import type Database from "better-sqlite3";
import type { FileKind } from "../extract/file-specs";

/*
 * The rules that need more than one row: duplicate keys within a file, keys that point nowhere,
 * and lines of rejected invoices. Each rule records its rejects, then removes those rows from the
 * batch, so later rules and the merge only see rows that passed everything before them.
 */

export type RelationContext = {
  /** Kinds present in this import. */
  kinds: ReadonlySet<FileKind>;
  /** In replace mode a provided file is the whole table, so staging rows of that kind stop counting as known. */
  isReplace: boolean;
};

function dropRejected(sqlite: Database.Database, kind: FileKind, table: string): void {
  sqlite
    .prepare(`delete from ${table} where line in (select line from temp.batch_rejects where file_kind = ? and line is not null)`)
    .run(kind);
}

function rejectDuplicates(
  sqlite: Database.Database,
  kind: FileKind,
  table: string,
  keyColumns: string[],
  describeKey: string,
): void {
  const keys = keyColumns.join(", ");
  const firstLines = `select ${keys}, min(line) as first_line from ${table} group by ${keys} having count(*) > 1`;
  const join = keyColumns.map((c) => `b.${c} = f.${c}`).join(" and ");
  sqlite
    .prepare(
      `insert into temp.batch_rejects
       select ?, b.line, ?, ${describeKey}, 'duplicate key: first seen on line ' || f.first_line
       from ${table} b join (${firstLines}) f on ${join}
       where b.line > f.first_line`,
    )
    .run(kind, keyColumns.join("+"));
  dropRejected(sqlite, kind, table);
}

export function checkRelations(sqlite: Database.Database, ctx: RelationContext): void {
  const stagingCounts = (kind: FileKind) => !(ctx.isReplace && ctx.kinds.has(kind));

  rejectDuplicates(sqlite, "accounts", "temp.batch_accounts", ["account_id"], "b.account_id");
  rejectDuplicates(sqlite, "skus", "temp.batch_skus", ["item_id"], "b.item_id");
  rejectDuplicates(sqlite, "invoices", "temp.batch_invoices", ["invoice_id"], "b.invoice_id");
  rejectDuplicates(sqlite, "invoice_line_items", "temp.batch_invoice_line_items", ["invoice_id", "item_id"], "b.invoice_id || '+' || b.item_id");

  const knownAccounts = `select account_id from temp.batch_accounts${stagingCounts("accounts") ? " union select account_id from stg_accounts" : ""}`;
  sqlite.exec(`
    insert into temp.batch_rejects
    select 'invoices', line, 'account_id', account_id, 'unknown account ' || account_id
    from temp.batch_invoices where account_id not in (${knownAccounts});
    insert or ignore into temp.batch_rejected_invoices
    select invoice_id, line from temp.batch_invoices where account_id not in (${knownAccounts});
  `);
  dropRejected(sqlite, "invoices", "temp.batch_invoices");

  sqlite.exec(`
    insert into temp.batch_rejects
    select 'invoice_line_items', l.line, 'invoice_id', l.invoice_id,
           'its invoice ' || l.invoice_id || ' was rejected (invoices.csv line ' || r.line || ')'
    from temp.batch_invoice_line_items l join temp.batch_rejected_invoices r on r.invoice_id = l.invoice_id;
  `);
  dropRejected(sqlite, "invoice_line_items", "temp.batch_invoice_line_items");

  const knownInvoices = `select invoice_id from temp.batch_invoices${stagingCounts("invoices") ? " union select invoice_id from stg_invoices" : ""}`;
  const knownSkus = `select item_id from temp.batch_skus${stagingCounts("skus") ? " union select item_id from stg_skus" : ""}`;
  sqlite.exec(`
    insert into temp.batch_rejects
    select 'invoice_line_items', line, 'invoice_id', invoice_id, 'unknown invoice ' || invoice_id
    from temp.batch_invoice_line_items where invoice_id not in (${knownInvoices});
  `);
  dropRejected(sqlite, "invoice_line_items", "temp.batch_invoice_line_items");
  sqlite.exec(`
    insert into temp.batch_rejects
    select 'invoice_line_items', line, 'item_id', item_id, 'unknown SKU ' || item_id
    from temp.batch_invoice_line_items where item_id not in (${knownSkus});
  `);
  dropRejected(sqlite, "invoice_line_items", "temp.batch_invoice_line_items");
}

import type Database from "better-sqlite3";
import type { FileKind } from "../extract/file-specs";
import type { RowOf } from "../extract/row-schemas";

/*
 * Per-import scratch tables in SQLite's connection-private temp schema. Every parsed row lands
 * here first, so the cross-file rules (duplicates, unknown keys, cascades) run as set-based SQL
 * and staging is touched only once the whole import has been judged.
 */

export const batchTable: Record<FileKind, string> = {
  accounts: "temp.batch_accounts",
  skus: "temp.batch_skus",
  invoices: "temp.batch_invoices",
  invoice_line_items: "temp.batch_invoice_line_items",
};

const ddl = `
drop table if exists temp.batch_accounts;
drop table if exists temp.batch_skus;
drop table if exists temp.batch_invoices;
drop table if exists temp.batch_invoice_line_items;
drop table if exists temp.batch_rejects;
drop table if exists temp.batch_rejected_invoices;
create table temp.batch_accounts (
  line integer primary key, account_id integer not null, company_name text not null, company_address text,
  contact_person text, contact_phone text, gender text, joining_date text not null
);
create table temp.batch_skus (
  line integer primary key, item_id text not null, item_name text not null, item_description text,
  item_cost_price_cents integer not null, item_retail_price_cents integer not null
);
create table temp.batch_invoices (
  line integer primary key, invoice_id integer not null, account_id integer not null,
  date_issued text not null, payment_date text
);
create table temp.batch_invoice_line_items (
  line integer primary key, invoice_id integer not null, item_id text not null, quantity integer not null
);
create table temp.batch_rejects (
  file_kind text not null, line integer, "column" text, value text, reason text not null
);
-- Invoice ids whose row was rejected, so their lines can be rejected with them.
create table temp.batch_rejected_invoices (invoice_id integer primary key, line integer not null);
`;

export function createBatchTables(sqlite: Database.Database): void {
  sqlite.exec(ddl);
}

export function dropBatchTables(sqlite: Database.Database): void {
  sqlite.exec(ddl.split("\n").filter((l) => l.startsWith("drop")).join("\n"));
}

export type BatchWriters = {
  insert: { [K in FileKind]: (line: number, row: RowOf<K>) => void };
  reject: (kind: FileKind, line: number | null, column: string, value: string, reason: string) => void;
  rejectInvoice: (invoiceId: number, line: number) => void;
};

export function prepareBatchWriters(sqlite: Database.Database): BatchWriters {
  const accounts = sqlite.prepare(`insert into temp.batch_accounts values (?, ?, ?, ?, ?, ?, ?, ?)`);
  const skus = sqlite.prepare(`insert into temp.batch_skus values (?, ?, ?, ?, ?, ?)`);
  const invoices = sqlite.prepare(`insert into temp.batch_invoices values (?, ?, ?, ?, ?)`);
  const lines = sqlite.prepare(`insert into temp.batch_invoice_line_items values (?, ?, ?, ?)`);
  const rejects = sqlite.prepare(`insert into temp.batch_rejects values (?, ?, ?, ?, ?)`);
  const rejectedInvoices = sqlite.prepare(`insert or ignore into temp.batch_rejected_invoices values (?, ?)`);
  return {
    insert: {
      accounts: (line, r) =>
        accounts.run(line, r.accountId, r.companyName, r.companyAddress, r.contactPerson, r.contactPhone, r.gender, r.joiningDate),
      skus: (line, r) => skus.run(line, r.itemId, r.itemName, r.itemDescription, r.itemCostPriceCents, r.itemRetailPriceCents),
      invoices: (line, r) => invoices.run(line, r.invoiceId, r.accountId, r.dateIssued, r.paymentDate),
      invoice_line_items: (line, r) => lines.run(line, r.invoiceId, r.itemId, r.quantity),
    },
    reject: (kind, line, column, value, reason) => rejects.run(kind, line, column, value, reason),
    rejectInvoice: (invoiceId, line) => rejectedInvoices.run(invoiceId, line),
  };
}

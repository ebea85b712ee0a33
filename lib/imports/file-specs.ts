/**
 * The four source extracts: their file names, the columns we require, and their keys. Listed
 * parents first, the order they load in, so every key a row refers to is already there.
 */
export const fileKinds = ["accounts", "skus", "invoices", "invoice_line_items"] as const;
export type FileKind = (typeof fileKinds)[number];

export type FileSpec = {
  kind: FileKind;
  fileName: string;
  columns: readonly string[];
  keyColumns: readonly string[];
};

export const fileSpecs = {
  accounts: {
    kind: "accounts",
    fileName: "accounts.csv",
    columns: ["account_id", "company_name", "company_address", "contact_person", "contact_phone", "gender", "joining_date"],
    keyColumns: ["account_id"],
  },
  skus: {
    kind: "skus",
    fileName: "skus.csv",
    columns: ["item_id", "item_name", "item_description", "item_cost_price", "item_retail_price"],
    keyColumns: ["item_id"],
  },
  invoices: {
    kind: "invoices",
    fileName: "invoices.csv",
    columns: ["invoice_id", "account_id", "date_issued", "payment_dates"],
    keyColumns: ["invoice_id"],
  },
  invoice_line_items: {
    kind: "invoice_line_items",
    fileName: "invoice_line_items.csv",
    columns: ["invoice_id", "item_id", "quantity"],
    keyColumns: ["invoice_id", "item_id"],
  },
} as const satisfies Record<FileKind, FileSpec>;

/**
 * Recognises an extract by its header row, so a file named `export (3).csv` still loads.
 * The kind whose required columns are all present wins; line items are checked before invoices
 * because both carry invoice_id.
 */
export function detectFileKind(header: readonly string[]): FileKind | undefined {
  const names = new Set(header.map((h) => h.trim()));
  const order: FileKind[] = ["invoice_line_items", "invoices", "accounts", "skus"];
  return order.find((kind) => fileSpecs[kind].columns.every((c) => names.has(c)));
}

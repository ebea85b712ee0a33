import type Database from "better-sqlite3";
import type { FileKind } from "../extract/file-specs";

/*
 * Set-based upserts from the judged batch into staging. Line items take the SKU's current
 * prices only when first inserted: re-loading a line later updates its quantity but never
 * reprices an invoice that was already issued.
 */

const upserts: Record<FileKind, string> = {
  accounts: `
    insert into stg_accounts (account_id, company_name, company_address, contact_person, contact_phone, gender, joining_date, import_id)
    select account_id, company_name, company_address, contact_person, contact_phone, gender, joining_date, @importId
    from temp.batch_accounts where true
    on conflict (account_id) do update set
      company_name = excluded.company_name, company_address = excluded.company_address,
      contact_person = excluded.contact_person, contact_phone = excluded.contact_phone,
      gender = excluded.gender, joining_date = excluded.joining_date, import_id = excluded.import_id`,
  skus: `
    insert into stg_skus (item_id, item_name, item_description, item_cost_price_cents, item_retail_price_cents, import_id)
    select item_id, item_name, item_description, item_cost_price_cents, item_retail_price_cents, @importId
    from temp.batch_skus where true
    on conflict (item_id) do update set
      item_name = excluded.item_name, item_description = excluded.item_description,
      item_cost_price_cents = excluded.item_cost_price_cents,
      item_retail_price_cents = excluded.item_retail_price_cents, import_id = excluded.import_id`,
  invoices: `
    insert into stg_invoices (invoice_id, account_id, date_issued, payment_date, import_id)
    select invoice_id, account_id, date_issued, payment_date, @importId
    from temp.batch_invoices where true
    on conflict (invoice_id) do update set
      account_id = excluded.account_id, date_issued = excluded.date_issued,
      payment_date = excluded.payment_date, import_id = excluded.import_id`,
  invoice_line_items: `
    insert into stg_invoice_line_items (invoice_id, item_id, quantity, unit_price_cents, unit_cost_cents, import_id)
    select l.invoice_id, l.item_id, l.quantity, s.item_retail_price_cents, s.item_cost_price_cents, @importId
    from temp.batch_invoice_line_items l join stg_skus s on s.item_id = l.item_id where true
    on conflict (invoice_id, item_id) do update set
      quantity = excluded.quantity, import_id = excluded.import_id`,
};

/** Rows of a replaced table that the new snapshot no longer has. */
const replaceDeletes: Record<FileKind, string> = {
  accounts: `delete from stg_accounts where account_id not in (select account_id from temp.batch_accounts)`,
  skus: `delete from stg_skus where item_id not in (select item_id from temp.batch_skus)`,
  invoices: `delete from stg_invoices where invoice_id not in (select invoice_id from temp.batch_invoices)`,
  invoice_line_items: `
    delete from stg_invoice_line_items where not exists (
      select 1 from temp.batch_invoice_line_items b
      where b.invoice_id = stg_invoice_line_items.invoice_id and b.item_id = stg_invoice_line_items.item_id)`,
};

export type MergeOutcome = {
  /** Accounts whose derived models must be rebuilt; `all` after a replace or a large merge. */
  affectedAccounts: "all" | number[];
  removedRows: Record<FileKind, number>;
};

const mergeOrder: FileKind[] = ["accounts", "skus", "invoices", "invoice_line_items"];

export function mergeIntoStaging(
  sqlite: Database.Database,
  kinds: ReadonlySet<FileKind>,
  options: { isReplace: boolean; importId: number },
): MergeOutcome {
  const removedRows: Record<FileKind, number> = { accounts: 0, skus: 0, invoices: 0, invoice_line_items: 0 };
  // Captured before the merge: an invoice that moves to another account changes both accounts.
  const affected = options.isReplace ? undefined : collectAffectedAccounts(sqlite);

  for (const kind of mergeOrder) {
    if (!kinds.has(kind)) continue;
    if (options.isReplace) removedRows[kind] += sqlite.prepare(replaceDeletes[kind]).run().changes;
    sqlite.prepare(upserts[kind]).run({ importId: options.importId });
  }
  if (options.isReplace) {
    // A snapshot that drops an account or invoice drops what hangs from it, so no orphans remain.
    removedRows.invoices += sqlite
      .prepare(`delete from stg_invoices where account_id not in (select account_id from stg_accounts)`)
      .run().changes;
    removedRows.invoice_line_items += sqlite
      .prepare(`delete from stg_invoice_line_items where invoice_id not in (select invoice_id from stg_invoices)`)
      .run().changes;
  }
  return { affectedAccounts: affected ?? "all", removedRows };
}

function collectAffectedAccounts(sqlite: Database.Database): number[] {
  const rows = sqlite
    .prepare(
      `select account_id from temp.batch_accounts
       union select account_id from temp.batch_invoices
       union select s.account_id from stg_invoices s join temp.batch_invoices b on b.invoice_id = s.invoice_id
       union select account_id from stg_invoices where invoice_id in (select invoice_id from temp.batch_invoice_line_items)
       union select account_id from temp.batch_invoices where invoice_id in (select invoice_id from temp.batch_invoice_line_items)`,
    )
    .pluck()
    .all() as number[];
  return rows;
}

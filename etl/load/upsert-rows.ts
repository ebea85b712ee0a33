import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../lib/db/client";
import { stgAccounts, stgInvoiceLineItems, stgInvoices, stgSkus } from "../../lib/db/schema";
import type { AccountRow, InvoiceRow, LineItemRow, SkuRow } from "../extract/row-schemas";

/*
 * Single-row writes to staging, for the change-data-capture consumer: one validated row at a
 * time, then a model build scoped to the accounts each write reports as affected. They follow
 * the same rules as the bulk merge (merge-staging.ts), including prices frozen on first insert.
 */

export function upsertAccount(db: Db, row: AccountRow, importId: number | null = null): number[] {
  const { accountId, ...rest } = row;
  db.insert(stgAccounts)
    .values({ ...row, importId })
    .onConflictDoUpdate({ target: stgAccounts.accountId, set: { ...rest, importId } })
    .run();
  return [accountId];
}

/** A catalogue change never reprices issued invoices, so it affects no account's models. */
export function upsertSku(db: Db, row: SkuRow, importId: number | null = null): number[] {
  const { itemId, ...rest } = row;
  db.insert(stgSkus)
    .values({ ...row, importId })
    .onConflictDoUpdate({ target: stgSkus.itemId, set: { ...rest, importId } })
    .run();
  return [];
}

export function upsertInvoice(db: Db, row: InvoiceRow, importId: number | null = null): number[] {
  const previous = db.select({ accountId: stgInvoices.accountId }).from(stgInvoices).where(eq(stgInvoices.invoiceId, row.invoiceId)).get();
  const { invoiceId, ...rest } = row;
  db.insert(stgInvoices)
    .values({ ...row, importId })
    .onConflictDoUpdate({ target: stgInvoices.invoiceId, set: { ...rest, importId } })
    .run();
  return previous && previous.accountId !== row.accountId ? [previous.accountId, row.accountId] : [row.accountId];
}

export class MissingParentError extends Error {}

export function upsertLineItem(db: Db, row: LineItemRow, importId: number | null = null): number[] {
  const invoice = db.select({ accountId: stgInvoices.accountId }).from(stgInvoices).where(eq(stgInvoices.invoiceId, row.invoiceId)).get();
  if (!invoice) throw new MissingParentError(`unknown invoice ${row.invoiceId}`);
  const sku = db
    .select({ retail: stgSkus.itemRetailPriceCents, cost: stgSkus.itemCostPriceCents })
    .from(stgSkus)
    .where(eq(stgSkus.itemId, row.itemId))
    .get();
  if (!sku) throw new MissingParentError(`unknown SKU ${row.itemId}`);
  db.insert(stgInvoiceLineItems)
    .values({ ...row, unitPriceCents: sku.retail, unitCostCents: sku.cost, importId })
    .onConflictDoUpdate({
      target: [stgInvoiceLineItems.invoiceId, stgInvoiceLineItems.itemId],
      set: { quantity: row.quantity, importId },
    })
    .run();
  return [invoice.accountId];
}

export function deleteAccount(db: Db, accountId: number): number[] {
  db.delete(stgInvoiceLineItems)
    .where(sql`${stgInvoiceLineItems.invoiceId} in (select invoice_id from stg_invoices where account_id = ${accountId})`)
    .run();
  db.delete(stgInvoices).where(eq(stgInvoices.accountId, accountId)).run();
  db.delete(stgAccounts).where(eq(stgAccounts.accountId, accountId)).run();
  return [accountId];
}

export function deleteInvoice(db: Db, invoiceId: number): number[] {
  const invoice = db.select({ accountId: stgInvoices.accountId }).from(stgInvoices).where(eq(stgInvoices.invoiceId, invoiceId)).get();
  db.delete(stgInvoiceLineItems).where(eq(stgInvoiceLineItems.invoiceId, invoiceId)).run();
  db.delete(stgInvoices).where(eq(stgInvoices.invoiceId, invoiceId)).run();
  return invoice ? [invoice.accountId] : [];
}

export function deleteLineItem(db: Db, invoiceId: number, itemId: string): number[] {
  const invoice = db.select({ accountId: stgInvoices.accountId }).from(stgInvoices).where(eq(stgInvoices.invoiceId, invoiceId)).get();
  db.delete(stgInvoiceLineItems)
    .where(and(eq(stgInvoiceLineItems.invoiceId, invoiceId), eq(stgInvoiceLineItems.itemId, itemId)))
    .run();
  return invoice ? [invoice.accountId] : [];
}

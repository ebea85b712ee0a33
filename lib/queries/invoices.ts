import { getDb, type Db } from "../db/client";
import { addDays } from "../dates";
import { prepared } from "./statements";

export type InvoiceHeader = {
  invoiceId: number;
  accountId: number;
  companyName: string;
  dateIssued: string;
  dueDate: string;
  paymentDate: string | null;
  daysToPay: number | null;
  lineCount: number;
  itemCount: number;
  totalCents: number;
  costCents: number;
};

export function getInvoice(invoiceId: number, db: Db = getDb()): InvoiceHeader | null {
  const row = prepared(
    db,
    `select i.invoice_id as invoiceId, i.account_id as accountId, a.company_name as companyName,
            i.date_issued as dateIssued, i.payment_date as paymentDate, i.days_to_pay as daysToPay,
            i.line_count as lineCount, i.item_count as itemCount,
            i.total_cents as totalCents, i.cost_cents as costCents
     from mart_invoices as i
     join mart_accounts as a on a.account_id = i.account_id
     where i.invoice_id = ?`,
  ).get(invoiceId) as Omit<InvoiceHeader, "dueDate"> | undefined;
  return row ? { ...row, dueDate: addDays(row.dateIssued, 30) } : null;
}

export type InvoiceLine = {
  itemId: string;
  /** Null when the SKU is missing from the catalogue extract (an orphan key in a live extract). */
  itemName: string | null;
  itemDescription: string | null;
  quantity: number;
  unitPriceCents: number;
  unitCostCents: number;
  lineTotalCents: number;
  lineCostCents: number;
  marginCents: number;
  /** Margin as a share of the line total; null for a zero-priced line. */
  marginShare: number | null;
};

/**
 * The invoice's lines at the prices frozen when it was loaded, so they add up to the invoice
 * total in mart_invoices. Lines are only needed one invoice at a time, so this reads
 * staging directly rather than copying millions of lines into a mart.
 */
export function getInvoiceLines(invoiceId: number, db: Db = getDb()): InvoiceLine[] {
  const rows = prepared(
    db,
    `select l.item_id as itemId, s.item_name as itemName, s.item_description as itemDescription,
            l.quantity, l.unit_price_cents as unitPriceCents, l.unit_cost_cents as unitCostCents,
            l.quantity * l.unit_price_cents as lineTotalCents,
            l.quantity * l.unit_cost_cents as lineCostCents
     from stg_invoice_line_items as l
     left join stg_skus as s on s.item_id = l.item_id
     where l.invoice_id = ?
     order by l.item_id`,
  ).all(invoiceId) as Omit<InvoiceLine, "marginCents" | "marginShare">[];
  return rows.map((r) => {
    const marginCents = r.lineTotalCents - r.lineCostCents;
    return { ...r, marginCents, marginShare: r.lineTotalCents > 0 ? marginCents / r.lineTotalCents : null };
  });
}

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

/** The invoice's lines at the prices frozen when it was loaded, so they add up to its total. */
export function getInvoiceLines(invoiceId: number, db: Db = getDb()): InvoiceLine[] {
  const rows = prepared(
    db,
    `select item_id as itemId, item_name as itemName, item_description as itemDescription,
            quantity, unit_price_cents as unitPriceCents, unit_cost_cents as unitCostCents,
            line_total_cents as lineTotalCents, line_cost_cents as lineCostCents
     from mart_invoice_lines
     where invoice_id = ?
     order by item_id`,
  ).all(invoiceId) as Omit<InvoiceLine, "marginCents" | "marginShare">[];
  return rows.map((r) => {
    const marginCents = r.lineTotalCents - r.lineCostCents;
    return { ...r, marginCents, marginShare: r.lineTotalCents > 0 ? marginCents / r.lineTotalCents : null };
  });
}

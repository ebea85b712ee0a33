import { z } from "zod";
import type { FileKind } from "./file-specs";
import { parseCents, parseInteger, parseIsoDate } from "./values";

/*
 * One zod schema per extract, from the raw CSV strings (already trimmed) to typed staging rows.
 * The CLI import, the browser upload and the change-event consumer all validate through these.
 */

const positiveId = (what: string) =>
  z.string().transform((raw, ctx) => {
    const n = parseInteger(raw);
    if (n === undefined || n <= 0) {
      ctx.issues.push({ code: "custom", input: raw, message: `${what} must be a positive whole number` });
      return z.NEVER;
    }
    return n;
  });

const isoDate = z.string().transform((raw, ctx) => {
  const date = parseIsoDate(raw);
  if (date === undefined) {
    ctx.issues.push({
      code: "custom",
      input: raw,
      message: raw === "" ? "date is missing" : "not a real date in YYYY-MM-DD form",
    });
    return z.NEVER;
  }
  return date;
});

const money = z.string().transform((raw, ctx) => {
  const cents = parseCents(raw);
  if (cents === undefined) {
    ctx.issues.push({ code: "custom", input: raw, message: "not an amount with at most two decimals" });
    return z.NEVER;
  }
  if (cents < 0) {
    ctx.issues.push({ code: "custom", input: raw, message: "price is negative" });
    return z.NEVER;
  }
  return cents;
});

const requiredText = (what: string) => z.string().min(1, `${what} is missing`);
const optionalText = z.string().transform((raw) => (raw === "" ? null : raw));

/**
 * The column is named payment_dates and a live system may list several partial payments.
 * The invoice counts as settled on the latest of them; empty means unpaid.
 */
const paymentDates = z.string().transform((raw, ctx) => {
  if (raw === "") return null;
  const parts = raw.split(/[;,|\s]+/).filter(Boolean);
  let latest: string | null = null;
  for (const part of parts) {
    const date = parseIsoDate(part);
    if (date === undefined) {
      ctx.issues.push({ code: "custom", input: raw, message: `"${part}" is not a real date in YYYY-MM-DD form` });
      return z.NEVER;
    }
    if (latest === null || date > latest) latest = date;
  }
  return latest;
});

export const accountRowSchema = z
  .object({
    account_id: positiveId("account_id"),
    company_name: requiredText("company_name"),
    company_address: optionalText,
    contact_person: optionalText,
    contact_phone: optionalText,
    gender: optionalText,
    joining_date: isoDate,
  })
  .transform((r) => ({
    accountId: r.account_id,
    companyName: r.company_name,
    companyAddress: r.company_address,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    gender: r.gender,
    joiningDate: r.joining_date,
  }));

export const skuRowSchema = z
  .object({
    item_id: requiredText("item_id"),
    item_name: requiredText("item_name"),
    item_description: optionalText,
    item_cost_price: money,
    item_retail_price: money,
  })
  .transform((r) => ({
    itemId: r.item_id,
    itemName: r.item_name,
    itemDescription: r.item_description,
    itemCostPriceCents: r.item_cost_price,
    itemRetailPriceCents: r.item_retail_price,
  }));

export const invoiceRowSchema = z
  .object({
    invoice_id: positiveId("invoice_id"),
    account_id: positiveId("account_id"),
    date_issued: isoDate,
    payment_dates: paymentDates,
  })
  .superRefine((r, ctx) => {
    if (r.payment_dates !== null && r.payment_dates < r.date_issued) {
      ctx.addIssue({
        code: "custom",
        path: ["payment_dates"],
        input: r.payment_dates,
        message: `payment date ${r.payment_dates} is before the issue date ${r.date_issued}`,
      });
    }
  })
  .transform((r) => ({
    invoiceId: r.invoice_id,
    accountId: r.account_id,
    dateIssued: r.date_issued,
    paymentDate: r.payment_dates,
  }));

export const lineItemRowSchema = z
  .object({
    invoice_id: positiveId("invoice_id"),
    item_id: requiredText("item_id"),
    quantity: positiveId("quantity"),
  })
  .transform((r) => ({ invoiceId: r.invoice_id, itemId: r.item_id, quantity: r.quantity }));

export type AccountRow = z.output<typeof accountRowSchema>;
export type SkuRow = z.output<typeof skuRowSchema>;
export type InvoiceRow = z.output<typeof invoiceRowSchema>;
export type LineItemRow = z.output<typeof lineItemRowSchema>;

export const rowSchemas = {
  accounts: accountRowSchema,
  skus: skuRowSchema,
  invoices: invoiceRowSchema,
  invoice_line_items: lineItemRowSchema,
} satisfies Record<FileKind, z.ZodType>;

export type RowOf<K extends FileKind> = z.output<(typeof rowSchemas)[K]>;

export type RowProblem = { column: string; value: string; reason: string };

/** The first problem zod found, as the column, the offending raw value and a readable reason. */
export function describeRowProblem(error: z.ZodError, raw: Record<string, string>): RowProblem {
  const issue = error.issues[0];
  const column = String(issue?.path[0] ?? "");
  return { column, value: raw[column] ?? "", reason: issue?.message ?? "invalid row" };
}

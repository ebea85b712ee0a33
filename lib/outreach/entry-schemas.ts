import { z } from "zod";
import { addDays, isoDateSchema } from "../dates";
import { OUTREACH_CHANNELS, OUTREACH_OUTCOMES } from "./vocabulary";

/*
 * The outreach forms, parsed by the account page's server actions before anything is stored.
 * An entry counts from the as-of date of the page it was logged on (docs/outreach.md), which
 * must lie within the data; a promise, a follow-up or a snooze's end lies ahead of that day, and
 * never more than a year ahead.
 */

export const MAX_NOTE_LENGTH = 2000;
export const MAX_DAYS_AHEAD = 366;
/** $10,000,000: far above any single account's balance, low enough to catch a slipped key. */
export const MAX_PROMISE_CENTS = 1_000_000_000;

/** A plain positive decimal id, as the pages' addresses take them: never hex, an exponent or a sign. */
const idSchema = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, "Not an id")
  .transform(Number);
const accountId = idSchema;
const entryId = idSchema;
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalDate = z.preprocess(blankToUndefined, isoDateSchema.optional());
const text = (max: number, label: string) => z.string().trim().max(max, `${label} is at most ${max} characters`);

/** Dollars and cents as typed ("1,250.50", "$300"), to positive integer cents. */
export const dollarsToCentsSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[$,\s]/g, "") : v),
  z
    .string()
    .regex(/^\d{1,8}(\.\d{1,2})?$/, "An amount in dollars, like 1250.50")
    .transform((v) => Math.round(Number(v) * 100))
    .refine((c) => c > 0, "More than $0")
    .refine((c) => c <= MAX_PROMISE_CENTS, "At most $10,000,000"),
);

/** The days an entry may count from: the data's first issue date to its as-of date. */
export type EntryBounds = { earliest: string; latest: string };

function entryDateSchema({ earliest, latest }: EntryBounds) {
  return isoDateSchema.refine((d) => d >= earliest && d <= latest, `Pick a date from ${earliest} to ${latest}, the data's range`);
}

function ahead({ allowSameDay }: { allowSameDay: boolean }) {
  return (entryDate: string, value: string, ctx: z.RefinementCtx, path: string, label: string) => {
    if (allowSameDay ? value < entryDate : value <= entryDate) {
      ctx.addIssue({ code: "custom", path: [path], message: `${label} must be ${allowSameDay ? "on or after" : "after"} ${entryDate}, the day this entry counts from` });
    } else if (value > addDays(entryDate, MAX_DAYS_AHEAD)) {
      ctx.addIssue({ code: "custom", path: [path], message: `${label} must be within a year of ${entryDate}` });
    }
  };
}
const strictlyAhead = ahead({ allowSameDay: false });
const onOrAhead = ahead({ allowSameDay: true });

/** A contact: who was reached how, what came of it, and what follows. */
export function contactSchema(bounds: EntryBounds) {
  return z
    .object({
      accountId,
      entryDate: entryDateSchema(bounds),
      channel: z.enum(OUTREACH_CHANNELS, "Pick call, email or visit"),
      outcome: z.enum(OUTREACH_OUTCOMES, "Pick what came of it"),
      note: z.preprocess((v) => v ?? "", text(MAX_NOTE_LENGTH, "The note")),
      promiseDate: optionalDate,
      promiseAmount: z.preprocess(blankToUndefined, dollarsToCentsSchema.optional()),
      disputeReason: z.preprocess(blankToUndefined, text(200, "The reason").optional()),
      invoiceIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idSchema).max(500)),
      followUpDate: optionalDate,
    })
    .superRefine((v, ctx) => {
      if (v.outcome === "promised") {
        if (!v.promiseDate) ctx.addIssue({ code: "custom", path: ["promiseDate"], message: "When did they promise to pay?" });
        else strictlyAhead(v.entryDate, v.promiseDate, ctx, "promiseDate", "The promise date");
        if (v.promiseAmount === undefined) ctx.addIssue({ code: "custom", path: ["promiseAmount"], message: "How much did they promise?" });
      }
      if (v.outcome === "disputed") {
        if (!v.disputeReason) ctx.addIssue({ code: "custom", path: ["disputeReason"], message: "Say what is disputed" });
        if (v.invoiceIds.length === 0) ctx.addIssue({ code: "custom", path: ["invoiceIds"], message: "Pick the invoices the dispute covers" });
      }
      if (v.followUpDate) onOrAhead(v.entryDate, v.followUpDate, ctx, "followUpDate", "The follow-up date");
    })
    .transform((v) => ({
      accountId: v.accountId,
      entryDate: v.entryDate,
      channel: v.channel,
      outcome: v.outcome,
      note: v.note || null,
      // Fields of another outcome are dropped rather than stored half-meant.
      promiseDate: v.outcome === "promised" ? v.promiseDate! : null,
      promiseCents: v.outcome === "promised" ? v.promiseAmount! : null,
      disputeReason: v.outcome === "disputed" ? v.disputeReason! : null,
      invoiceIds: v.outcome === "disputed" ? [...new Set(v.invoiceIds)] : [],
      followUpDate: v.followUpDate ?? null,
    }));
}

export function followUpSchema(bounds: EntryBounds) {
  return z
    .object({ accountId, entryDate: entryDateSchema(bounds), followUpDate: optionalDate })
    .superRefine((v, ctx) => {
      if (v.followUpDate) onOrAhead(v.entryDate, v.followUpDate, ctx, "followUpDate", "The follow-up date");
    })
    .transform((v) => ({ ...v, followUpDate: v.followUpDate ?? null }));
}

export function snoozeSchema(bounds: EntryBounds) {
  return z
    .object({
      accountId,
      entryDate: entryDateSchema(bounds),
      snoozeUntil: isoDateSchema,
      snoozeReason: text(200, "The reason").min(1, "Say why the account can wait"),
    })
    .superRefine((v, ctx) => strictlyAhead(v.entryDate, v.snoozeUntil, ctx, "snoozeUntil", "The snooze end"));
}

/** Ends a snooze at once: a snooze entry without an end. */
export const unsnoozeSchema = (bounds: EntryBounds) => z.object({ accountId, entryDate: entryDateSchema(bounds) });

export const ownerSchema = (bounds: EntryBounds) =>
  z.object({
    accountId,
    entryDate: entryDateSchema(bounds),
    /** A user id, or empty to unassign. */
    ownerUserId: z.preprocess(blankToUndefined, z.string().min(1).max(64).optional()),
  });

export const resolveDisputeSchema = (bounds: EntryBounds) => z.object({ accountId, entryDate: entryDateSchema(bounds), disputeEntryId: entryId });

export type ContactInput = z.infer<ReturnType<typeof contactSchema>>;

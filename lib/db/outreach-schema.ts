import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { OUTREACH_CHANNELS, OUTREACH_KINDS, OUTREACH_OUTCOMES } from "../outreach/vocabulary";

/*
 * The outreach log: the app's own data, written only by the outreach actions and never by an
 * import. Account and invoice ids are kept without foreign keys, so a replace import that drops
 * an account leaves its history readable. Entries are never updated or deleted: an account's
 * state at any date is derived from the entries made on or before it (lib/outreach/state.ts).
 */

/**
 * Grain: one row per thing a user recorded about an account: a contact, a follow-up date, a
 * snooze, an owner, or a dispute resolved.
 */
export const outreachEntries = sqliteTable(
  "outreach_entries",
  {
    entryId: integer("entry_id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id").notNull(),
    kind: text("kind", { enum: OUTREACH_KINDS }).notNull(),
    /** The data's as-of date when it was logged: the day it counts from on the data's timeline. */
    entryDate: text("entry_date").notNull(),
    /** Wall-clock time it was logged, ISO, UTC. */
    loggedAt: text("logged_at").notNull(),
    userId: text("user_id").notNull(),
    userEmail: text("user_email").notNull(),
    channel: text("channel", { enum: OUTREACH_CHANNELS }),
    outcome: text("outcome", { enum: OUTREACH_OUTCOMES }),
    note: text("note"),
    promiseDate: text("promise_date"),
    promiseCents: integer("promise_cents"),
    disputeReason: text("dispute_reason"),
    /** A contact's or follow-up entry's next follow-up; null on a contact clears it. */
    followUpDate: text("follow_up_date"),
    snoozeUntil: text("snooze_until"),
    snoozeReason: text("snooze_reason"),
    /** An owner entry's owner; null unassigns. */
    ownerUserId: text("owner_user_id"),
    ownerEmail: text("owner_email"),
    /** A dispute-resolved entry's dispute: the contact entry that opened it. */
    resolvesEntryId: integer("resolves_entry_id"),
  },
  (t) => [index("outreach_entries_account_idx").on(t.accountId, t.entryId), index("outreach_entries_date_idx").on(t.entryDate)],
);

/** Grain: one row per invoice a dispute covers. */
export const outreachDisputeInvoices = sqliteTable(
  "outreach_dispute_invoices",
  {
    entryId: integer("entry_id").notNull(),
    invoiceId: integer("invoice_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.invoiceId] })],
);

export type OutreachEntry = typeof outreachEntries.$inferSelect;

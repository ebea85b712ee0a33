import type { Db } from "../../lib/db/client";
import { addDays, daysBetween } from "../../lib/dates";
import { appendOutreachEntry, blankEntry, type NewOutreachEntry } from "../../lib/outreach/log-entries";
import { OUTREACH_CHANNELS } from "../../lib/outreach/vocabulary";
import { createStream } from "./prng";

/*
 * A plausible outreach log for the benchmark and the demo: staff mostly call accounts while an
 * invoice of theirs is overdue, so each contact is drawn from an overdue invoice, on a day inside
 * its overdue stretch; a tenth go to accounts picked at random. Some contacts dispute the
 * invoice they were about, and some disputes are resolved a few days later. Entries are
 * appended in date order, as they would be while the data's as-of date moves forward.
 */

/** The staff the sample's entries are logged by; the benchmark's "mine" is the first. */
export const SAMPLE_USERS = Array.from({ length: 20 }, (_, i) => ({ id: `sample-staff-${i + 1}`, email: i === 0 ? "staff@example.com" : `staff${i + 1}@example.com` }));

type LateInvoice = { invoiceId: number; accountId: number; dateIssued: string; paymentDate: string | null; totalCents: number };

export function logSampleOutreach(
  db: Db,
  { entries, seed = 1, users = SAMPLE_USERS }: { entries: number; seed?: number; users?: readonly { id: string; email: string }[] },
): number {
  const cutoff = db.$client.prepare(`select value from etl_state where key = 'data_cutoff'`).pluck().get() as string | undefined;
  if (!cutoff) throw new Error("logSampleOutreach: the database has no imported data");
  const rng = createStream(seed, 0x0e7);
  const late = db.$client
    .prepare(
      `select invoice_id as invoiceId, account_id as accountId, date_issued as dateIssued, payment_date as paymentDate, total_cents as totalCents
       from mart_invoices
       where date_issued < date(@cutoff, '-31 days') and (payment_date is null or payment_date > date(date_issued, '+31 days'))
       order by invoice_id`,
    )
    .all({ cutoff }) as LateInvoice[];
  const accounts = db.$client.prepare(`select account_id from mart_accounts order by account_id`).pluck().all() as number[];
  if (late.length === 0 || accounts.length === 0) throw new Error("logSampleOutreach: nothing was ever overdue");

  const planned: (NewOutreachEntry & { resolvesPlanned?: number })[] = [];
  while (planned.length < entries) {
    const user = rng.pick(users);
    let accountId: number;
    let day: string;
    let cents: number;
    let invoiceId: number | null = null;
    if (rng.chance(0.9)) {
      const invoice = rng.pick(late);
      invoiceId = invoice.invoiceId;
      const overdueFrom = addDays(invoice.dateIssued, 31);
      const overdueTo = invoice.paymentDate && invoice.paymentDate <= cutoff ? addDays(invoice.paymentDate, -1) : cutoff;
      accountId = invoice.accountId;
      day = addDays(overdueFrom, rng.int(0, Math.max(0, daysBetween(overdueFrom, overdueTo))));
      cents = invoice.totalCents;
    } else {
      accountId = rng.pick(accounts);
      day = addDays(cutoff, -rng.int(0, 330));
      cents = rng.int(100, 5_000) * 100;
    }
    const roll = rng.float();
    if (roll < 0.75) {
      const outcome =
        invoiceId !== null && rng.chance(0.08)
          ? "disputed"
          : rng.pick(["no-answer", "no-answer", "left-message", "left-message", "promised", "promised", "promised", "says-paid", "other"] as const);
      const entry: NewOutreachEntry = { ...blankEntry("contact", accountId, day, user), channel: rng.pick(OUTREACH_CHANNELS), outcome };
      if (outcome === "promised") {
        entry.promiseDate = addDays(day, rng.int(2, 21));
        entry.promiseCents = Math.max(100, Math.round(cents * rng.pick([0.5, 1, 1, 1, 1.5])));
      }
      if (outcome === "disputed") {
        entry.disputeReason = rng.pick(["Short delivery", "Wrong price", "Damaged goods"]);
        entry.invoiceIds = [invoiceId!];
      }
      if (rng.chance(0.5)) entry.followUpDate = addDays(day, rng.int(3, 14));
      planned.push(entry);
      // Half the disputes are settled within a fortnight.
      if (outcome === "disputed" && rng.chance(0.5) && planned.length < entries) {
        planned.push({ ...blankEntry("dispute-resolved", accountId, addDays(day, rng.int(1, 14)), user), resolvesPlanned: planned.length - 1 });
      }
    } else if (roll < 0.88) {
      planned.push({ ...blankEntry("follow-up", accountId, day, user), followUpDate: addDays(day, rng.int(1, 14)) });
    } else if (roll < 0.94) {
      planned.push({ ...blankEntry("snooze", accountId, day, user), snoozeUntil: addDays(day, rng.int(3, 30)), snoozeReason: "Pays at month end" });
    } else {
      planned.push({ ...blankEntry("owner", accountId, day, user), ownerUserId: user.id, ownerEmail: user.email });
    }
  }
  // In date order; a resolution can only name a dispute already logged, and always comes later.
  const order = planned.map((_, i) => i).sort((a, b) => (planned[a]!.entryDate < planned[b]!.entryDate ? -1 : planned[a]!.entryDate > planned[b]!.entryDate ? 1 : a - b));
  const entryIds = new Map<number, number>();
  // One commit for all: appendOutreachEntry's own transaction nests as a savepoint.
  db.$client.transaction(() => {
    for (const i of order) {
      const { resolvesPlanned, ...entry } = planned[i]!;
      if (resolvesPlanned !== undefined) entry.resolvesEntryId = entryIds.get(resolvesPlanned) ?? null;
      entryIds.set(i, appendOutreachEntry(db, entry));
    }
  })();
  return planned.length;
}

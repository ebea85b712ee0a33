import type { Db } from "../db/client";
import { outreachDisputeInvoices, outreachEntries, type OutreachEntry } from "../db/outreach-schema";

/*
 * The one writer of the outreach log, called by the account page's server actions (after the
 * session, the role and the form are checked) and by the benchmark. An entry and the invoices a
 * dispute names commit together or not at all.
 */

export type NewOutreachEntry = Omit<OutreachEntry, "entryId" | "loggedAt"> & { invoiceIds?: readonly number[] };

/** The days an entry can count from: the data's first issue date to its as-of date. Null before the first import. */
export function entryBounds(db: Db): { earliest: string; latest: string } | null {
  const state = new Map(db.$client.prepare(`select key, value from etl_state where key in ('first_issued', 'data_cutoff')`).raw().all() as [string, string][]);
  const [earliest, latest] = [state.get("first_issued"), state.get("data_cutoff")];
  return earliest && latest ? { earliest, latest } : null;
}

export function appendOutreachEntry(db: Db, { invoiceIds = [], ...entry }: NewOutreachEntry, loggedAt = new Date()): number {
  return db.$client.transaction(() => {
    const { entryId } = db
      .insert(outreachEntries)
      .values({ ...entry, loggedAt: loggedAt.toISOString() })
      .returning({ entryId: outreachEntries.entryId })
      .get();
    if (invoiceIds.length > 0) db.insert(outreachDisputeInvoices).values(invoiceIds.map((invoiceId) => ({ entryId, invoiceId }))).run();
    return entryId;
  }).immediate();
}

/** A blank entry of `kind`: every optional field null, so each action sets only its own. */
export function blankEntry(kind: OutreachEntry["kind"], accountId: number, entryDate: string, user: { id: string; email: string }): NewOutreachEntry {
  return {
    kind,
    accountId,
    entryDate,
    userId: user.id,
    userEmail: user.email,
    channel: null,
    outcome: null,
    note: null,
    promiseDate: null,
    promiseCents: null,
    disputeReason: null,
    followUpDate: null,
    snoozeUntil: null,
    snoozeReason: null,
    ownerUserId: null,
    ownerEmail: null,
    resolvesEntryId: null,
  };
}

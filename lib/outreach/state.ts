import type { OutreachEntry } from "../db/outreach-schema";
import type { OutreachChannel, OutreachOutcome } from "./vocabulary";

/*
 * An account's outreach state at an as-of date T, derived from its entries made on or before T
 * (docs/outreach.md). Nothing is stored as state, so a past date shows the promises, disputes and
 * snoozes as they stood then, and a later entry never rewrites what an earlier view showed.
 *
 * - The last contact is the latest contact entry.
 * - The next follow-up is the one set by the latest contact or follow-up entry: logging a contact
 *   completes the follow-up unless it sets a new one.
 * - A snooze holds the account off the list from its entry until the day before its end date.
 * - A dispute covers the invoices it names until a dispute-resolved entry closes it.
 * - Only the latest promise counts. It is kept once the account's payments after the day it was
 *   made, up to its date, reach its amount; broken once T is past its date without that; pending
 *   before. A broken promise lifts the account to the top until someone contacts it again.
 */

export type EntryForState = Pick<
  OutreachEntry,
  | "entryId"
  | "kind"
  | "entryDate"
  | "userId"
  | "userEmail"
  | "channel"
  | "outcome"
  | "note"
  | "promiseDate"
  | "promiseCents"
  | "disputeReason"
  | "followUpDate"
  | "snoozeUntil"
  | "snoozeReason"
  | "ownerUserId"
  | "ownerEmail"
  | "resolvesEntryId"
> & { invoiceIds: number[] };

export type PromiseStatus = "pending" | "kept" | "broken";

export type OutreachPromise = {
  entryId: number;
  madeOn: string;
  madeBy: { userId: string; email: string };
  promiseDate: string;
  cents: number;
  /** Paid by the account after the day of the promise, up to min(T, its date). */
  paidCents: number;
  status: PromiseStatus;
};

export type OpenDispute = { entryId: number; openedOn: string; reason: string; invoiceIds: number[] };

export type AccountOutreachState = {
  accountId: number;
  lastContact: { entryId: number; date: string; channel: OutreachChannel; outcome: OutreachOutcome; userEmail: string } | null;
  followUpDate: string | null;
  /** Who set the follow-up: "my follow-ups" are the ones I set or on accounts I own. */
  followUpSetBy: string | null;
  snooze: { until: string; reason: string } | null;
  owner: { userId: string; email: string } | null;
  disputes: OpenDispute[];
  promise: OutreachPromise | null;
  /** A broken promise nobody has followed up since its date: the account goes to the top. */
  needsChase: boolean;
};

/** The latest promise among `entries` (on or before T), before its payments are known. */
export function latestPromise(entries: readonly EntryForState[]): EntryForState | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind === "contact" && e.outcome === "promised" && e.promiseDate && e.promiseCents) return e;
  }
  return null;
}

/** The window whose payments count towards a promise at T: after the day it was made, up to min(T, its date). */
export function promiseWindow(promise: Pick<EntryForState, "entryDate" | "promiseDate">, asOf: string): { after: string; upTo: string } {
  return { after: promise.entryDate, upTo: promise.promiseDate! < asOf ? promise.promiseDate! : asOf };
}

export function promiseStatus(cents: number, paidCents: number, promiseDate: string, asOf: string): PromiseStatus {
  if (paidCents >= cents) return "kept";
  return asOf > promiseDate ? "broken" : "pending";
}

/**
 * The state at `asOf` of one account whose entries (all made on or before `asOf`) are given in
 * the order they were made; `paidBetween(after, upTo)` gives the account's payments on days in
 * (after, upTo], asked only for the latest promise's window (promiseWindow).
 */
export function deriveAccountState(
  accountId: number,
  entries: readonly EntryForState[],
  asOf: string,
  paidBetween: (after: string, upTo: string) => number,
): AccountOutreachState {
  let lastContact: AccountOutreachState["lastContact"] = null;
  let followUpDate: string | null = null;
  let followUpSetBy: string | null = null;
  let snooze: AccountOutreachState["snooze"] = null;
  let owner: AccountOutreachState["owner"] = null;
  let disputes: Map<number, OpenDispute> | null = null;
  for (const e of entries) {
    if (e.entryDate > asOf) throw new Error(`entry ${e.entryId} was made after ${asOf}`);
    switch (e.kind) {
      case "contact":
        lastContact = { entryId: e.entryId, date: e.entryDate, channel: e.channel!, outcome: e.outcome!, userEmail: e.userEmail };
        followUpDate = e.followUpDate;
        followUpSetBy = e.followUpDate ? e.userId : null;
        if (e.outcome === "disputed") (disputes ??= new Map()).set(e.entryId, { entryId: e.entryId, openedOn: e.entryDate, reason: e.disputeReason ?? "", invoiceIds: e.invoiceIds });
        break;
      case "follow-up":
        followUpDate = e.followUpDate;
        followUpSetBy = e.followUpDate ? e.userId : null;
        break;
      case "snooze":
        snooze = e.snoozeUntil ? { until: e.snoozeUntil, reason: e.snoozeReason ?? "" } : null;
        break;
      case "owner":
        owner = e.ownerUserId && e.ownerEmail ? { userId: e.ownerUserId, email: e.ownerEmail } : null;
        break;
      case "dispute-resolved":
        if (e.resolvesEntryId !== null) disputes?.delete(e.resolvesEntryId);
        break;
    }
  }
  const made = latestPromise(entries);
  let promise: OutreachPromise | null = null;
  if (made) {
    const { after, upTo } = promiseWindow(made, asOf);
    const paidTowardsPromise = paidBetween(after, upTo);
    promise = {
        entryId: made.entryId,
        madeOn: made.entryDate,
        madeBy: { userId: made.userId, email: made.userEmail },
        promiseDate: made.promiseDate!,
        cents: made.promiseCents!,
        paidCents: paidTowardsPromise,
      status: promiseStatus(made.promiseCents!, paidTowardsPromise, made.promiseDate!, asOf),
    };
  }
  const needsChase = promise?.status === "broken" && !(lastContact && lastContact.date > promise.promiseDate);
  return {
    accountId,
    lastContact,
    followUpDate,
    followUpSetBy,
    snooze: snooze && asOf < snooze.until ? snooze : null,
    owner,
    disputes: disputes ? [...disputes.values()] : [],
    promise,
    needsChase,
  };
}

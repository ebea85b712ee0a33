import type Database from "better-sqlite3";
import { getDb, type Db } from "../db/client";
import type { OutreachEntry } from "../db/outreach-schema";
import { deriveAccountState, latestPromise, promiseWindow, type AccountOutreachState, type EntryForState } from "../outreach/state";
import { openAtSql } from "../sql/rules";
import { prepared } from "./statements";

/*
 * Reads of the outreach log (lib/db/outreach-schema.ts) and the states derived from it at an
 * as-of date. The list overlays the states on its cached positions on every request; they are
 * kept per date until an entry is added (entries are only ever appended, so the latest id says
 * whether any was) or the marts move (a promise's payments come from them).
 */

const ENTRY_COLUMNS = `e.entry_id as entryId, e.account_id as accountId, e.kind, e.entry_date as entryDate, e.logged_at as loggedAt,
  e.user_id as userId, e.user_email as userEmail, e.channel, e.outcome, e.note, e.promise_date as promiseDate,
  e.promise_cents as promiseCents, e.dispute_reason as disputeReason, e.follow_up_date as followUpDate,
  e.snooze_until as snoozeUntil, e.snooze_reason as snoozeReason, e.owner_user_id as ownerUserId, e.owner_email as ownerEmail,
  e.resolves_entry_id as resolvesEntryId,
  (select json_group_array(d.invoice_id) from outreach_dispute_invoices as d where d.entry_id = e.entry_id) as invoiceIdsJson`;

type EntryRow = OutreachEntry & { invoiceIdsJson: string };
export type OutreachLogEntry = OutreachEntry & { invoiceIds: number[] };

function toEntry({ invoiceIdsJson, ...row }: EntryRow): OutreachLogEntry {
  return { ...row, invoiceIds: JSON.parse(invoiceIdsJson) as number[] };
}

/** What the states depend on: the latest entry and the marts' generation (etl/sql-models/build-models.ts). */
function logStamp(db: Db): string {
  const latest = prepared(db, `select coalesce(max(entry_id), 0) from outreach_entries`).pluck().get() as number;
  return `${latest}:${martsGeneration(db)}`;
}

/** Moves on every commit that changes a mart or the model's scores, and on nothing else. */
export function martsGeneration(db: Db): string {
  return (prepared(db, `select value from etl_state where key = 'marts_generation'`).pluck().get() as string | undefined) ?? "0";
}

/**
 * Each promise's payments: the account's invoices paid after the day the promise was made, up
 * to min(T, its date). @promises is a JSON array of [account id, after, up to].
 */
const PROMISE_PAYMENTS_SQL = `
  select p.value ->> 0 as account_id,
         (select coalesce(sum(i.total_cents), 0) from mart_invoices as i
          where i.account_id = p.value ->> 0 and i.payment_date > p.value ->> 1 and i.payment_date <= p.value ->> 2) as paid_cents
  from json_each(@promises) as p`;

function readStates(asOf: string, db: Db): Map<number, AccountOutreachState> {
  const rows = prepared(db, `select ${ENTRY_COLUMNS} from outreach_entries as e where e.entry_date <= ? order by e.account_id, e.entry_id`).all(asOf) as EntryRow[];
  const byAccount = new Map<number, EntryForState[]>();
  for (const row of rows) {
    const entry = toEntry(row);
    let list = byAccount.get(entry.accountId);
    if (!list) byAccount.set(entry.accountId, (list = []));
    list.push(entry);
  }
  const windows: [number, string, string][] = [];
  for (const [accountId, entries] of byAccount) {
    const promise = latestPromise(entries);
    if (promise) {
      const { after, upTo } = promiseWindow(promise, asOf);
      windows.push([accountId, after, upTo]);
    }
  }
  const paid = new Map(
    windows.length > 0 ? (prepared(db, PROMISE_PAYMENTS_SQL).raw().all({ promises: JSON.stringify(windows) }) as [number, number][]) : [],
  );
  const states = new Map<number, AccountOutreachState>();
  for (const [accountId, entries] of byAccount) states.set(accountId, deriveAccountState(accountId, entries, asOf, paid.get(accountId) ?? 0));
  return states;
}

const statesCache = new WeakMap<Database.Database, { stamp: string; byAsOf: Map<string, Map<number, AccountOutreachState>> }>();
const CACHED_DATES = 8;

/** The outreach state at `asOf` of every account with an entry made on or before it. */
export function getOutreachStatesAt(asOf: string, db: Db = getDb()): Map<number, AccountOutreachState> {
  const stamp = logStamp(db);
  let entry = statesCache.get(db.$client);
  if (!entry || entry.stamp !== stamp) statesCache.set(db.$client, (entry = { stamp, byAsOf: new Map() }));
  let states = entry.byAsOf.get(asOf);
  if (!states) {
    states = readStates(asOf, db);
    entry.byAsOf.set(asOf, states);
    if (entry.byAsOf.size > CACHED_DATES) entry.byAsOf.delete(entry.byAsOf.keys().next().value!);
  }
  return states;
}

/** One account's state at `asOf` and its entries up to then, newest first. */
export function getAccountOutreach(accountId: number, asOf: string, db: Db = getDb()): { state: AccountOutreachState | null; entries: OutreachLogEntry[]; laterEntries: number } {
  const rows = prepared(db, `select ${ENTRY_COLUMNS} from outreach_entries as e where e.account_id = ? order by e.entry_id desc`).all(accountId) as EntryRow[];
  const entries = rows.map(toEntry);
  const upToAsOf = entries.filter((e) => e.entryDate <= asOf);
  return {
    state: getOutreachStatesAt(asOf, db).get(accountId) ?? null,
    entries: upToAsOf,
    laterEntries: entries.length - upToAsOf.length,
  };
}

/** Whether any entry exists for the account: its page stays readable after a replace import drops it. */
export function hasOutreachHistory(accountId: number, db: Db = getDb()): boolean {
  return prepared(db, `select exists (select 1 from outreach_entries where account_id = ?)`).pluck().get(accountId) === 1;
}

export type OpenInvoice = { invoiceId: number; dateIssued: string; totalCents: number; probabilityAtIssue: number | null };

/**
 * The invoices open at `asOf` of some accounts (those with a dispute), by account, with the
 * probability at issue once a model version has scored them: the list recomputes those
 * accounts' figures without their disputed invoices.
 */
export function getOpenInvoicesOf(accountIds: readonly number[], asOf: string, db: Db = getDb()): Map<number, OpenInvoice[]> {
  const byAccount = new Map<number, OpenInvoice[]>();
  if (accountIds.length === 0) return byAccount;
  const rows = prepared(
    db,
    `select i.account_id as accountId, i.invoice_id as invoiceId, i.date_issued as dateIssued, i.total_cents as totalCents,
            r.probability_at_issue as probabilityAtIssue
     from mart_invoices as i left join model_invoice_risk as r on r.invoice_id = i.invoice_id
     where i.account_id in (select value from json_each(@ids)) and ${openAtSql("i", "@as_of")}`,
  ).all({ ids: JSON.stringify(accountIds), as_of: asOf }) as (OpenInvoice & { accountId: number })[];
  for (const { accountId, ...invoice } of rows) {
    let list = byAccount.get(accountId);
    if (!list) byAccount.set(accountId, (list = []));
    list.push(invoice);
  }
  return byAccount;
}

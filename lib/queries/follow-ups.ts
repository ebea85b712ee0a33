import type Database from "better-sqlite3";
import { getDb, type Db } from "../db/client";
import { addDays, daysBetween } from "../dates";
import type { AccountOutreachState, OutreachPromise } from "../outreach/state";
import type { Region } from "../regions";
import { TERMS_DAYS } from "../risk-model/scoring";
import { unpaidAtSql } from "../sql/rules";
import { getOutreachStatesAt, martsGeneration } from "./outreach-log";
import { prepared } from "./statements";

/*
 * "My follow-ups": the page staff open first. At the as-of date T it lists, for the signed-in
 * user ("mine": accounts they own, and follow-ups or promises they logged themselves) or for a
 * region, the follow-ups due by T, the broken promises nobody has chased since, and the invoices
 * that fell overdue in the last NEW_OVERDUE_DAYS days. Snoozed accounts and disputed invoices
 * are left out, as on the list.
 */

export const NEW_OVERDUE_DAYS = 7;

export type FollowUpScope = { kind: "mine"; userId: string } | { kind: "region"; region: Region | undefined };

type AccountInfo = { accountId: number; companyName: string; region: Region; contactPerson: string | null; contactPhone: string | null };

export type DueFollowUp = AccountInfo & { followUpDate: string; daysLate: number };
export type BrokenPromise = AccountInfo & { promise: OutreachPromise };
export type NewOverdueInvoice = AccountInfo & { invoiceId: number; dateIssued: string; totalCents: number; overdueSince: string };

export type FollowUps = { dueFollowUps: DueFollowUp[]; brokenPromises: BrokenPromise[]; newOverdue: NewOverdueInvoice[] };

function accountInfo(ids: readonly number[], db: Db): Map<number, AccountInfo> {
  if (ids.length === 0) return new Map();
  const rows = prepared(
    db,
    `select account_id as accountId, company_name as companyName, region, contact_person as contactPerson, contact_phone as contactPhone
     from mart_accounts where account_id in (select value from json_each(?))`,
  ).all(JSON.stringify(ids)) as AccountInfo[];
  return new Map(rows.map((r) => [r.accountId, r]));
}

/**
 * Invoices first overdue on a day in (T - NEW_OVERDUE_DAYS, T] and still open at T: issued in
 * (T - 30 - NEW_OVERDUE_DAYS - 1, T - 31], read by issue date through stg_invoices' index.
 */
const NEW_OVERDUE_SQL = `
  select i.account_id as accountId, i.invoice_id as invoiceId, i.date_issued as dateIssued, i.total_cents as totalCents,
         a.company_name as companyName, a.region, a.contact_person as contactPerson, a.contact_phone as contactPhone
  from stg_invoices as s indexed by stg_invoices_issued_idx
  join mart_invoices as i on i.invoice_id = s.invoice_id
  join mart_accounts as a on a.account_id = i.account_id
  where s.date_issued > @issued_after and s.date_issued <= @issued_by
    and ${unpaidAtSql("i", "@as_of")}
  order by i.date_issued, i.invoice_id`;

type FreshInvoice = AccountInfo & { invoiceId: number; dateIssued: string; totalCents: number };
const freshCache = new WeakMap<Database.Database, { marts: string; byAsOf: Map<string, FreshInvoice[]> }>();

/** Every region's newly overdue invoices at `asOf`: they depend on the marts only, so they are kept until those move. */
function newlyOverdueAt(asOf: string, db: Db): FreshInvoice[] {
  const marts = martsGeneration(db);
  let cache = freshCache.get(db.$client);
  if (!cache || cache.marts !== marts) freshCache.set(db.$client, (cache = { marts, byAsOf: new Map() }));
  let rows = cache.byAsOf.get(asOf);
  if (!rows) {
    rows = prepared(db, NEW_OVERDUE_SQL).all({
      as_of: asOf,
      issued_after: addDays(asOf, -(TERMS_DAYS + 1 + NEW_OVERDUE_DAYS)),
      issued_by: addDays(asOf, -(TERMS_DAYS + 1)),
    }) as FreshInvoice[];
    cache.byAsOf.set(asOf, rows);
    if (cache.byAsOf.size > 8) cache.byAsOf.delete(cache.byAsOf.keys().next().value!);
  }
  return rows;
}

function inScope(scope: FollowUpScope, state: AccountOutreachState | undefined, region: Region | undefined, byUser: string | null): boolean {
  if (scope.kind === "region") return !scope.region || region === scope.region;
  return state?.owner?.userId === scope.userId || (byUser !== null && byUser === scope.userId);
}

export function getFollowUps(asOf: string, scope: FollowUpScope, db: Db = getDb()): FollowUps {
  const states = getOutreachStatesAt(asOf, db);
  const active = [...states.values()].filter((s) => !s.snooze);
  const candidates = active.filter((s) => (s.followUpDate !== null && s.followUpDate <= asOf) || s.needsChase);
  const info = accountInfo(
    candidates.map((s) => s.accountId),
    db,
  );

  const dueFollowUps: DueFollowUp[] = [];
  const brokenPromises: BrokenPromise[] = [];
  for (const s of candidates) {
    const account = info.get(s.accountId);
    // An account a replace import removed has nothing left to chase.
    if (!account) continue;
    if (s.followUpDate !== null && s.followUpDate <= asOf && inScope(scope, s, account.region, s.followUpSetBy)) {
      dueFollowUps.push({ ...account, followUpDate: s.followUpDate, daysLate: daysBetween(s.followUpDate, asOf) });
    }
    if (s.needsChase && s.promise && inScope(scope, s, account.region, s.promise.madeBy.userId)) brokenPromises.push({ ...account, promise: s.promise });
  }
  dueFollowUps.sort((a, b) => a.followUpDate.localeCompare(b.followUpDate) || a.accountId - b.accountId);
  brokenPromises.sort((a, b) => a.promise.promiseDate.localeCompare(b.promise.promiseDate) || b.promise.cents - a.promise.cents);

  const region = scope.kind === "region" ? scope.region : undefined;
  const newOverdue = newlyOverdueAt(asOf, db)
    .filter((i) => {
      if (region && i.region !== region) return false;
      const s = states.get(i.accountId);
      if (s?.snooze || s?.disputes.some((d) => d.invoiceIds.includes(i.invoiceId))) return false;
      return scope.kind === "region" || s?.owner?.userId === scope.userId;
    })
    .map((i) => ({ ...i, overdueSince: addDays(i.dateIssued, TERMS_DAYS + 1) }));
  return { dueFollowUps, brokenPromises, newOverdue };
}

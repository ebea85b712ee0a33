import type Database from "better-sqlite3";
import { getDb, type Db } from "../db/client";
import { addDays, daysBetween } from "../dates";
import type { Region } from "../regions";
import { defaultDirection, type OutreachParams, type OutreachSort } from "./outreach-params";
import { openAtSql, riskBandSql, unpaidAtSql } from "../sql/rules";
import { getAccountReasonsAt, getActiveModelVersion, scorerOf, type AccountRisk } from "./risk-model";
import { outreachReasons } from "../risk-model/reasons";
import { bandOf, NOT_DUE_BAND_THRESHOLDS, TERMS_DAYS, type RiskBand } from "../risk-model/scoring";
import { prepared } from "./statements";
import type { AccountOutreachState } from "../outreach/state";
import { getInvoicesOpenAt, getOpenInvoicesOf, getOutreachStatesWithVersion, martsGeneration } from "./outreach-log";
import { conditionOnAge } from "../risk-model/scoring";

/*
 * The outreach list: one row per account with invoices open at the as-of date.
 *
 * It is built in two steps. getAccountPositionsAt() reads, for every account with open
 * invoices at T, its open and overdue amounts, its payment history as known at T and the
 * active model version's score: one SQL statement, the expensive part. The score needs no
 * other pass: each invoice's probability at issue is stored (model_invoice_risk), and one not
 * yet due is conditioned on still being unpaid at its age with the version's on-time curve
 * (lib/risk-model/scoring.ts), in the same statement. The result is kept per as-of date until
 * the database changes, so filtering, sorting and paging the list (what staff do over and
 * over) work on those ~20,000 small objects in memory.
 *
 * Open at T means issued on or before T and not paid by T (openAtSql, the rule the trends mart
 * applies too; so is the risk band, riskBandSql). Payments arrive 25-60 days after
 * issue, so each account's open invoices are read from its last OPEN_SCAN_DAYS of invoices
 * through a covering index in account order (no sort needed to group), and the rare older
 * open ones come from a partial index over slow or unpaid invoices. The slow branch's
 * condition must stay identical to that index's WHERE clause (lib/db/schema.ts), or SQLite
 * cannot use it; `indexed by` makes such a mismatch fail loudly instead of scanning.
 */
export const OPEN_SCAN_DAYS = 60;

/**
 * The recent open invoices' join. Once a model version is active they are read from
 * model_invoice_risk, which holds the same columns as mart_invoices plus each invoice's
 * probability at issue, under one covering index: a lookup per invoice cost a third more.
 */
function recentOpenSql(scored: boolean): string {
  const source = scored ? "model_invoice_risk as i indexed by model_invoice_risk_open_idx" : "mart_invoices as i indexed by mart_invoices_account_open_idx";
  return `
  join ${source}
    on i.account_id = a.account_id
   and i.date_issued > @recent_from and ${openAtSql("i", "@as_of")}`;
}

/**
 * The account's payment history as known at @as_of: the running totals on its latest payment
 * on or before that date (mart_account_payments is precomputed per paid invoice).
 */
export function historyAtJoinSql(accountColumn: string): string {
  // Joining on the rowid the covering index already holds saves a second index descent per account.
  return `left join mart_account_payments h
    on h.rowid = (
     select p.rowid from mart_account_payments p
     where p.account_id = ${accountColumn} and p.payment_date <= @as_of
     order by p.payment_date desc, p.paid_seq desc limit 1)`;
}

const SURVIVAL_BY_ISSUE_DATE = Array.from({ length: TERMS_DAYS }, (_, age) => `when @d${age} then @s${age}`).join(" ");

const positionsSql = (scored: boolean) => `
  with recent_invoices as (
    select a.account_id, a.region, i.total_cents, i.date_issued,
           -- Not yet due (under 30 days old): P(late | still unpaid at its age) = p / (p + (1 - p) S(age)),
           -- written with p once. S by issue date, for the 30 dates not yet due at @as_of.
           case when i.date_issued > @due_on then
             ${scored ? `1.0 / (1.0 + (1.0 / i.probability_at_issue - 1.0) * (case i.date_issued ${SURVIVAL_BY_ISSUE_DATE} end))` : "null"}
           end as p_now
    from mart_accounts as a
    ${recentOpenSql(scored)}
  ),
  recent as (
    select account_id, region,
           sum(total_cents) as open_cents,
           sum(case when date_issued < @due_on then total_cents else 0 end) as overdue_cents,
           count(*) as open_count,
           min(date_issued) as oldest_issued,
           sum(case when date_issued > @due_on then total_cents else 0 end) as not_due_cents,
           coalesce(sum(p_now * total_cents), 0) as not_due_expected_cents
    from recent_invoices
    group by account_id
  ),
  -- Older invoices still open at @as_of; all are overdue, being issued more than 30 days before.
  -- Issued by @recent_from is issued by @as_of, so openAtSql's own issue-date bound is left
  -- out: SQLite ranges over the index by one of two such bounds, and given @as_of it reads
  -- every recent unpaid invoice too.
  slow as materialized (
    select i.account_id, sum(i.total_cents) as open_cents, count(*) as open_count, min(i.date_issued) as oldest_issued
    from mart_invoices as i indexed by mart_invoices_slow_idx
    where (i.payment_date is null or i.days_to_pay > ${OPEN_SCAN_DAYS})
      and i.date_issued <= @recent_from
      and ${unpaidAtSql("i", "@as_of")}
    group by i.account_id
  ),
  open_by_account as (
    select r.account_id, r.region,
           r.open_cents + coalesce(s.open_cents, 0) as open_cents,
           r.overdue_cents + coalesce(s.open_cents, 0) as overdue_cents,
           r.open_count + coalesce(s.open_count, 0) as open_count,
           coalesce(s.oldest_issued, r.oldest_issued) as oldest_issued,
           r.not_due_cents, r.not_due_expected_cents
    from recent as r
    left join slow as s on s.account_id = r.account_id
    union all
    -- Accounts whose only open invoices are old ones.
    select a.account_id, a.region, s.open_cents, s.open_cents, s.open_count, s.oldest_issued, 0, 0
    from slow as s
    join mart_accounts as a on a.account_id = s.account_id
    where not exists (
      select 1 from mart_invoices as i indexed by mart_invoices_account_open_idx
      where i.account_id = s.account_id
        and i.date_issued > @recent_from and ${openAtSql("i", "@as_of")})
  )
  select account_id, region, open_cents, overdue_cents, open_count, oldest_issued,
         cast(julianday(@as_of) - julianday(oldest_issued) as integer) as oldest_age_days,
         not_due_cents, not_due_expected_cents
  from open_by_account`;

const POSITIONS_SQL = { scored: positionsSql(true), unscored: positionsSql(false) };

/**
 * The payment history as known at @as_of, and the pre-model band, of the accounts in @accounts
 * (a JSON array of [account id, overdue cents, oldest open invoice's age]). Read apart from the
 * positions: a page needs it for its 25 rows, and all accounts only to sort by it or before a
 * model is trained; for 20,000 accounts it was a third of the positions' time.
 */
const HISTORY_SQL = `
  with accounts as (
    select a.value ->> 0 as account_id, a.value ->> 1 as overdue_cents, a.value ->> 2 as oldest_age_days
    from json_each(@accounts) as a
  ),
  histories as (
    select o.account_id, o.overdue_cents, o.oldest_age_days,
           coalesce(h.paid_count, 0) as paid_count, coalesce(h.late_count, 0) as late_count,
           coalesce(h.days_to_pay_sum, 0) as days_to_pay_sum,
           coalesce(h.recent_paid_count, 0) as recent_paid_count, coalesce(h.recent_late_count, 0) as recent_late_count
    from accounts as o
    ${historyAtJoinSql("o.account_id")}
  )
  select account_id, paid_count, late_count, days_to_pay_sum, recent_paid_count, recent_late_count,
         ${riskBandSql({ overdueCents: "overdue_cents", oldestDaysPastDue: "oldest_age_days - 30", paidCount: "paid_count", lateCount: "late_count" })}
  from histories`;

/** An account's payment history and pre-model band as known at an as-of date. */
export type HistoryAt = {
  paidCount: number;
  lateCount: number;
  lateShare: number | null;
  avgDaysToPay: number | null;
  recentPaidCount: number;
  recentLateCount: number;
  /** The pre-model band (riskBandSql), the rule the trends page counts at-risk accounts by. */
  riskBand: RiskBand;
};

/** One account's receivables at the as-of date: the list's row before its history and names are attached. */
export type AccountPosition = {
  accountId: number;
  region: Region;
  openCents: number;
  overdueCents: number;
  openCount: number;
  oldestIssued: string;
  oldestAgeDays: number;
  /** The active model version's score of the account at this date; null until a version is active. */
  model: AccountRisk | null;
};

type PositionTuple = [number, Region, number, number, number, string, number, number, number];
type HistoryTuple = [number, number, number, number, number, number, RiskBand];

// Per database handle: as-of date -> positions, valid while the marts are unchanged (martsGeneration).
const positionsCache = new WeakMap<
  Database.Database,
  { version: string; byAsOf: Map<string, AccountPosition[]>; historiesByAsOf: Map<string, Map<number, HistoryAt>> }
>();
const CACHED_DATES = 8;

/**
 * The active version, once it has scored the invoices (model_invoice_risk holds its rows); null
 * before, when the list ranks by the rule instead. A store migrated from before that table
 * has a version and no rows until `npm run etl -- rebuild` (lib/queries/status.ts says so).
 */
function scoredVersion(db: Db) {
  const version = getActiveModelVersion(db);
  if (!version) return null;
  const scoredBy = prepared(db, `select version_id from model_invoice_risk limit 1`).pluck().get() as number | undefined;
  return scoredBy === version.versionId ? version : null;
}

/** Every account with invoices open at `asOf`, in no particular order. */
export function getAccountPositionsAt(asOf: string, db: Db = getDb()): AccountPosition[] {
  const committed = martsGeneration(db);
  let entry = positionsCache.get(db.$client);
  if (!entry || entry.version !== committed) {
    entry = { version: committed, byAsOf: new Map(), historiesByAsOf: new Map() };
    positionsCache.set(db.$client, entry);
  }
  const cached = entry.byAsOf.get(asOf);
  if (cached) {
    // Refresh its place in the least-recently-used order.
    entry.byAsOf.delete(asOf);
    entry.byAsOf.set(asOf, cached);
    return cached;
  }
  const version = scoredVersion(db);
  const scorer = version ? scorerOf(version) : null;
  const tuples = prepared(db, POSITIONS_SQL[version ? "scored" : "unscored"])
    .raw()
    .all({
      as_of: asOf,
      recent_from: addDays(asOf, -OPEN_SCAN_DAYS),
      // Invoices issued this day fall due at @as_of: earlier ones are overdue, later ones not yet due.
      due_on: addDays(asOf, -TERMS_DAYS),
      // S at each age below 30, keyed by the issue date that has that age at @as_of.
      ...Object.fromEntries(Array.from({ length: TERMS_DAYS }, (_, age) => [`d${age}`, addDays(asOf, -age)])),
      ...Object.fromEntries(Array.from({ length: TERMS_DAYS }, (_, age) => [`s${age}`, scorer?.onTimeSurvival[age] ?? 1])),
    }) as PositionTuple[];
  const positions = tuples.map(
    ([accountId, region, openCents, overdueCents, openCount, oldestIssued, oldestAgeDays, notDueCents, notDueExpectedCents]): AccountPosition => {
      const notDueLateShare = notDueCents > 0 ? notDueExpectedCents / notDueCents : null;
      const model: AccountRisk | null = version
        ? {
            // Money 30 days or more past issue and unpaid is late whatever the model says.
            expectedLateCents: Math.round(openCents - notDueCents + notDueExpectedCents),
            notDueCents,
            notDueLateShare,
            band: notDueLateShare === null ? null : bandOf(notDueLateShare, NOT_DUE_BAND_THRESHOLDS),
          }
        : null;
      return {
        accountId,
        region,
        openCents,
        overdueCents,
        openCount,
        oldestIssued,
        oldestAgeDays,
        model,
      };
    },
  );
  entry.byAsOf.set(asOf, positions);
  if (entry.byAsOf.size > CACHED_DATES) {
    const oldest = entry.byAsOf.keys().next().value!;
    entry.byAsOf.delete(oldest);
    entry.historiesByAsOf.delete(oldest);
  }
  return positions;
}

/** The histories of some accounts' positions at `asOf`, read in one statement. */
function readHistories(asOf: string, positions: readonly AccountPosition[], db: Db): Map<number, HistoryAt> {
  const accounts = JSON.stringify(positions.map((p) => [p.accountId, p.overdueCents, p.oldestAgeDays]));
  const rows = prepared(db, HISTORY_SQL).raw().all({ as_of: asOf, accounts }) as HistoryTuple[];
  return new Map(
    rows.map(([accountId, paidCount, lateCount, daysToPaySum, recentPaidCount, recentLateCount, riskBand]) => [
      accountId,
      {
        paidCount,
        lateCount,
        lateShare: paidCount > 0 ? lateCount / paidCount : null,
        avgDaysToPay: paidCount > 0 ? daysToPaySum / paidCount : null,
        recentPaidCount,
        recentLateCount,
        riskBand,
      },
    ]),
  );
}

/** Every listed account's history at `asOf`, kept beside its positions while the data is unchanged. */
function getAllHistoriesAt(asOf: string, db: Db): Map<number, HistoryAt> {
  const positions = getAccountPositionsAt(asOf, db);
  const entry = positionsCache.get(db.$client)!;
  let histories = entry.historiesByAsOf.get(asOf);
  if (!histories) entry.historiesByAsOf.set(asOf, (histories = readHistories(asOf, positions, db)));
  return histories;
}

/** Drops the cached positions, so the next read measures (or sees) a cold start. */
export function clearOutreachCache(db: Db = getDb()): void {
  positionsCache.delete(db.$client);
}

/**
 * The ranking: the one place that decides who is called first. Once the late-payment model has
 * scored the date, it is the model's expected late amount (each open invoice's
 * probability of ending up late × its amount), then the probability. Before any model is
 * trained it is the overdue amount, then the account's share of invoices paid late, then the
 * open balance. `histories` is needed only for accounts without a model score.
 */
export function compareOutreachPriority(a: AccountPosition, b: AccountPosition, histories?: Map<number, HistoryAt>): number {
  if (a.model && b.model) {
    return (
      b.model.expectedLateCents - a.model.expectedLateCents ||
      (b.model.notDueLateShare ?? 0) - (a.model.notDueLateShare ?? 0) ||
      a.accountId - b.accountId
    );
  }
  if (a.model || b.model) return a.model ? -1 : 1;
  return (
    b.overdueCents - a.overdueCents ||
    (histories?.get(b.accountId)?.lateShare ?? 0) - (histories?.get(a.accountId)?.lateShare ?? 0) ||
    b.openCents - a.openCents ||
    a.accountId - b.accountId
  );
}

const RISK_ORDER: Record<RiskBand, number> = { low: 1, medium: 2, high: 3 };
const collator = new Intl.Collator("en-US", { sensitivity: "base", numeric: true });

// A thin wrapper: copying 20,000 positions with spread costs more than the whole sort.
type Ranked = {
  position: AccountPosition;
  history: HistoryAt | undefined;
  priority: number;
  companyName: string;
  outreach: AccountOutreachState | undefined;
  /** Why it is off the ranking (a snooze, or every open invoice in dispute); null when it is on it. */
  heldReason: string | null;
  disputedCents: number;
};

/** The value each sortable column orders by; null (no payment history yet) sorts last either way. */
const SORT_KEY: Record<Exclude<OutreachSort, "priority">, (r: Ranked) => number | string | null> = {
  company: (r) => r.companyName,
  region: (r) => r.position.region,
  open: (r) => r.position.openCents,
  overdue: (r) => r.position.overdueCents,
  openCount: (r) => r.position.openCount,
  oldestAge: (r) => r.position.oldestAgeDays,
  shareLate: (r) => r.history!.lateShare,
  avgDaysToPay: (r) => r.history!.avgDaysToPay,
  // With the model: the not-yet-due share, where an account with all its money overdue counts as all late.
  risk: (r) => (r.position.model ? (r.position.model.notDueLateShare ?? 1) : RISK_ORDER[r.history!.riskBand]),
};

/** The sorts that read every account's history; the default ranking needs it only before a model is trained. */
const SORTS_BY_HISTORY = new Set<OutreachSort>(["shareLate", "avgDaysToPay"]);

export type OutreachFilters = {
  asOf: string;
  region?: Region;
  overdueOnly?: boolean;
  minBalanceCents?: number;
  q?: string;
  /** Also list the accounts held off the ranking (snoozed, or wholly in dispute), each with its reason. */
  showHeld?: boolean;
};

export type OutreachQuery = OutreachFilters & {
  sort: OutreachSort;
  dir: "asc" | "desc";
  limit: number;
  offset: number;
};

/** The list's view for the URL's params at `asOf`: the page and its CSV export share it, every row or a page of them. */
export function outreachQueryFromParams(params: OutreachParams, asOf: string, defaultRegion?: Region): Omit<OutreachQuery, "limit" | "offset"> {
  return {
    asOf,
    region: params.region === "all" ? undefined : (params.region ?? defaultRegion),
    showHeld: params.showHeld,
    overdueOnly: params.overdueOnly,
    minBalanceCents: params.minBalance === undefined ? undefined : params.minBalance * 100,
    q: params.q,
    sort: params.sort,
    dir: params.dir ?? defaultDirection(params.sort),
  };
}

export type OutreachRow = AccountPosition &
  HistoryAt & {
    priority: number;
    companyName: string;
    contactPerson: string | null;
    contactPhone: string | null;
    reasons: string[];
    outreach: AccountOutreachState | null;
    heldReason: string | null;
    /** Open at the as-of date but under an open dispute, so left out of the figures above. */
    disputedCents: number;
  };

export type OutreachPage = {
  rows: OutreachRow[];
  totalRows: number;
  totalOpenCents: number;
  totalOverdueCents: number;
};

/** Account ids whose company, contact or id matches the search text. */
function searchAccounts(db: Db, q: string): Set<number> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const id = /^\d{1,15}$/.test(q) ? Number(q) : -1;
  const ids = prepared(
    db,
    `select account_id from mart_accounts
     where company_name like @like escape '\\' or contact_person like @like escape '\\' or account_id = @id`,
  )
    .pluck()
    .all({ like, id }) as number[];
  return new Set(ids);
}

function accountNames(db: Db, ids: readonly number[]): Map<number, { companyName: string; contactPerson: string | null; contactPhone: string | null }> {
  const names = new Map<number, { companyName: string; contactPerson: string | null; contactPhone: string | null }>();
  if (ids.length === 0) return names;
  const rows = prepared(
    db,
    `select account_id as accountId, company_name as companyName, contact_person as contactPerson, contact_phone as contactPhone
     from mart_accounts where account_id in (select value from json_each(?))`,
  ).all(JSON.stringify(ids)) as { accountId: number; companyName: string; contactPerson: string | null; contactPhone: string | null }[];
  for (const { accountId, ...rest } of rows) names.set(accountId, rest);
  return names;
}

/**
 * The account's position with its disputed invoices left out: recomputed from its open invoices
 * by the positions statement's rules. Null when every open invoice is in dispute.
 */
function positionWithout(
  position: AccountPosition,
  invoices: readonly { invoiceId: number; dateIssued: string; totalCents: number; probabilityAtIssue: number | null }[],
  disputed: ReadonlySet<number>,
  asOf: string,
  survival: readonly number[] | null,
): AccountPosition | null {
  const kept = invoices.filter((i) => !disputed.has(i.invoiceId));
  if (kept.length === 0) return null;
  const dueOn = addDays(asOf, -TERMS_DAYS);
  let openCents = 0;
  let overdueCents = 0;
  let notDueCents = 0;
  let notDueExpectedCents = 0;
  let oldestIssued = kept[0]!.dateIssued;
  for (const i of kept) {
    openCents += i.totalCents;
    if (i.dateIssued < dueOn) overdueCents += i.totalCents;
    if (i.dateIssued > dueOn) {
      notDueCents += i.totalCents;
      const age = daysBetween(i.dateIssued, asOf);
      if (survival && i.probabilityAtIssue !== null) notDueExpectedCents += conditionOnAge(i.probabilityAtIssue, age, survival) * i.totalCents;
    }
    if (i.dateIssued < oldestIssued) oldestIssued = i.dateIssued;
  }
  const notDueLateShare = notDueCents > 0 ? notDueExpectedCents / notDueCents : null;
  return {
    ...position,
    openCents,
    overdueCents,
    openCount: kept.length,
    oldestIssued,
    oldestAgeDays: daysBetween(oldestIssued, asOf),
    model: position.model
      ? {
          expectedLateCents: Math.round(openCents - notDueCents + notDueExpectedCents),
          notDueCents,
          notDueLateShare,
          band: notDueLateShare === null ? null : bandOf(notDueLateShare, NOT_DUE_BAND_THRESHOLDS),
        }
      : null,
  };
}

type Overlaid = { position: AccountPosition; outreach: AccountOutreachState | undefined; heldReason: string | null; disputedCents: number };

/**
 * The positions at the as-of date with the outreach log laid over them: disputed invoices taken
 * out of their accounts' figures, and snoozed or wholly disputed accounts marked as held.
 */
const overlayCache = new WeakMap<AccountPosition[], { statesVersion: number; overlaid: Overlaid[] }>();

function overlayOutreach(asOf: string, db: Db): Overlaid[] {
  const positions = getAccountPositionsAt(asOf, db);
  // The positions' array is new whenever they are recomputed, and the version moves with the states.
  const { states, version: statesVersion } = getOutreachStatesWithVersion(asOf, db);
  const cached = overlayCache.get(positions);
  if (cached?.statesVersion === statesVersion) return cached.overlaid;
  const overlaid = overlay(asOf, positions, states, db);
  overlayCache.set(positions, { statesVersion, overlaid });
  return overlaid;
}

function overlay(asOf: string, positions: AccountPosition[], states: Map<number, AccountOutreachState>, db: Db): Overlaid[] {
  if (states.size === 0) return positions.map((position) => ({ position, outreach: undefined, heldReason: null, disputedCents: 0 }));
  // Most disputed invoices are paid by T; only accounts with one still open need their figures recomputed.
  const disputedIds = [...states.values()].flatMap((s) => s.disputes.flatMap((d) => d.invoiceIds));
  const stillOpen = getInvoicesOpenAt(disputedIds, asOf, db);
  const disputedAccounts = [...states.values()].filter((s) => s.disputes.some((d) => d.invoiceIds.some((id) => stillOpen.has(id)))).map((s) => s.accountId);
  const openInvoices = getOpenInvoicesOf(disputedAccounts, asOf, db);
  const version = disputedAccounts.length > 0 ? scoredVersion(db) : null;
  const survival = version ? scorerOf(version).onTimeSurvival : null;
  return positions.map((position) => {
    const outreach = states.get(position.accountId);
    if (!outreach) return { position, outreach, heldReason: null, disputedCents: 0 };
    let shown = position;
    let heldReason: string | null = null;
    let disputedCents = 0;
    if (openInvoices.has(position.accountId)) {
      const disputed = new Set(outreach.disputes.flatMap((d) => d.invoiceIds));
      const invoices = openInvoices.get(position.accountId) ?? [];
      disputedCents = invoices.filter((i) => disputed.has(i.invoiceId)).reduce((sum, i) => sum + i.totalCents, 0);
      if (disputedCents > 0) {
        const without = positionWithout(position, invoices, disputed, asOf, survival);
        if (without) shown = without;
        else heldReason = `In dispute: ${outreach.disputes.map((d) => d.reason).join("; ")}`;
      }
    }
    if (outreach.snooze) heldReason = `Snoozed until ${outreach.snooze.until}: ${outreach.snooze.reason}`;
    return { position: shown, outreach, heldReason, disputedCents };
  });
}

/** The filtered view, ranked, then in the requested order (priority breaks ties). */
function orderedView(query: Omit<OutreachQuery, "limit" | "offset">, db: Db): Ranked[] {
  const matches = query.q?.trim() ? searchAccounts(db, query.q.trim()) : null;
  const filtered = overlayOutreach(query.asOf, db).filter(
    ({ position: p, heldReason }) =>
      (query.showHeld || heldReason === null) &&
      (!query.region || p.region === query.region) &&
      (!query.overdueOnly || p.overdueCents > 0) &&
      (query.minBalanceCents === undefined || p.openCents >= query.minBalanceCents) &&
      (!matches || matches.has(p.accountId)),
  );
  const unscored = filtered.some((o) => o.position.model === null);
  // Histories, like names, are read for every account only when the order needs them.
  const histories = unscored || SORTS_BY_HISTORY.has(query.sort) ? getAllHistoriesAt(query.asOf, db) : undefined;
  // A broken promise nobody has chased comes first: it is the call most likely to bring money in.
  filtered.sort((a, b) => Number(b.outreach?.needsChase ?? false) - Number(a.outreach?.needsChase ?? false) || compareOutreachPriority(a.position, b.position, histories));
  const names = query.sort === "company" ? accountNames(db, filtered.map((o) => o.position.accountId)) : null;
  const ranked: Ranked[] = filtered.map((o, i) => ({
    ...o,
    history: histories?.get(o.position.accountId),
    priority: i + 1,
    companyName: names?.get(o.position.accountId)?.companyName ?? "",
  }));
  if (query.sort === "priority") return query.dir === "asc" ? ranked : ranked.reverse();

  const key = SORT_KEY[query.sort];
  const sign = query.dir === "asc" ? 1 : -1;
  return ranked.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === null || y === null) return x === y ? a.priority - b.priority : x === null ? 1 : -1;
    const c = typeof x === "string" ? collator.compare(x, y as string) : x - (y as number);
    return sign * c || a.priority - b.priority;
  });
}

function toRows(db: Db, asOf: string, ranked: Ranked[]): OutreachRow[] {
  const ids = ranked.map((r) => r.position.accountId);
  const names = accountNames(db, ids);
  const missing = ranked.filter((r) => !r.history).map((r) => r.position);
  const histories = missing.length > 0 ? readHistories(asOf, missing, db) : new Map<number, HistoryAt>();
  const version = ranked.some((r) => r.position.model) ? getActiveModelVersion(db) : null;
  const modelReasons = version ? getAccountReasonsAt(asOf, ids, version, db) : new Map<number, string[]>();
  return ranked.map(({ position, history, priority, outreach, heldReason, disputedCents }) => {
    const name = names.get(position.accountId);
    const row = { ...position, ...(history ?? histories.get(position.accountId)!) };
    return {
      ...row,
      priority,
      companyName: name?.companyName ?? `Account ${position.accountId}`,
      contactPerson: name?.contactPerson ?? null,
      contactPhone: name?.contactPhone ?? null,
      reasons: modelReasons.get(position.accountId) ?? outreachReasons(row),
      outreach: outreach ?? null,
      heldReason,
      disputedCents,
    };
  });
}

/** One page of the ranked, filtered and sorted outreach list, with totals for the whole view. */
export function getOutreachPage(query: OutreachQuery, db: Db = getDb()): OutreachPage {
  const view = orderedView(query, db);
  let totalOpenCents = 0;
  let totalOverdueCents = 0;
  for (const { position } of view) {
    totalOpenCents += position.openCents;
    totalOverdueCents += position.overdueCents;
  }
  return {
    rows: toRows(db, query.asOf, view.slice(query.offset, query.offset + query.limit)),
    totalRows: view.length,
    totalOpenCents,
    totalOverdueCents,
  };
}

/** Every row of the current view (no paging), in the view's order: the CSV export. */
export function getOutreachRows(query: Omit<OutreachQuery, "limit" | "offset">, db: Db = getDb()): OutreachRow[] {
  return toRows(db, query.asOf, orderedView(query, db));
}

/**
 * The latest day before `asOf` on which some invoice was open, for the list's "nothing open"
 * message to link to; null when nothing was ever open before it. An invoice is open from its
 * issue day to the day before its payment.
 */
export function getLatestOpenDayBefore(asOf: string, db: Db = getDb()): string | null {
  return (
    (prepared(
      db,
      `select max(min(coalesce(date(payment_date, '-1 day'), @day_before), @day_before))
       from mart_invoices
       where date_issued <= @day_before and (payment_date is null or payment_date > date_issued)`,
    )
      .pluck()
      .get({ day_before: addDays(asOf, -1) }) as string | null) ?? null
  );
}

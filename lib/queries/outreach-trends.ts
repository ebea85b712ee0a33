import type Database from "better-sqlite3";
import { getDb, type Db } from "../db/client";
import { addDays } from "../dates";
import { OUTREACH_OUTCOMES, type OutreachOutcome } from "../outreach/vocabulary";
import type { Region } from "../regions";
import { martsGeneration } from "./outreach-log";
import { prepared } from "./statements";

/*
 * The outreach log's trends for managers, on the data's timeline (entry dates), as of the data's
 * as-of date: only entries made on or before it count, as in lib/outreach/state.ts. The
 * definitions are in docs/dashboard.md ("Outreach on the trends page").
 */

export type OutreachWeek = {
  /** The Monday the ISO week starts on. */
  week: string;
  contacts: number;
  byRegion: Partial<Record<Region, number>>;
  byOutcome: Record<OutreachOutcome, number>;
};

export type PromiseMonth = {
  /** The month the promised date falls in. */
  month: string;
  promises: number;
  kept: number;
  broken: number;
  /** Not kept yet, with the promised date on or after the as-of date. */
  pending: number;
  /** kept / (kept + broken); null when no promise of the month has been judged. */
  keptShare: number | null;
};

export type FirstContactMonth = {
  /** The month of the first contact in an overdue spell. */
  month: string;
  spells: number;
  medianDays: number | null;
};

export type OutreachTrends = {
  asOf: string | null;
  totalContacts: number;
  /** Over every month: kept / (kept + broken). */
  keptShare: number | null;
  /** Over every month: the median days from first overdue to first contact, and of how many spells. */
  medianDaysToFirstContact: number | null;
  contactedSpells: number;
  weeks: OutreachWeek[];
  promiseMonths: PromiseMonth[];
  firstContactMonths: FirstContactMonth[];
};

/**
 * The region filter on entries, by the account's region today; an account no longer in the data
 * counts as Unknown. A set lookup rather than a join, so a region costs no per-entry lookup. For
 * every region the statement has no filter at all: testing a null parameter on each entry cost
 * 30 ms of 70 at scale 100.
 */
const IN_REGION = `(e.account_id in (select account_id from mart_accounts where region = @region)
  or (@region = 'Unknown' and e.account_id not in (select account_id from mart_accounts)))`;

/** The statement for one region or every region: the same text, with or without the filter. */
function regionSql(sql: string, region: Region | undefined): string {
  return sql.replace("{region_filter}", region ? IN_REGION : "1 = 1");
}

// Weeks start on Monday: six days back, then forward to the next Monday (or stay on one).
const WEEKLY_CONTACTS_SQL = `
  select date(e.entry_date, '-6 days', 'weekday 1') as week, coalesce(a.region, 'Unknown') as region, e.outcome, count(*) as contacts
  from outreach_entries as e left join mart_accounts as a on a.account_id = e.account_id
  where e.kind = 'contact' and +e.entry_date <= @as_of and {region_filter}
  group by week, region, e.outcome order by week`;

// Every promise is judged on its own at its date, by the rule of lib/outreach/state.ts: kept when
// the account's payments after the day it was made, up to its date, reach its amount. Nothing is
// paid before it is issued (the import rejects that), so only invoices issued by then can count,
// which halves the walk over the account's covering index (41 ms against 104 ms at scale 100
// through the payment table's date index, which needs two lookups per payment).
// Materialized, so each window's payments are summed once rather than once per count below.
const PROMISES_SQL = `
  with promises as materialized (
    select e.promise_date, e.promise_cents,
           (select coalesce(sum(i.total_cents), 0)
            from mart_invoices as i
            where i.account_id = e.account_id and i.date_issued <= min(e.promise_date, @as_of)
              and i.payment_date > e.entry_date and i.payment_date <= min(e.promise_date, @as_of)) as paid_cents
    from outreach_entries as e
    where e.kind = 'contact' and e.outcome = 'promised' and e.promise_date is not null and e.promise_cents > 0
      and +e.entry_date <= @as_of and {region_filter}
  )
  select substr(promise_date, 1, 7) as month, count(*) as promises,
         sum(paid_cents >= promise_cents) as kept,
         sum(paid_cents < promise_cents and promise_date < @as_of) as broken
  from promises group by month order by month`;

// A contact falls in the spell, if any, that had begun and not yet ended on its day (spells never
// overlap); each spell counts once, at its first contact, in that contact's month. The result is a
// histogram (month, days, spells) of a few hundred rows, from which the medians are read.
const FIRST_CONTACT_SQL = `
  with first_contacts as (
    select s.start_date, min(e.entry_date) as contacted
    from outreach_entries as e
    join mart_overdue_spells as s on s.account_id = e.account_id and s.start_date <= e.entry_date and (s.end_date is null or s.end_date > e.entry_date)
    where e.kind = 'contact' and +e.entry_date <= @as_of and {region_filter}
    group by s.account_id, s.start_date
  )
  select substr(contacted, 1, 7) as month, cast(julianday(contacted) - julianday(start_date) as integer) as days, count(*) as spells
  from first_contacts group by month, days order by month, days`;

/** The median of a histogram given as [value, count] pairs in value order. */
function histogramMedian(bins: readonly [number, number][]): number | null {
  const total = bins.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  // The values at 0-based ranks floor((n-1)/2) and floor(n/2): the same one when n is odd.
  const ranks = [Math.floor((total - 1) / 2), Math.floor(total / 2)];
  const values = ranks.map((rank) => {
    let seen = 0;
    for (const [value, count] of bins) {
      seen += count;
      if (rank < seen) return value;
    }
    throw new Error("unreachable: rank beyond the histogram");
  });
  return (values[0]! + values[1]!) / 2;
}

/** Every month from `first` to `last`, both YYYY-MM. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  for (let month = first; month <= last; month = `${y}-${String(m).padStart(2, "0")}`) {
    months.push(month);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

const emptyWeek = (week: string): OutreachWeek => ({
  week,
  contacts: 0,
  byRegion: {},
  byOutcome: Object.fromEntries(OUTREACH_OUTCOMES.map((o) => [o, 0])) as Record<OutreachOutcome, number>,
});

// The figures move only when an entry is added (entries are only ever appended, so the latest id
// says whether one was) or the marts change, so each region's are kept until then.
const cache = new WeakMap<Database.Database, { stamp: string; byRegion: Map<string, OutreachTrends> }>();

/** Outreach per week and month for one region, or every region when `region` is undefined. */
export function getOutreachTrends(region: Region | undefined, db: Db = getDb()): OutreachTrends {
  const latest = prepared(db, `select coalesce(max(entry_id), 0) from outreach_entries`).pluck().get() as number;
  const stamp = `${latest}:${martsGeneration(db)}`;
  let entry = cache.get(db.$client);
  if (!entry || entry.stamp !== stamp) cache.set(db.$client, (entry = { stamp, byRegion: new Map() }));
  let trends = entry.byRegion.get(region ?? "");
  if (!trends) entry.byRegion.set(region ?? "", (trends = readOutreachTrends(region, db)));
  return trends;
}

/** Drops the kept figures: the benchmark's cold runs. */
export function clearOutreachTrendsCache(db: Db): void {
  cache.delete(db.$client);
}

function readOutreachTrends(region: Region | undefined, db: Db): OutreachTrends {
  const asOf = (prepared(db, `select value from etl_state where key = 'data_cutoff'`).pluck().get() as string | undefined) ?? null;
  const params = { as_of: asOf, region: region ?? null };
  const weekly = asOf ? (prepared(db, regionSql(WEEKLY_CONTACTS_SQL, region)).all(params) as { week: string; region: Region; outcome: OutreachOutcome; contacts: number }[]) : [];
  if (weekly.length === 0) return { asOf, totalContacts: 0, keptShare: null, medianDaysToFirstContact: null, contactedSpells: 0, weeks: [], promiseMonths: [], firstContactMonths: [] };

  const byWeek = new Map<string, OutreachWeek>();
  for (const row of weekly) {
    let week = byWeek.get(row.week);
    if (!week) byWeek.set(row.week, (week = emptyWeek(row.week)));
    week.contacts += row.contacts;
    week.byRegion[row.region] = (week.byRegion[row.region] ?? 0) + row.contacts;
    week.byOutcome[row.outcome] += row.contacts;
  }
  // Weeks without a contact are drawn as zeros, not left out.
  const weeks: OutreachWeek[] = [];
  for (let week = weekly[0]!.week; week <= weekly.at(-1)!.week; week = addDays(week, 7)) weeks.push(byWeek.get(week) ?? emptyWeek(week));

  const promiseRows = prepared(db, regionSql(PROMISES_SQL, region)).all(params) as { month: string; promises: number; kept: number; broken: number }[];
  const promiseByMonth = new Map(promiseRows.map((r) => [r.month, r]));
  const promiseMonths = promiseRows.length
    ? monthsBetween(promiseRows[0]!.month, promiseRows.at(-1)!.month).map((month): PromiseMonth => {
        const r = promiseByMonth.get(month) ?? { promises: 0, kept: 0, broken: 0 };
        const judged = r.kept + r.broken;
        return { month, promises: r.promises, kept: r.kept, broken: r.broken, pending: r.promises - judged, keptShare: judged > 0 ? r.kept / judged : null };
      })
    : [];

  const histogram = prepared(db, regionSql(FIRST_CONTACT_SQL, region)).all(params) as { month: string; days: number; spells: number }[];
  const binsByMonth = new Map<string, [number, number][]>();
  for (const { month, days, spells } of histogram) {
    let bins = binsByMonth.get(month);
    if (!bins) binsByMonth.set(month, (bins = []));
    bins.push([days, spells]);
  }
  const firstContactMonths: FirstContactMonth[] = histogram.length
    ? monthsBetween(histogram[0]!.month, histogram.at(-1)!.month).map((month) => {
        const bins = binsByMonth.get(month) ?? [];
        return { month, spells: bins.reduce((sum, [, count]) => sum + count, 0), medianDays: histogramMedian(bins) };
      })
    : [];

  const kept = promiseRows.reduce((sum, r) => sum + r.kept, 0);
  const judged = kept + promiseRows.reduce((sum, r) => sum + r.broken, 0);
  const allBins = new Map<number, number>();
  for (const { days, spells } of histogram) allBins.set(days, (allBins.get(days) ?? 0) + spells);
  return {
    asOf,
    totalContacts: weeks.reduce((sum, w) => sum + w.contacts, 0),
    keptShare: judged > 0 ? kept / judged : null,
    medianDaysToFirstContact: histogramMedian([...allBins].sort((a, b) => a[0] - b[0])),
    contactedSpells: histogram.reduce((sum, r) => sum + r.spells, 0),
    weeks,
    promiseMonths,
    firstContactMonths,
  };
}

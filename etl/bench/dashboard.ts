import type { Db } from "../../lib/db/client";
import { addDays, addMonths, fromDayNumber, toDayNumber } from "../../lib/dates";
import { getAccount, getAccountInvoices, getAccountMonthlyPurchases, getAccountSnapshot } from "../../lib/queries/accounts";
import { getInvoice, getInvoiceLines } from "../../lib/queries/invoices";
import { clearOutreachCache, getOutreachPage } from "../../lib/queries/outreach";
import { getDataStatus } from "../../lib/queries/status";
import { getMonthlyTrends } from "../../lib/queries/trends";
import { getActiveModelVersion, getBacktestMonths, getModelVersions, getScoreRuns } from "../../lib/queries/risk-model";

/*
 * Server time of the dashboard's pages, measured as the reads each page makes (the pages do no
 * other work). `npm run bench` calls benchDashboardQueries(); the targets are a median under
 * 200 ms at generator scale 100, for the default as-of date and six months earlier.
 *
 * The outreach list keeps each as-of date's account positions until the database changes, so
 * it is measured twice: "cold" clears that cache before every run (the first request for a
 * date after an import), "warm" is every later sort, filter or page change at that date.
 */

export type DashboardBenchResult = {
  name: string;
  asOf: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
};

function measure(name: string, asOf: string, runs: number, fn: () => unknown, before?: () => void): DashboardBenchResult {
  fn(); // the first call prepares statements, as the long-running server has already done
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, asOf, runs, medianMs: at(0.5), p90Ms: at(0.9), minMs: times[0]! };
}

/**
 * The first view of dates nobody has looked at: twelve dates spread from a month after the
 * first invoice to the as-of date, each read once with a cold list cache, as a user picking
 * dates in turn would. One result per page over the twelve (its median and slowest view).
 */
function benchAnyDate(db: Db, firstIssued: string, asOf: string): DashboardBenchResult[] {
  const from = toDayNumber(addDays(firstIssued, 30))!;
  const to = toDayNumber(asOf)!;
  const dates = Array.from({ length: 12 }, (_, i) => fromDayNumber(Math.round(from + ((to - from) * i) / 11)));
  const list = (d: string) => {
    getDataStatus(db);
    return getOutreachPage({ asOf: d, sort: "priority", dir: "asc", limit: 25, offset: 0 }, db);
  };
  list(addDays(asOf, -1)); // prepares the statements, as the long-running server has already done
  const listTimes: number[] = [];
  const accountTimes: number[] = [];
  for (const d of dates) {
    clearOutreachCache(db);
    let started = performance.now();
    const page = list(d);
    listTimes.push(performance.now() - started);
    const accountId = page.rows[0]?.accountId;
    if (accountId === undefined) continue;
    started = performance.now();
    getDataStatus(db);
    getAccount(accountId, db);
    getAccountSnapshot(accountId, d, db);
    getAccountInvoices(accountId, d, db);
    getAccountMonthlyPurchases(accountId, d, db);
    accountTimes.push(performance.now() - started);
  }
  const summarise = (name: string, times: number[]): DashboardBenchResult => {
    const sorted = [...times].sort((a, b) => a - b);
    return { name, asOf: `${dates[0]}…${dates.at(-1)}`, runs: sorted.length, medianMs: sorted[Math.floor(sorted.length / 2)]!, p90Ms: sorted.at(-1)!, minMs: sorted[0]! };
  };
  return [summarise("outreach list, first view of 12 dates (p90 column: slowest)", listTimes), summarise("account page, first view of 12 dates (p90 column: slowest)", accountTimes)];
}

/** Each page's reads for the default as-of date and six months earlier; returns one result per page and date. */
export function benchDashboardQueries(db: Db, options: { runs?: number } = {}): DashboardBenchResult[] {
  const runs = options.runs ?? 15;
  const status = getDataStatus(db);
  if (!status.asOf) throw new Error("benchDashboardQueries: the database has no imported data");
  const dates = [status.asOf, addMonths(status.asOf, -6)];
  const results: DashboardBenchResult[] = [];

  for (const asOf of dates) {
    const firstPage = getOutreachPage({ asOf, sort: "priority", dir: "asc", limit: 25, offset: 0 }, db);
    // A busy account (the top of the list) is the account page's worst case.
    const accountId = firstPage.rows[0]?.accountId;

    const listDefault = () => {
      getDataStatus(db);
      getOutreachPage({ asOf, sort: "priority", dir: "asc", limit: 25, offset: 0 }, db);
    };
    const listFiltered = () => {
      getDataStatus(db);
      getOutreachPage({ asOf, region: "South", q: "and", sort: "company", dir: "asc", limit: 25, offset: 50 }, db);
    };
    const cold = () => clearOutreachCache(db);
    results.push(measure("outreach list, cold (default sort, page 1)", asOf, runs, listDefault, cold));
    results.push(measure("outreach list, cold (South, search, by company, page 3)", asOf, runs, listFiltered, cold));
    results.push(measure("outreach list, warm (default sort, page 1)", asOf, runs, listDefault));
    results.push(measure("outreach list, warm (South, search, by company, page 3)", asOf, runs, listFiltered));
    if (accountId !== undefined) {
      results.push(
        measure("account page", asOf, runs, () => {
          getDataStatus(db);
          getAccount(accountId, db);
          getAccountSnapshot(accountId, asOf, db);
          getAccountInvoices(accountId, asOf, db);
          getAccountMonthlyPurchases(accountId, asOf, db);
        }),
      );
      const invoiceId = getAccountInvoices(accountId, asOf, db)[0]?.invoiceId;
      if (invoiceId !== undefined) {
        results.push(
          measure("invoice page", asOf, runs, () => {
            getDataStatus(db);
            getInvoice(invoiceId, db);
            getInvoiceLines(invoiceId, db);
          }),
        );
      }
    }
  }
  results.push(...benchAnyDate(db, status.firstIssued ?? status.asOf, status.asOf));

  // The trends page has no as-of date: it shows every month end.
  results.push(
    measure("trends page (all regions)", status.asOf, runs, () => {
      getDataStatus(db);
      getMonthlyTrends(undefined, db);
    }),
  );
  results.push(
    measure("trends page (one region)", status.asOf, runs, () => {
      getDataStatus(db);
      getMonthlyTrends("West", db);
    }),
  );
  results.push(
    measure("model page", status.asOf, runs, () => {
      getDataStatus(db);
      const version = getActiveModelVersion(db);
      getModelVersions(db);
      if (version) getBacktestMonths(version.versionId, db);
      getScoreRuns(db);
    }),
  );
  return results;
}

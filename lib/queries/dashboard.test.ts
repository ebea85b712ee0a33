import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
// Tests may reach into etl to build a database; lib code itself never imports etl.
import { importExtracts } from "../../etl/import/import-extracts";
import { bumpMartsGeneration } from "../../etl/sql-models/build-models";
import { appendOutreachEntry, blankEntry } from "../outreach/log-entries";
import { openDb, type Db } from "../db/client";
import { addDays, daysBetween } from "../dates";
import { getAccountInvoices, getAccountSnapshot } from "./accounts";
import { getInvoice, getInvoiceLines } from "./invoices";
import { getLatestOpenDayBefore, getOutreachPage, getOutreachRows, type OutreachRow } from "./outreach";
import { getDataStatus } from "./status";
import { getMonthlyTrends } from "./trends";

/*
 * The dashboard's reads on the real extracts. Every expectation is computed here from the CSVs
 * with plain TypeScript, independently of the SQL, from the definitions in docs/dashboard.md.
 */

const extractsDir = path.resolve(process.cwd(), "..", "shared", "extracts");
/** The data's as-of date: the last payment. Every invoice is paid by then, so nothing is open. */
const AS_OF = "2021-07-08";
/** The last issue date, and the latest date these tests look at with many accounts open. */
const CUTOFF = "2021-05-12";
const AS_OF_DATES = [CUTOFF, "2020-11-12", "2020-08-31", "2020-06-15"];

type CsvInvoice = { id: number; account: number; issued: string; paid: string | null; totalCents: number };

function readCsv(name: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(extractsDir, name), "utf8");
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

let db: Db;
let invoices: CsvInvoice[];
let addresses: Map<number, string>;

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pi-dashboard-")), "test.db");
  db = openDb(file);
  const result = await importExtracts(
    db,
    ["accounts.csv", "skus.csv", "invoices.csv", "invoice_line_items.csv"].map((f) => ({ path: path.join(extractsDir, f) })),
  );
  expect(result.status).toBe("accepted");

  const prices = new Map(readCsv("skus.csv").map((s) => [s.item_id!, Math.round(Number(s.item_retail_price) * 100)]));
  const totals = new Map<number, number>();
  for (const line of readCsv("invoice_line_items.csv")) {
    const id = Number(line.invoice_id);
    totals.set(id, (totals.get(id) ?? 0) + Number(line.quantity) * prices.get(line.item_id!)!);
  }
  invoices = readCsv("invoices.csv").map((i) => ({
    id: Number(i.invoice_id),
    account: Number(i.account_id),
    issued: i.date_issued!,
    paid: i.payment_dates || null,
    totalCents: totals.get(Number(i.invoice_id)) ?? 0,
  }));
  addresses = new Map(readCsv("accounts.csv").map((a) => [Number(a.account_id), a.company_address!]));
});

/** Open at T: issued on or before T and not paid by T. */
const isOpenAt = (inv: CsvInvoice, asOf: string) => inv.issued <= asOf && (inv.paid === null || inv.paid > asOf);

function expectedOpen(asOf: string) {
  const byAccount = new Map<number, { open: number; overdue: number; count: number; oldest: string; buckets: number[] }>();
  for (const inv of invoices) {
    if (!isOpenAt(inv, asOf)) continue;
    const e = byAccount.get(inv.account) ?? { open: 0, overdue: 0, count: 0, oldest: inv.issued, buckets: [0, 0, 0, 0, 0] };
    const pastDue = daysBetween(addDays(inv.issued, 30), asOf);
    e.open += inv.totalCents;
    if (pastDue > 0) e.overdue += inv.totalCents;
    e.count += 1;
    if (inv.issued < e.oldest) e.oldest = inv.issued;
    const bucket = pastDue <= 0 ? 0 : pastDue <= 30 ? 1 : pastDue <= 60 ? 2 : pastDue <= 90 ? 3 : 4;
    e.buckets[bucket]! += inv.totalCents;
    byAccount.set(inv.account, e);
  }
  return byAccount;
}

/** The history as known at T: invoices paid on or before T, late when paid more than 30 days after issue. */
function expectedHistory(account: number, asOf: string) {
  const paid = invoices
    .filter((i) => i.account === account && i.paid !== null && i.paid <= asOf)
    .sort((a, b) => (a.paid! < b.paid! ? -1 : a.paid! > b.paid! ? 1 : a.id - b.id));
  const days = paid.map((i) => daysBetween(i.issued, i.paid!));
  const late = days.filter((d) => d > 30).length;
  const lastTen = days.slice(-10);
  return {
    paidCount: paid.length,
    lateCount: late,
    avgDaysToPay: paid.length ? days.reduce((a, b) => a + b, 0) / paid.length : null,
    recentPaidCount: lastTen.length,
    recentLateCount: lastTen.filter((d) => d > 30).length,
  };
}

const allRows = (asOf: string) => getOutreachRows({ asOf, sort: "priority", dir: "asc" }, db);

describe("the data status", () => {
  it("defaults the as-of date to the latest issue or payment, and names the last issue date beside it", () => {
    expect(getDataStatus(db)).toMatchObject({ asOf: AS_OF, lastIssued: CUTOFF, firstIssued: "2020-05-12", needsRebuild: false, lastImportStatus: "accepted" });
  });

  it("lists nobody at the default date, when every invoice has been paid, and points to the latest day with open invoices", () => {
    expect(expectedOpen(AS_OF).size).toBe(0);
    expect(allRows(AS_OF)).toEqual([]);
    const latestOpen = getLatestOpenDayBefore(AS_OF, db);
    expect(latestOpen).toBe("2021-07-07");
    expect(allRows(latestOpen!).length).toBeGreaterThan(0);
    expect(allRows(latestOpen!).map((r) => r.accountId).sort()).toEqual([...expectedOpen(latestOpen!).keys()].sort());
  });
});

describe("open at T", () => {
  it.each(AS_OF_DATES)("lists exactly the accounts with open invoices, with their balances, at %s", (asOf) => {
    const expected = expectedOpen(asOf);
    const rows = allRows(asOf);
    expect(rows.length).toBe(expected.size);
    for (const row of rows) {
      const e = expected.get(row.accountId)!;
      expect(e, `account ${row.accountId}`).toBeDefined();
      expect(row.openCents).toBe(e.open);
      expect(row.overdueCents).toBe(e.overdue);
      expect(row.openCount).toBe(e.count);
      expect(row.oldestIssued).toBe(e.oldest);
      expect(row.oldestAgeDays).toBe(daysBetween(e.oldest, asOf));
    }
  });

  it("counts an invoice paid after T as open at T, and one paid on T as paid", () => {
    const paidLater = invoices.find((i) => i.paid !== null && i.issued < "2020-11-01" && i.paid > "2020-11-12")!;
    const rowsBefore = getAccountInvoices(paidLater.account, "2020-11-12", db);
    expect(rowsBefore.find((r) => r.invoiceId === paidLater.id)?.status).toMatch(/open|overdue/);
    const onDay = getAccountInvoices(paidLater.account, paidLater.paid!, db);
    expect(onDay.find((r) => r.invoiceId === paidLater.id)?.paymentDate).toBe(paidLater.paid);
  });

  it("reports the payment history as it was known at T", () => {
    for (const asOf of AS_OF_DATES) {
      for (const row of allRows(asOf).slice(0, 40)) {
        const e = expectedHistory(row.accountId, asOf);
        expect(row.paidCount).toBe(e.paidCount);
        expect(row.lateCount).toBe(e.lateCount);
        expect(row.recentPaidCount).toBe(e.recentPaidCount);
        expect(row.recentLateCount).toBe(e.recentLateCount);
        if (e.avgDaysToPay === null) expect(row.avgDaysToPay).toBeNull();
        else expect(row.avgDaysToPay).toBeCloseTo(e.avgDaysToPay, 9);
      }
    }
  });
});

describe("overdue and aging", () => {
  it.each(AS_OF_DATES)("splits every account's open balance into buckets that add up exactly, at %s", (asOf) => {
    const expected = expectedOpen(asOf);
    for (const [account, e] of expected) {
      const s = getAccountSnapshot(account, asOf, db);
      const buckets = [s.currentCents, s.pastDue1To30Cents, s.pastDue31To60Cents, s.pastDue61To90Cents, s.pastDueOver90Cents];
      expect(buckets).toEqual(e.buckets);
      expect(buckets.reduce((a, b) => a + b, 0)).toBe(s.openCents);
      expect(s.openCents).toBe(e.open);
      expect(s.overdueCents).toBe(e.overdue);
      expect(s.overdueCents).toBe(s.openCents - s.currentCents);
    }
  });

  it("reports nothing open for an account at a date before its first invoice", () => {
    const first = invoices.reduce((a, b) => (a.issued < b.issued ? a : b));
    const s = getAccountSnapshot(first.account, addDays(first.issued, -1), db);
    expect(s.openCents).toBe(0);
    expect(s.openCount).toBe(0);
  });
});

describe("ranking", () => {
  // The ranking follows the late-payment model (the import trains it): the expected late amount,
  // then the share of the money not yet due expected to be paid late.
  function compareExpected(a: OutreachRow, b: OutreachRow): number {
    return (
      b.model!.expectedLateCents - a.model!.expectedLateCents ||
      (b.model!.notDueLateShare ?? 0) - (a.model!.notDueLateShare ?? 0) ||
      a.accountId - b.accountId
    );
  }

  it.each(AS_OF_DATES)("puts the largest expected late amount first, as the model scores it, at %s", (asOf) => {
    const rows = allRows(asOf);
    expect(rows.every((r) => r.model !== null)).toBe(true);
    const sorted = [...rows].sort(compareExpected);
    expect(rows.map((r) => r.accountId)).toEqual(sorted.map((r) => r.accountId));
    expect(rows.map((r) => r.priority)).toEqual(rows.map((_, i) => i + 1));
  });

  it("pages through the same order", () => {
    const rows = allRows(CUTOFF);
    const page2 = getOutreachPage({ asOf: CUTOFF, sort: "priority", dir: "asc", limit: 25, offset: 25 }, db);
    expect(page2.totalRows).toBe(rows.length);
    expect(page2.rows.map((r) => r.accountId)).toEqual(rows.slice(25, 50).map((r) => r.accountId));
    expect(page2.totalOpenCents).toBe(rows.reduce((a, r) => a + r.openCents, 0));
  });

  it("writes reasons a caller can read out", () => {
    const top = allRows(CUTOFF)[0]!;
    expect(top.reasons[0]).toMatch(/^\$[\d,]+ overdue, oldest \d+ days$/);
    for (const row of allRows(CUTOFF)) {
      expect(row.reasons.length).toBeGreaterThanOrEqual(2);
      expect(row.reasons.length).toBeLessThanOrEqual(3);
      const late = row.reasons.find((r) => r.includes("paid late"));
      if (late) expect(late).toMatch(/^\d+ of [\d,]+ earlier invoices? paid late$/);
    }
  });
});

describe("sorting and filtering on the server", () => {
  it("sorts by any column with priority as the tie-breaker", () => {
    const rows = getOutreachRows({ asOf: CUTOFF, sort: "openCount", dir: "desc" }, db);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.openCount > b.openCount || (a.openCount === b.openCount && a.priority < b.priority)).toBe(true);
    }
    const byName = getOutreachRows({ asOf: CUTOFF, sort: "company", dir: "asc" }, db).map((r) => r.companyName);
    expect(byName).toEqual([...byName].sort((x, y) => x.localeCompare(y, "en-US", { sensitivity: "base", numeric: true })));
    const byShare = getOutreachRows({ asOf: CUTOFF, sort: "shareLate", dir: "desc" }, db).map((r) => r.lateShare);
    const known = byShare.filter((s) => s !== null);
    expect(byShare.slice(0, known.length)).toEqual(known);
    expect(known).toEqual([...known].sort((x, y) => y - x));
  });

  it("filters by region, overdue, minimum balance and search", () => {
    const all = allRows(CUTOFF);
    const south = getOutreachRows({ asOf: CUTOFF, sort: "priority", dir: "asc", region: "South" }, db);
    expect(south.length).toBeGreaterThan(0);
    expect(south.every((r) => r.region === "South")).toBe(true);
    expect(south.map((r) => r.accountId)).toEqual(all.filter((r) => r.region === "South").map((r) => r.accountId));

    const overdue = getOutreachRows({ asOf: CUTOFF, sort: "priority", dir: "asc", overdueOnly: true }, db);
    expect(overdue.length).toBe(all.filter((r) => r.overdueCents > 0).length);

    const big = getOutreachRows({ asOf: CUTOFF, sort: "priority", dir: "asc", minBalanceCents: 100_000_000 }, db);
    expect(big.map((r) => r.accountId)).toEqual(all.filter((r) => r.openCents >= 100_000_000).map((r) => r.accountId));

    const target = all[7]!;
    const byId = getOutreachRows({ asOf: CUTOFF, sort: "priority", dir: "asc", q: String(target.accountId) }, db);
    expect(byId.map((r) => r.accountId)).toContain(target.accountId);
    const byName = getOutreachRows({ asOf: CUTOFF, sort: "priority", dir: "asc", q: target.companyName.slice(0, 6).toLowerCase() }, db);
    expect(byName.every((r) => r.companyName.toLowerCase().includes(target.companyName.slice(0, 6).toLowerCase()) || r.contactPerson?.toLowerCase().includes(target.companyName.slice(0, 6).toLowerCase()))).toBe(true);
    expect(getOutreachRows({ asOf: CUTOFF, sort: "priority", dir: "asc", q: "100%_" }, db)).toEqual([]);
  });
});

describe("regions", () => {
  it("derives the region from the state code at the end of the address, APO/FPO/DPO included", () => {
    const census: Record<string, string> = { SD: "Midwest", TX: "South", CA: "West", PA: "Northeast", AA: "Armed Forces", AE: "Armed Forces", AP: "Armed Forces" };
    const rows = db.$client.prepare("select account_id, state_code, region from mart_accounts").all() as { account_id: number; state_code: string; region: string }[];
    for (const row of rows) {
      const code = /([A-Z]{2}) \d{5}\s*$/.exec(addresses.get(row.account_id)!)?.[1];
      expect(row.state_code).toBe(code);
      if (code && census[code]) expect(row.region).toBe(census[code]);
      expect(row.region).not.toBe("Unknown");
    }
  });
});

describe("invoice page", () => {
  it("has lines that add up to the invoice total", () => {
    for (const inv of invoices.slice(0, 200)) {
      const header = getInvoice(inv.id, db)!;
      const lines = getInvoiceLines(inv.id, db);
      expect(lines.reduce((a, l) => a + l.lineTotalCents, 0)).toBe(header.totalCents);
      expect(header.totalCents).toBe(inv.totalCents);
      expect(lines.reduce((a, l) => a + l.lineCostCents, 0)).toBe(header.costCents);
      for (const l of lines) expect(l.marginCents).toBe(l.lineTotalCents - l.lineCostCents);
    }
    expect(getInvoice(999_999_999, db)).toBeNull();
  });
});

describe("trends", () => {
  it("matches the outreach list at each of the last month ends and the as-of date, and adds up by region", () => {
    const trends = getMonthlyTrends(undefined, db);
    const south = getMonthlyTrends("South", db);
    expect(trends.at(-1)!.asOf).toBe(AS_OF);
    expect(trends.slice(-3).map((m) => m.asOf)).toEqual(["2021-05-31", "2021-06-30", AS_OF]);
    trends.slice(-3).forEach((month, i) => {
      const rows = allRows(month.asOf);
      expect(month.openCents).toBe(rows.reduce((a, r) => a + r.openCents, 0));
      expect(month.overdueCents).toBe(rows.reduce((a, r) => a + r.overdueCents, 0));
      expect(month.openAccounts).toBe(rows.length);
      expect(month.atRiskAccounts).toBe(rows.filter((r) => r.riskBand === "high").length);
      expect(south.at(-3 + i)!.openCents).toBe(rows.filter((r) => r.region === "South").reduce((a, r) => a + r.openCents, 0));
    });
  });

  it("has aging buckets that match the invoices and add up to the open balance at every month end", () => {
    for (const m of getMonthlyTrends(undefined, db)) {
      const buckets = [m.currentCents, m.pastDue1To30Cents, m.pastDue31To60Cents, m.pastDue61To90Cents, m.pastDueOver90Cents];
      expect(buckets.reduce((a, b) => a + b, 0)).toBe(m.openCents);
      const expected = [...expectedOpen(m.asOf).values()];
      expect(m.openCents).toBe(expected.reduce((a, e) => a + e.open, 0));
      expect(m.overdueCents).toBe(expected.reduce((a, e) => a + e.overdue, 0));
      expect(buckets).toEqual([0, 1, 2, 3, 4].map((b) => expected.reduce((a, e) => a + e.buckets[b]!, 0)));
    }
  });

  it("invoices and payments per month match the extracts", () => {
    for (const m of getMonthlyTrends(undefined, db)) {
      const issued = invoices.filter((i) => i.issued.startsWith(m.month) && i.issued <= m.asOf);
      expect(m.invoicedCents).toBe(issued.reduce((a, i) => a + i.totalCents, 0));
      const paid = invoices.filter((i) => i.paid?.startsWith(m.month) && i.paid <= m.asOf);
      expect(m.paidCount).toBe(paid.length);
      const late = paid.filter((i) => daysBetween(i.issued, i.paid!) > 30).length;
      if (paid.length) expect(m.paidLateShare).toBeCloseTo(late / paid.length, 9);
    }
  });
});

describe("the per-date cache of the list", () => {
  it("sees a change the ETL commits, from this process or another, at once", async () => {
    const before = allRows(CUTOFF);
    const top = before[0]!;
    // The same handle, as the upload route would write: the ETL moves the scored copy of the invoices with the mart.
    for (const table of ["mart_invoices", "model_invoice_risk"]) {
      db.$client.prepare(`update ${table} set total_cents = total_cents + 100 where account_id = ? and (payment_date is null or payment_date > ?)`).run(top.accountId, CUTOFF);
    }
    bumpMartsGeneration(db.$client);
    const afterOwn = allRows(CUTOFF).find((r) => r.accountId === top.accountId)!;
    expect(afterOwn.openCents).toBe(top.openCents + 100 * top.openCount);

    // Another connection, as the CLI import would write.
    const other = openDb(db.$client.name);
    other.$client.transaction(() => {
      other.$client.prepare("delete from mart_accounts where account_id = ?").run(top.accountId);
      bumpMartsGeneration(other.$client);
    })();
    other.$client.close();
    expect(allRows(CUTOFF).some((r) => r.accountId === top.accountId)).toBe(false);
  });

  it("keeps the positions through the app's own writes, and shows an outreach entry at once", async () => {
    const before = allRows(CUTOFF);
    const top = before[0]!;
    // A change that did not go through the ETL, so the cached positions must not see it...
    db.$client.prepare(`update mart_invoices set total_cents = total_cents + 1 where account_id = ?`).run(top.accountId);
    // ...through a sign-in's and an outreach entry's commits on the app's write handle.
    const app = openDb(db.$client.name);
    app.$client.prepare(`insert into audit_events (at, action, outcome) values ('2026-01-01T00:00:00Z', 'sign-in', 'ok')`).run();
    appendOutreachEntry(app, { ...blankEntry("contact", top.accountId, CUTOFF, { id: "u1", email: "staff@example.com" }), channel: "call", outcome: "left-message" });
    app.$client.close();
    const after = allRows(CUTOFF).find((r) => r.accountId === top.accountId)!;
    expect(after.openCents).toBe(top.openCents);
    expect(after.outreach?.lastContact).toMatchObject({ date: CUTOFF, channel: "call", outcome: "left-message", userEmail: "staff@example.com" });
  });
});

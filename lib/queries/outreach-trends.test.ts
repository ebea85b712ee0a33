import path from "node:path";
import { format, parseISO, startOfISOWeek } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
// Tests may reach into etl to build a database; lib code itself never imports etl.
import { importAllExtracts, readCsvObjects, realExtractsDir, tempDb } from "../../etl/test-support";
import { openDb, type Db } from "../db/client";
import { addDays, daysBetween } from "../dates";
import { appendOutreachEntry, blankEntry, type NewOutreachEntry } from "../outreach/log-entries";
import { OUTREACH_OUTCOMES } from "../outreach/vocabulary";
import { getOutreachTrends } from "./outreach-trends";

/*
 * The outreach trends on the real extracts, with entries logged on a write handle of their own as
 * the account page's actions do. Weeks come from date-fns, payments and overdue days from
 * invoices.csv (totals from the line items at the catalogue's prices), and overdue spells by
 * walking back one day at a time: nothing here reuses the read's SQL.
 */

/** The data's as-of date: the last payment in the extracts. */
const AS_OF = "2021-07-08";
const MISSING_ACCOUNT = 999_999;
const user = { id: "user-1", email: "staff@example.com" };

type CsvInvoice = { account: number; issued: string; paid: string | null; totalCents: number };
type Contact = { accountId: number; entryDate: string; outcome: (typeof OUTREACH_OUTCOMES)[number]; promiseDate: string | null; promiseCents: number | null };

let db: Db;
let invoices: CsvInvoice[];
let regions: Map<number, string>;
const contacts: Contact[] = [];

const paidIn = (account: number, after: string, upTo: string) =>
  invoices.filter((i) => i.account === account && i.paid !== null && i.paid > after && i.paid <= upTo).reduce((sum, i) => sum + i.totalCents, 0);

/** Overdue on day d: issued more than 30 days before and not paid by then. */
const isOverdue = (account: number, d: string) => invoices.some((i) => i.account === account && daysBetween(i.issued, d) > 30 && (i.paid === null || i.paid > d));

function monthsFrom(first: string, last: string): string[] {
  const months: string[] = [];
  for (let d = `${first}-01`; d.slice(0, 7) <= last; d = format(new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 1), "yyyy-MM-dd")) months.push(d.slice(0, 7));
  return months;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

beforeAll(async () => {
  const made = tempDb();
  db = made.db;
  await importAllExtracts(db);
  const prices = new Map(readCsvObjects(path.join(realExtractsDir, "skus.csv")).map((s) => [s.item_id!, Math.round(Number(s.item_retail_price) * 100)]));
  const totals = new Map<number, number>();
  for (const line of readCsvObjects(path.join(realExtractsDir, "invoice_line_items.csv"))) {
    totals.set(Number(line.invoice_id), (totals.get(Number(line.invoice_id)) ?? 0) + Number(line.quantity) * prices.get(line.item_id!)!);
  }
  invoices = readCsvObjects(path.join(realExtractsDir, "invoices.csv")).map((i) => ({
    account: Number(i.account_id),
    issued: i.date_issued!,
    paid: i.payment_dates || null,
    totalCents: totals.get(Number(i.invoice_id)) ?? 0,
  }));
  // The region is the mart's (dashboard.test.ts checks it against the addresses).
  regions = new Map(db.$client.prepare(`select account_id, region from mart_accounts`).raw().all() as [number, string][]);
});

describe("before anything is logged", () => {
  it("has no weeks, so the page shows its empty state", () => {
    expect(getOutreachTrends(undefined, db)).toMatchObject({ asOf: AS_OF, totalContacts: 0, weeks: [], promiseMonths: [], firstContactMonths: [] });
  });
});

describe("with a hand-logged outreach log", () => {
  beforeAll(() => {
    const writer = openDb(db.$client.name);
    const accounts = [...new Set(invoices.map((i) => i.account))].sort((a, b) => a - b);
    const log = (entry: Partial<NewOutreachEntry> & Pick<NewOutreachEntry, "kind" | "accountId" | "entryDate">) =>
      appendOutreachEntry(writer, { ...blankEntry(entry.kind, entry.accountId, entry.entryDate, user), ...entry });
    // 150 contacts spread over 13 months and 40 accounts, several per account so that some fall
    // in a spell already contacted, some while nothing is overdue; every third is a promise.
    for (let i = 0; i < 150; i++) {
      const accountId = accounts[(i * 37) % 40]!;
      const entryDate = addDays("2020-06-15", (i * 53) % 385);
      const outcome = i % 3 === 0 ? "promised" : OUTREACH_OUTCOMES[i % OUTREACH_OUTCOMES.length]!;
      let promiseDate: string | null = null;
      let promiseCents: number | null = null;
      if (outcome === "promised") {
        promiseDate = addDays(entryDate, 3 + (i % 25));
        const paid = paidIn(accountId, entryDate, promiseDate < AS_OF ? promiseDate : AS_OF);
        // Exactly what was paid (kept), a cent more (broken unless paid later), or a token amount.
        promiseCents = i % 9 === 0 ? Math.max(paid, 1) : i % 9 === 3 ? paid + 1 : 100;
      }
      contacts.push({ accountId, entryDate, outcome, promiseDate, promiseCents });
    }
    contacts.push({ accountId: MISSING_ACCOUNT, entryDate: "2021-03-03", outcome: "no-answer", promiseDate: null, promiseCents: null });
    for (const c of contacts) log({ kind: "contact", channel: "call", ...c });
    // Neither entries of other kinds nor a contact dated after the as-of date count.
    log({ kind: "follow-up", accountId: accounts[0]!, entryDate: "2021-03-03", followUpDate: "2021-03-10" });
    log({ kind: "snooze", accountId: accounts[1]!, entryDate: "2021-03-03", snoozeUntil: "2021-03-20", snoozeReason: "Away" });
    log({ kind: "contact", accountId: accounts[2]!, entryDate: addDays(AS_OF, 5), channel: "call", outcome: "no-answer" });
    writer.$client.close();
  });

  const regionOf = (account: number) => regions.get(account) ?? "Unknown";

  function expectedWeeks(region?: string) {
    const counted = contacts.filter((c) => !region || regionOf(c.accountId) === region);
    const byWeek = new Map<string, Map<string, number>>();
    for (const c of counted) {
      const week = format(startOfISOWeek(parseISO(c.entryDate)), "yyyy-MM-dd");
      const regionCounts = byWeek.get(week) ?? new Map<string, number>();
      regionCounts.set(regionOf(c.accountId), (regionCounts.get(regionOf(c.accountId)) ?? 0) + 1);
      byWeek.set(week, regionCounts);
    }
    return byWeek;
  }

  it("counts the contacts of each ISO week by the account's region, a dropped account as Unknown", () => {
    const trends = getOutreachTrends(undefined, db);
    const expected = expectedWeeks();
    const weeks = [...expected.keys()].sort();
    expect(trends.weeks[0]!.week).toBe(weeks[0]);
    expect(trends.weeks.at(-1)!.week).toBe(weeks.at(-1));
    // Every week from the first to the last, Mondays seven days apart, quiet ones as zeros.
    expect(trends.weeks.length).toBe(daysBetween(weeks[0]!, weeks.at(-1)!) / 7 + 1);
    expect(trends.weeks.every((w) => parseISO(w.week).getDay() === 1)).toBe(true);
    for (const w of trends.weeks) {
      const e = expected.get(w.week) ?? new Map<string, number>();
      expect(w.byRegion, w.week).toEqual(Object.fromEntries(e));
      expect(w.contacts).toBe([...e.values()].reduce((a, b) => a + b, 0));
    }
    expect(trends.totalContacts).toBe(contacts.length);
    expect(new Set(contacts.map((c) => regionOf(c.accountId))).size).toBeGreaterThan(2);
    const outcomes = Object.fromEntries(OUTREACH_OUTCOMES.map((o) => [o, contacts.filter((c) => c.outcome === o).length]));
    const summed = Object.fromEntries(OUTREACH_OUTCOMES.map((o) => [o, trends.weeks.reduce((sum, w) => sum + w.byOutcome[o], 0)]));
    expect(summed).toEqual(outcomes);
  });

  it.each(["South", "West", "Unknown"])("counts only the %s region's contacts when filtered", (region) => {
    const trends = getOutreachTrends(region as "South", db);
    const expected = expectedWeeks(region);
    const total = [...expected.values()].reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
    expect(total).toBeGreaterThan(0);
    expect(trends.totalContacts).toBe(total);
    for (const w of trends.weeks) expect(w.contacts, w.week).toBe(expected.get(w.week)?.get(region) ?? 0);
  });

  it("judges every promise at its own date: kept when the payments after it reach its amount by then", () => {
    const trends = getOutreachTrends(undefined, db);
    const byMonth = new Map<string, { promises: number; kept: number; broken: number }>();
    for (const c of contacts.filter((c) => c.outcome === "promised")) {
      const upTo = c.promiseDate! < AS_OF ? c.promiseDate! : AS_OF;
      const kept = paidIn(c.accountId, c.entryDate, upTo) >= c.promiseCents!;
      const m = byMonth.get(c.promiseDate!.slice(0, 7)) ?? { promises: 0, kept: 0, broken: 0 };
      m.promises += 1;
      if (kept) m.kept += 1;
      else if (AS_OF > c.promiseDate!) m.broken += 1;
      byMonth.set(c.promiseDate!.slice(0, 7), m);
    }
    const months = [...byMonth.keys()].sort();
    expect(trends.promiseMonths.map((m) => m.month)).toEqual(monthsFrom(months[0]!, months.at(-1)!));
    for (const m of trends.promiseMonths) {
      const e = byMonth.get(m.month) ?? { promises: 0, kept: 0, broken: 0 };
      expect(m, m.month).toMatchObject({ ...e, pending: e.promises - e.kept - e.broken });
      if (e.kept + e.broken > 0) expect(m.keptShare).toBeCloseTo(e.kept / (e.kept + e.broken), 12);
      else expect(m.keptShare).toBeNull();
    }
    const all = [...byMonth.values()];
    const [kept, broken] = [all.reduce((s, m) => s + m.kept, 0), all.reduce((s, m) => s + m.broken, 0)];
    expect(kept).toBeGreaterThan(0);
    expect(broken).toBeGreaterThan(0);
    expect(trends.keptShare).toBeCloseTo(kept / (kept + broken), 12);
  });

  it("measures the days from the first overdue day of each spell to its first contact while overdue", () => {
    const trends = getOutreachTrends(undefined, db);
    const seen = new Set<string>();
    const daysByMonth = new Map<string, number[]>();
    const sorted = [...contacts].sort((a, b) => (a.entryDate < b.entryDate ? -1 : a.entryDate > b.entryDate ? 1 : 0));
    for (const c of sorted) {
      if (!isOverdue(c.accountId, c.entryDate)) continue;
      let start = c.entryDate;
      while (isOverdue(c.accountId, addDays(start, -1))) start = addDays(start, -1);
      if (seen.has(`${c.accountId}:${start}`)) continue;
      seen.add(`${c.accountId}:${start}`);
      const list = daysByMonth.get(c.entryDate.slice(0, 7)) ?? [];
      list.push(daysBetween(start, c.entryDate));
      daysByMonth.set(c.entryDate.slice(0, 7), list);
    }
    const months = [...daysByMonth.keys()].sort();
    expect(trends.firstContactMonths.map((m) => m.month)).toEqual(monthsFrom(months[0]!, months.at(-1)!));
    for (const m of trends.firstContactMonths) {
      const days = daysByMonth.get(m.month) ?? [];
      expect(m, m.month).toEqual({ month: m.month, spells: days.length, medianDays: median(days) });
    }
    const everyDay = [...daysByMonth.values()].flat();
    expect(trends.contactedSpells).toBe(everyDay.length);
    expect(trends.medianDaysToFirstContact).toBe(median(everyDay));
    // Some contacts were made in a spell already contacted, and some while nothing was overdue.
    expect(everyDay.length).toBeLessThan(contacts.filter((c) => isOverdue(c.accountId, c.entryDate)).length);
    expect(everyDay.length).toBeLessThan(contacts.length);
    expect(Math.max(...everyDay)).toBeGreaterThan(0);
  });
});

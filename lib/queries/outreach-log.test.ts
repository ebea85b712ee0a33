import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
// Tests may reach into etl to build a database; lib code itself never imports etl.
import { importAllExtracts, readCsvObjects, realExtractsDir, tempDb, tempDir } from "../../etl/test-support";
import { logSampleOutreach } from "../../etl/generate/outreach-sample";
import { openDb, type Db } from "../db/client";
import { addDays } from "../dates";
import { appendOutreachEntry, blankEntry, type NewOutreachEntry } from "../outreach/log-entries";
import { getOutreachPage, getOutreachRows, type OutreachRow } from "./outreach";
import { getFollowUps } from "./follow-ups";
import { getAccountOutreach, getOutreachStatesAt, hasOutreachHistory } from "./outreach-log";
import { getDataStatus } from "./status";

/*
 * The outreach rules on the real extracts: entries are logged on a write handle of their own,
 * as the account page's actions do, and the list is read as staff see it. Which accounts paid
 * what and when is worked out here from invoices.csv, not from the marts.
 */

const T0 = "2020-11-12";
const user = { id: "user-1", email: "staff@example.com" };

type CsvInvoice = { id: number; account: number; issued: string; paid: string | null };

let db: Db;
let writer: Db;
let invoices: CsvInvoice[];

const isOpenAt = (i: CsvInvoice, t: string) => i.issued <= t && (i.paid === null || i.paid > t);
const openAt = (account: number, t: string) => invoices.filter((i) => i.account === account && isOpenAt(i, t));
const paidIn = (account: number, after: string, upTo: string) => invoices.filter((i) => i.account === account && i.paid !== null && i.paid > after && i.paid <= upTo);

function rows(asOf: string, showHeld = false): OutreachRow[] {
  return getOutreachRows({ asOf, sort: "priority", dir: "asc", showHeld }, db);
}
const rowOf = (asOf: string, account: number, showHeld = false) => rows(asOf, showHeld).find((r) => r.accountId === account);

function log(entry: Partial<NewOutreachEntry> & Pick<NewOutreachEntry, "kind" | "accountId" | "entryDate">): number {
  return appendOutreachEntry(writer, { ...blankEntry(entry.kind, entry.accountId, entry.entryDate, user), ...entry });
}

/** Accounts open throughout [from, to] with no payment in (from, to], excluding some. */
function quietAccounts(from: string, to: string, exclude: Set<number>): number[] {
  const accounts = [...new Set(invoices.filter((i) => isOpenAt(i, from)).map((i) => i.account))];
  return accounts.filter((a) => !exclude.has(a) && openAt(a, to).length > 0 && paidIn(a, from, to).length === 0);
}

const used = new Set<number>();
function pick(list: number[]): number {
  const account = list.find((a) => !used.has(a));
  if (account === undefined) throw new Error("no account left for this case");
  used.add(account);
  return account;
}

beforeAll(async () => {
  const made = tempDb();
  db = made.db;
  await importAllExtracts(db);
  writer = openDb(made.file);
  invoices = readCsvObjects(path.join(realExtractsDir, "invoices.csv")).map((i) => ({
    id: Number(i.invoice_id),
    account: Number(i.account_id),
    issued: i.date_issued!,
    paid: i.payment_dates || null,
  }));
});

describe("promises to pay", () => {
  it("marks a promise kept once the account's payments after it reach its amount, by its date", () => {
    // An account that paid something within 20 days of T0, with money still open at T0.
    const account = pick(
      [...new Set(invoices.filter((i) => isOpenAt(i, T0)).map((i) => i.account))].filter((a) => paidIn(a, T0, addDays(T0, 20)).length > 0),
    );
    const paidCents = getAccountOutreachPaid(account, T0, addDays(T0, 20));
    log({ kind: "contact", accountId: account, entryDate: T0, channel: "call", outcome: "promised", promiseDate: addDays(T0, 20), promiseCents: paidCents });
    expect(getAccountOutreach(account, T0, db).state!.promise).toMatchObject({ status: "pending", paidCents: 0 });
    const after = addDays(T0, 21);
    expect(getAccountOutreach(account, after, db).state!.promise).toMatchObject({ status: "kept", paidCents });
    // A cent more than was paid, and the same promise is broken once its date has passed.
    log({ kind: "contact", accountId: account, entryDate: T0, channel: "call", outcome: "promised", promiseDate: addDays(T0, 20), promiseCents: paidCents + 1 });
    expect(getAccountOutreach(account, after, db).state!.promise).toMatchObject({ status: "broken", paidCents });
    expect(getAccountOutreach(account, addDays(T0, 20), db).state!.promise!.status).toBe("pending");
  });

  it("flags a broken promise, puts the account first until someone contacts it again, and shows it as pending before its date", () => {
    const promiseDate = addDays(T0, 5);
    const account = pick(quietAccounts(T0, addDays(T0, 10), used));
    log({ kind: "contact", accountId: account, entryDate: T0, channel: "call", outcome: "promised", promiseDate, promiseCents: 50_000 });

    const before = rows(addDays(T0, 3));
    expect(before.find((r) => r.accountId === account)!.outreach!.promise!.status).toBe("pending");

    const past = addDays(T0, 6);
    const list = rows(past);
    expect(list[0]!.accountId).toBe(account);
    expect(list[0]!.outreach).toMatchObject({ needsChase: true, promise: { status: "broken", paidCents: 0, cents: 50_000 } });

    // A call after the promise date takes it off the top; the promise stays broken.
    log({ kind: "contact", accountId: account, entryDate: past, channel: "call", outcome: "no-answer" });
    const later = rows(addDays(T0, 7)).find((r) => r.accountId === account)!;
    expect(later.outreach).toMatchObject({ needsChase: false, promise: { status: "broken" } });
    expect(later.priority).toBeGreaterThan(1);
    // The view at `past` itself now includes that call, made that day.
    expect(rows(past).find((r) => r.accountId === account)!.outreach!.needsChase).toBe(false);
  });
});

describe("snoozes", () => {
  it("holds the account off the list until the snooze ends, and the toggle shows it with its reason", () => {
    const account = pick(quietAccounts(T0, addDays(T0, 10), used));
    log({ kind: "snooze", accountId: account, entryDate: T0, snoozeUntil: addDays(T0, 5), snoozeReason: "Pays on the 17th" });
    expect(rowOf(T0, account)).toBeUndefined();
    expect(rowOf(addDays(T0, 4), account)).toBeUndefined();
    expect(rowOf(addDays(T0, 4), account, true)!.heldReason).toBe(`Snoozed until ${addDays(T0, 5)}: Pays on the 17th`);
    expect(rowOf(addDays(T0, 5), account)!.heldReason).toBeNull();
    // Before the entry was made, nothing was snoozed.
    expect(rowOf(addDays(T0, -1), account)).toBeDefined();
  });
});

describe("disputes", () => {
  it("leaves a disputed invoice out of the account's figures until the dispute is resolved", () => {
    const account = pick(quietAccounts(T0, addDays(T0, 3), used).filter((a) => openAt(a, T0).length >= 2));
    const before = rowOf(T0, account)!;
    const disputed = openAt(account, T0)[0]!;
    const entryId = log({ kind: "contact", accountId: account, entryDate: T0, channel: "email", outcome: "disputed", disputeReason: "Short delivery", invoiceIds: [disputed.id] });
    const during = rowOf(T0, account)!;
    expect(during.openCount).toBe(before.openCount - 1);
    expect(during.disputedCents).toBeGreaterThan(0);
    expect(during.openCents).toBe(before.openCents - during.disputedCents);
    expect(during.heldReason).toBeNull();

    log({ kind: "dispute-resolved", accountId: account, entryDate: addDays(T0, 1), resolvesEntryId: entryId });
    expect(rowOf(addDays(T0, 1), account)).toMatchObject({ openCount: before.openCount, disputedCents: 0 });
    // At T0 the dispute was still open.
    expect(rowOf(T0, account)!.disputedCents).toBe(during.disputedCents);
  });

  it("holds an account whose every open invoice is disputed", () => {
    const account = pick(quietAccounts(T0, addDays(T0, 3), used));
    log({ kind: "contact", accountId: account, entryDate: T0, channel: "visit", outcome: "disputed", disputeReason: "Goods returned", invoiceIds: openAt(account, T0).map((i) => i.id) });
    expect(rowOf(T0, account)).toBeUndefined();
    expect(rowOf(T0, account, true)!.heldReason).toBe("In dispute: Goods returned");
  });
});

describe("as-of views", () => {
  it("shows an entry only from the day it was made, and counts the later ones", () => {
    const account = pick(quietAccounts(T0, addDays(T0, 10), used));
    log({ kind: "owner", accountId: account, entryDate: addDays(T0, 2), ownerUserId: user.id, ownerEmail: user.email });
    log({ kind: "follow-up", accountId: account, entryDate: addDays(T0, 2), followUpDate: addDays(T0, 4) });
    expect(getAccountOutreach(account, T0, db)).toMatchObject({ state: null, entries: [], laterEntries: 2 });
    const then = getAccountOutreach(account, addDays(T0, 2), db);
    expect(then.state).toMatchObject({ owner: { email: user.email }, followUpDate: addDays(T0, 4) });
    expect(then.entries.map((e) => e.kind)).toEqual(["follow-up", "owner"]);
  });

  it("filters and pages the list with outreach on it exactly as without", () => {
    const page = getOutreachPage({ asOf: T0, sort: "priority", dir: "asc", limit: 25, offset: 0 }, db);
    expect(page.rows.map((r) => r.priority)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(page.totalRows).toBe(rows(T0).length);
  });
});

/** The account's invoice amounts paid in (after, upTo], from the marts' totals (line sums). */
function getAccountOutreachPaid(account: number, after: string, upTo: string): number {
  const ids = paidIn(account, after, upTo).map((i) => i.id);
  return db.$client.prepare(`select sum(total_cents) from mart_invoices where invoice_id in (select value from json_each(?))`).pluck().get(JSON.stringify(ids)) as number;
}

describe("my follow-ups", () => {
  it("lists my due follow-ups and broken promises, and the invoices newly overdue in my scope", () => {
    const me = { id: "user-me", email: "me@example.com" };
    const [mine, owned, theirs] = [0, 1, 2].map(() => pick(quietAccounts(T0, addDays(T0, 10), used)));
    const as = (who: { id: string; email: string }, entry: Partial<NewOutreachEntry> & Pick<NewOutreachEntry, "kind" | "accountId" | "entryDate">) =>
      appendOutreachEntry(writer, { ...blankEntry(entry.kind, entry.accountId, entry.entryDate, who), ...entry });
    as(me, { kind: "follow-up", accountId: mine!, entryDate: T0, followUpDate: addDays(T0, 2) });
    as(user, { kind: "owner", accountId: owned!, entryDate: T0, ownerUserId: me.id, ownerEmail: me.email });
    as(user, { kind: "contact", accountId: owned!, entryDate: T0, channel: "call", outcome: "promised", promiseDate: addDays(T0, 1), promiseCents: 10_000 });
    as(user, { kind: "follow-up", accountId: theirs!, entryDate: T0, followUpDate: addDays(T0, 1) });

    const at = addDays(T0, 3);
    const followUps = getFollowUps(at, { kind: "mine", userId: me.id }, db);
    expect(followUps.dueFollowUps.map((f) => [f.accountId, f.daysLate])).toEqual([[mine, 1]]);
    expect(followUps.brokenPromises.map((b) => b.accountId)).toEqual([owned]);
    // Not yet due the day before.
    expect(getFollowUps(addDays(T0, 1), { kind: "mine", userId: me.id }, db).dueFollowUps).toEqual([]);

    // Newly overdue: first overdue (31 days after issue) within the last 7 days, and still open.
    const fresh = invoices.filter((i) => i.issued > addDays(at, -38) && i.issued <= addDays(at, -31) && (i.paid === null || i.paid > at));
    const everywhere = getFollowUps(at, { kind: "region", region: undefined }, db);
    expect(everywhere.newOverdue.map((i) => i.invoiceId).sort((a, b) => a - b)).toEqual(fresh.map((i) => i.id).sort((a, b) => a - b));
    expect(everywhere.dueFollowUps.map((f) => f.accountId)).toEqual(expect.arrayContaining([mine, theirs]));
    expect(followUps.newOverdue.every((i) => i.accountId === owned)).toBe(true);
    expect(fresh.length).toBeGreaterThan(0);
  });
});

describe("imports", () => {
  it("never touch the outreach log: a replace import that drops an account keeps its history readable", async () => {
    const account = pick(quietAccounts(T0, addDays(T0, 10), used));
    log({ kind: "contact", accountId: account, entryDate: T0, channel: "call", outcome: "other", note: "Asked for a statement" });
    const entries = () => db.$client.prepare(`select * from outreach_entries order by entry_id`).all();
    const before = entries();
    // Replace everything with every account but this one.
    const dir = tempDir();
    const dropped = new Set(invoices.filter((i) => i.account === account).map((i) => String(i.id)));
    const keep: Record<string, (row: Record<string, string>) => boolean> = {
      "accounts.csv": (r) => r.account_id !== String(account),
      "skus.csv": () => true,
      "invoices.csv": (r) => !dropped.has(r.invoice_id!),
      "invoice_line_items.csv": (r) => !dropped.has(r.invoice_id!),
    };
    for (const [name, isKept] of Object.entries(keep)) {
      fs.writeFileSync(path.join(dir, name), Papa.unparse(readCsvObjects(path.join(realExtractsDir, name)).filter(isKept)));
    }
await importAllExtracts(db, dir, { mode: "replace" });
    expect(db.$client.prepare(`select count(*) from mart_accounts where account_id = ?`).pluck().get(account)).toBe(0);
    expect(entries()).toEqual(before);
    expect(hasOutreachHistory(account, db)).toBe(true);
    expect(getAccountOutreach(account, T0, db).entries.map((e) => e.note)).toEqual(["Asked for a statement"]);
  });
});


describe("states across dates", () => {
  it("derive at each date exactly as a process that has seen no other date, before and after a back-dated entry", async () => {
    const made = tempDb();
    await importAllExtracts(made.db);
    const sampleWriter = openDb(made.file);
    logSampleOutreach(sampleWriter, { entries: 3_000 });
    const cutoff = getDataStatus(made.db).asOf!;
    const dates = Array.from({ length: 30 }, (_, i) => addDays(cutoff, -11 * ((i * 7) % 30)));
    const alone = (asOf: string) => {
      const fresh = openDb(made.file);
      try {
        return getOutreachStatesAt(asOf, fresh);
      } finally {
        fresh.$client.close();
      }
    };
    const reader = openDb(made.file);
    let derived = 0;
    for (const asOf of dates) {
      const states = getOutreachStatesAt(asOf, reader);
      derived += states.size;
      expect(states, asOf).toEqual(alone(asOf));
    }
    expect(derived).toBeGreaterThan(3_000);
    const account = [...getOutreachStatesAt(dates[5]!, reader).keys()][0]!;
    appendOutreachEntry(sampleWriter, { ...blankEntry("snooze", account, dates[5]!, user), snoozeUntil: addDays(dates[5]!, 30), snoozeReason: "Back-dated" });
    for (const asOf of dates.slice(0, 10)) expect(getOutreachStatesAt(asOf, reader), asOf).toEqual(alone(asOf));
    expect(getOutreachStatesAt(dates[5]!, reader).get(account)?.snooze?.reason).toBe("Back-dated");
  });
});

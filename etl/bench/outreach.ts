import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { faker } from "@faker-js/faker";
import { openDb, type Db } from "../../lib/db/client";
import { addDays, fromDayNumber, toDayNumber } from "../../lib/dates";
import { OUTREACH_CHANNELS } from "../../lib/outreach/vocabulary";
import { appendOutreachEntry, blankEntry, type NewOutreachEntry } from "../../lib/outreach/log-entries";
import { getFollowUps } from "../../lib/queries/follow-ups";
import { getAccountOutreach } from "../../lib/queries/outreach-log";
import { getOutreachPage } from "../../lib/queries/outreach";
import { getDataStatus } from "../../lib/queries/status";
import type { Region } from "../../lib/regions";

/*
 * The outreach workflow's server time on a copy of an imported store with ENTRIES entries in its
 * log, spread over the data's last year as staff would make them: calls and emails with every
 * outcome, promises, disputes of open invoices, snoozes, follow-ups and owners. Targets: the
 * list and "My follow-ups" under 200 ms at the median; logging a contact commits and shows on
 * the list within 100 ms (the commit, then the list read that follows it).
 *
 * Each read is measured twice: "after an entry" is the first read once someone has logged
 * something (the states are derived again from the log), "warm" every read after it.
 */

export const ENTRIES = 50_000;
const STAFF = 40;

export type OutreachBenchResult = { name: string; runs: number; medianMs: number; p90Ms: number };

function summarise(name: string, times: number[]): OutreachBenchResult {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { name, runs: sorted.length, medianMs: at(0.5), p90Ms: at(0.9) };
}

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** Fills the log with `count` entries, deterministic for a given store. */
export function seedOutreachLog(db: Db, count: number): { users: { id: string; email: string }[]; seconds: number } {
  const started = performance.now();
  faker.seed(1);
  const status = getDataStatus(db);
  const latest = toDayNumber(status.asOf!)!;
  const users = Array.from({ length: STAFF }, (_, i) => ({ id: `bench-user-${i + 1}`, email: `staff${i + 1}@example.com` }));
  const sqlite = db.$client;
  const openInvoicesAt = sqlite.prepare(
    `select invoice_id, account_id from mart_invoices
     where date_issued <= @day and (payment_date is null or payment_date > @day) and date_issued > date(@day, '-60 days')
     order by random() limit 400`,
  );
  const outcomes = ["no-answer", "left-message", "promised", "promised", "disputed", "says-paid", "other"] as const;
  let made = 0;
  // One day at a time, oldest first, as the log would have grown; a transaction per day keeps it quick.
  const days = Math.ceil(count / 150);
  for (let d = days; d > 0 && made < count; d--) {
    const day = fromDayNumber(latest - Math.round((d * 365) / days));
    const open = openInvoicesAt.raw().all({ day }) as [number, number][];
    if (open.length === 0) continue;
    sqlite.transaction(() => {
      for (let k = 0; k < 150 && made < count; k++, made++) {
        const [invoiceId, accountId] = faker.helpers.arrayElement(open);
        const user = faker.helpers.arrayElement(users);
        const kind = faker.helpers.weightedArrayElement([
          { weight: 70, value: "contact" as const },
          { weight: 12, value: "follow-up" as const },
          { weight: 6, value: "snooze" as const },
          { weight: 12, value: "owner" as const },
        ]);
        const entry: NewOutreachEntry = blankEntry(kind, accountId, day, user);
        if (kind === "contact") {
          entry.channel = faker.helpers.arrayElement(OUTREACH_CHANNELS);
          entry.outcome = faker.helpers.arrayElement(outcomes);
          entry.note = faker.lorem.sentence();
          if (entry.outcome === "promised") {
            entry.promiseDate = addDays(day, faker.number.int({ min: 2, max: 21 }));
            entry.promiseCents = faker.number.int({ min: 10_000, max: 5_000_000 });
          }
          if (entry.outcome === "disputed") {
            entry.disputeReason = faker.helpers.arrayElement(["Short delivery", "Wrong price", "Damaged goods"]);
            entry.invoiceIds = [invoiceId];
          }
          if (faker.datatype.boolean()) entry.followUpDate = addDays(day, faker.number.int({ min: 1, max: 14 }));
        } else if (kind === "follow-up") {
          entry.followUpDate = addDays(day, faker.number.int({ min: 0, max: 14 }));
        } else if (kind === "snooze") {
          entry.snoozeUntil = addDays(day, faker.number.int({ min: 3, max: 30 }));
          entry.snoozeReason = "Paying on the next payment run";
        } else {
          const owner = faker.helpers.arrayElement(users);
          entry.ownerUserId = owner.id;
          entry.ownerEmail = owner.email;
        }
        appendOutreachEntry(db, entry, new Date(Date.UTC(2026, 0, 1) + made * 1000));
      }
    })();
  }
  return { users, seconds: (performance.now() - started) / 1000 };
}

/** Seeds a copy of `importedDb` and measures the workflow's reads and writes on it. */
export function benchOutreach(importedDb: string, scratchDb: string, options: { runs?: number } = {}): { results: OutreachBenchResult[]; entries: number; seedSeconds: number } {
  const runs = options.runs ?? 15;
  for (const suffix of ["", "-wal", "-shm"]) {
    fs.rmSync(scratchDb + suffix, { force: true });
    if (fs.existsSync(importedDb + suffix)) fs.copyFileSync(importedDb + suffix, scratchDb + suffix);
  }
  const writer = openDb(scratchDb);
  const { users, seconds } = seedOutreachLog(writer, ENTRIES);
  // The dashboard reads on a handle of its own, as the server's query-only one.
  const reader = openDb(scratchDb);
  reader.$client.pragma("query_only = ON");
  try {
    const asOf = getDataStatus(reader).asOf!;
    const region: Region = "South";
    const me = users[0]!;
    const list = () => getOutreachPage({ asOf, region, sort: "priority", dir: "asc", limit: 25, offset: 0 }, reader);
    const mine = () => getFollowUps(asOf, { kind: "mine", userId: me.id }, reader);
    const mineRegion = () => getFollowUps(asOf, { kind: "region", region }, reader);
    // A process's first read loads the whole log once; every later read adds only the new entries.
    const loadMs = time(() => getAccountOutreach(1, asOf, reader));
    const accountId = list().rows[0]!.accountId;
    const account = () => getAccountOutreach(accountId, asOf, reader);
    // The first view of a date: its positions and its states both derived anew.
    const firstViews = Array.from({ length: 8 }, (_, i) => time(() => getOutreachPage({ asOf: addDays(asOf, -7 * (i + 1)), region, sort: "priority", dir: "asc", limit: 25, offset: 0 }, reader)));
    list();
    mine();

    const afterEntry = { list: [] as number[], mine: [] as number[], region: [] as number[], account: [] as number[], logAndShow: [] as number[], commit: [] as number[] };
    const warm = { list: [] as number[], mine: [] as number[], region: [] as number[], account: [] as number[] };
    const logOne = () =>
      appendOutreachEntry(writer, { ...blankEntry("contact", accountId, asOf, me), channel: "call", outcome: "left-message", note: "Bench call" });
    for (let i = 0; i < runs; i++) {
      // A contact committed, then the list it shows on.
      afterEntry.commit.push(time(logOne));
      afterEntry.logAndShow.push(afterEntry.commit.at(-1)! + time(list));
      // Checked apart from the timing: the contact may have moved the account off page 1.
      const shown = getOutreachPage({ asOf, q: String(accountId), sort: "priority", dir: "asc", limit: 25, offset: 0 }, reader).rows.find((r) => r.accountId === accountId);
      if (shown?.outreach?.lastContact?.outcome !== "left-message") throw new Error("bench: the logged contact did not show on the list");
      logOne();
      afterEntry.mine.push(time(mine));
      logOne();
      afterEntry.region.push(time(mineRegion));
      logOne();
      afterEntry.account.push(time(account));
      warm.list.push(time(list));
      warm.mine.push(time(mine));
      warm.region.push(time(mineRegion));
      warm.account.push(time(account));
    }
    const entries = reader.$client.prepare(`select count(*) from outreach_entries`).pluck().get() as number;
    return {
      entries,
      seedSeconds: seconds,
      results: [
        summarise("load the log (once per process)", [loadMs]),
        summarise("outreach list, first view of 8 earlier dates", firstViews),
        summarise("log a contact: commit", afterEntry.commit),
        summarise("log a contact: commit, then the list showing it", afterEntry.logAndShow),
        summarise("outreach list (South, page 1), warm", warm.list),
        summarise("my follow-ups (mine), after an entry", afterEntry.mine),
        summarise("my follow-ups (mine), warm", warm.mine),
        summarise("my follow-ups (my region), after an entry", afterEntry.region),
        summarise("my follow-ups (my region), warm", warm.region),
        summarise("account page's outreach, after an entry", afterEntry.account),
        summarise("account page's outreach, warm", warm.account),
      ],
    };
  } finally {
    reader.$client.close();
    writer.$client.close();
  }
}

export function formatOutreachBench(bench: ReturnType<typeof benchOutreach>): string {
  const lines = bench.results.map((r) => `  ${r.name.padEnd(52)} ${r.medianMs.toFixed(1).padStart(7)} / ${r.p90Ms.toFixed(1).padStart(7)} ms`);
  return [`outreach workflow with ${bench.entries.toLocaleString()} entries (seeded in ${bench.seedSeconds.toFixed(1)} s; median / p90; targets: reads < 200 ms, log and show < 100 ms)`, ...lines].join("\n");
}

// `npx tsx etl/bench/outreach.ts DB` measures one store without the rest of the bench.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const source = path.resolve(process.argv[2] ?? "data/bench/import-100.db");
  console.log(formatOutreachBench(benchOutreach(source, `${source}.outreach-bench.db`)));
}

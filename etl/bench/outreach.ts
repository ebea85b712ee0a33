import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openDb } from "../../lib/db/client";
import { addDays } from "../../lib/dates";
import { appendOutreachEntry, blankEntry } from "../../lib/outreach/log-entries";
import { getFollowUps } from "../../lib/queries/follow-ups";
import { getAccountOutreach } from "../../lib/queries/outreach-log";
import { getOutreachPage } from "../../lib/queries/outreach";
import { getOutreachTrends } from "../../lib/queries/outreach-trends";
import { logSampleOutreach, SAMPLE_USERS } from "../generate/outreach-sample";
import { getDataStatus } from "../../lib/queries/status";
import type { Region } from "../../lib/regions";

/*
 * The outreach workflow's server time on a copy of an imported store with ENTRIES entries in its
 * log (etl/generate/outreach-sample.ts: contacts with every outcome, promises, disputes, snoozes,
 * follow-ups and owners, mostly on overdue accounts). Targets: the
 * list and "My follow-ups" under 200 ms at the median; logging a contact commits and shows on
 * the list within 100 ms (the commit, then the list read that follows it).
 *
 * Each read is measured twice: "after an entry" is the first read once someone has logged
 * something (the states are derived again from the log), "warm" every read after it.
 */

export const ENTRIES = 50_000;

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

/** Seeds a copy of `importedDb` and measures the workflow's reads and writes on it. */
export function benchOutreach(importedDb: string, scratchDb: string, options: { runs?: number } = {}): { results: OutreachBenchResult[]; entries: number; seedSeconds: number } {
  const runs = options.runs ?? 15;
  for (const suffix of ["", "-wal", "-shm"]) {
    fs.rmSync(scratchDb + suffix, { force: true });
    if (fs.existsSync(importedDb + suffix)) fs.copyFileSync(importedDb + suffix, scratchDb + suffix);
  }
  const writer = openDb(scratchDb);
  const seedStarted = performance.now();
  logSampleOutreach(writer, { entries: ENTRIES });
  const seconds = (performance.now() - seedStarted) / 1000;
  // The dashboard reads on a handle of its own, as the server's query-only one.
  const reader = openDb(scratchDb);
  reader.$client.pragma("query_only = ON");
  try {
    const asOf = getDataStatus(reader).asOf!;
    const region: Region = "South";
    const me = SAMPLE_USERS[0]!;
    const list = () => getOutreachPage({ asOf, region, sort: "priority", dir: "asc", limit: 25, offset: 0 }, reader);
    const mine = () => getFollowUps(asOf, { kind: "mine", userId: me.id }, reader);
    const mineRegion = () => getFollowUps(asOf, { kind: "region", region }, reader);
    // A process's first read loads the whole log once; every later read adds only the new entries.
    const loadMs = time(() => getAccountOutreach(1, asOf, reader));
    const accountId = list().rows[0]!.accountId;
    const account = () => getAccountOutreach(accountId, asOf, reader);
    const trends = () => getOutreachTrends(undefined, reader);
    // The first view of a date: its positions and its states both derived anew.
    const firstViews = Array.from({ length: 8 }, (_, i) => time(() => getOutreachPage({ asOf: addDays(asOf, -7 * (i + 1)), region, sort: "priority", dir: "asc", limit: 25, offset: 0 }, reader)));
    list();
    mine();

    const afterEntry = { mine: [] as number[], region: [] as number[], account: [] as number[], trends: [] as number[], logAndShow: [] as number[], commit: [] as number[] };
    const warm = { list: [] as number[], mine: [] as number[], region: [] as number[], account: [] as number[], trends: [] as number[] };
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
      logOne();
      afterEntry.trends.push(time(trends));
      warm.trends.push(time(trends));
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
        summarise("trends page's outreach (all regions), after an entry", afterEntry.trends),
        summarise("trends page's outreach (all regions), warm", warm.trends),
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

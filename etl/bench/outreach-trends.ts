import { parseArgs } from "node:util";
import { z } from "zod";
import { openDb } from "../../lib/db/client";
import { clearOutreachTrendsCache, getOutreachTrends } from "../../lib/queries/outreach-trends";
import { logSampleOutreach } from "./outreach-sample";

/*
 * `npx tsx etl/bench/outreach-trends.ts --db FILE [--entries N]`: the trends page's outreach
 * read on an imported database, after topping its outreach log up to N sample entries
 * (etl/bench/outreach-sample.ts). It writes to that database, so point it at a bench copy.
 * Cold is the first view after an entry is added or the marts change; warm is every view after.
 */

const args = z
  .object({ db: z.string().min(1), entries: z.coerce.number().int().min(1).max(1_000_000), runs: z.coerce.number().int().min(3).max(100) })
  .parse(parseArgs({ options: { db: { type: "string" }, entries: { type: "string", default: "50000" }, runs: { type: "string", default: "15" } } }).values);

const db = openDb(args.db);
const existing = db.$client.prepare(`select count(*) from outreach_entries`).pluck().get() as number;
if (existing < args.entries) console.log(`logged ${logSampleOutreach(db, { entries: args.entries - existing, seed: existing + 1 })} sample entries`);
const counts = db.$client.prepare(`select count(*) as entries, sum(kind = 'contact') as contacts, sum(outcome = 'promised') as promises from outreach_entries`).get();
console.log(counts);

function measure(label: string, fn: () => unknown, before?: () => void) {
  fn(); // prepares the statements, as the long-running server has already done
  const times: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    before?.();
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[times.length >> 1]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}`);
}

for (const region of [undefined, "South"] as const) {
  const read = () => getOutreachTrends(region, db);
  measure(`outreach trends, cold, ${region ?? "all regions"}`, read, () => clearOutreachTrendsCache(db));
  measure(`outreach trends, warm, ${region ?? "all regions"}`, read);
}
db.$client.close();

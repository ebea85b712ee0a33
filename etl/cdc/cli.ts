import fs from "node:fs";
import readline from "node:readline";
import { z } from "zod";
import { openDb } from "../../lib/db/client";
import { resolveDatabasePath } from "../../lib/env";
import { parseCliArgs, runCommands, UsageError, validateArgs } from "../cli-args";
import { addResults, applyDebeziumEvents, ChangeEventImport, emptyResult, type CdcResult } from "./apply-events";
import { eventsOf } from "./debezium-event";

const usage = `Usage:
  npm run cdc -- replay FILE|- [--db FILE]

replay  applies Debezium change events, one JSON value a line (a kcat dump of a topic, or "-"
        for stdin), through the same code as POST /api/cdc/debezium. A line may hold one event,
        an array of events or null (a tombstone); blank lines are skipped. Events at or before
        a row's last applied position are skipped as duplicates, so a replay can be repeated.
        Exit 0: every event applied, skipped or ignored. 1: some were rejected (the rest
        applied; see stderr and cdc_rejects). 2: usage error.
--db defaults to $DATABASE_PATH or data/app.db.`;

const replayArgs = z.object({
  input: z.string({ error: "give the JSON-lines file to replay, or - for stdin" }).min(1),
  db: z.string().optional(),
});

function describeResult(result: CdcResult, seconds: number): string {
  return (
    `applied ${result.applied}, skipped as duplicates ${result.skipped}, ignored ${result.ignored}, rejected ${result.rejected}` +
    ` in ${seconds.toFixed(2)} s; lines waiting for their invoice or SKU: ${result.waitingLines}`
  );
}

async function runReplay(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { db: { type: "string" }, help: { type: "boolean", short: "h", default: false } });
  const args = validateArgs(replayArgs, { input: positionals[1], db: values.db });
  if (args.input !== "-" && !fs.existsSync(args.input)) throw new UsageError(`${args.input} does not exist`);
  const db = openDb(resolveDatabasePath(args.db));
  const started = performance.now();
  // One import for the whole replay, however many lines and events it holds.
  const changeImport = new ChangeEventImport(db, "cdc replay");
  let total = emptyResult();
  let lineNumber = 0;
  const input = args.input === "-" ? process.stdin : fs.createReadStream(args.input);
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      total = addResults(total, { ...emptyResult(), rejected: 1, waitingLines: total.waitingLines });
      console.error(`line ${lineNumber}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const part = applyDebeziumEvents(db, eventsOf(value), { changeImport });
    for (const e of part.errors) {
      const at = e.position ? ` at ${e.position.binlogFile}:${e.position.pos} row ${e.position.row}` : "";
      console.error(`line ${lineNumber}${Array.isArray(value) ? `, event ${e.index}` : ""}: ${e.table ?? "?"}${at}: ${e.reason}`);
    }
    total = addResults(total, { ...part, errors: [] });
  }
  changeImport.finish();
  console.log(describeResult(total, (performance.now() - started) / 1000));
  db.$client.close();
  return total.rejected > 0 ? 1 : 0;
}

process.exitCode = await runCommands(process.argv.slice(2), usage, { replay: runReplay });

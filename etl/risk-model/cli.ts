import fs from "node:fs";
import { z } from "zod";
import { openDb } from "../../lib/db/client";
import { isoDateSchema } from "../../lib/dates";
import { resolveDatabasePath } from "../../lib/env";
import type { Evaluation, ScoreSummary } from "../../lib/risk-model/evaluation";
import { rawCoefficients } from "../../lib/risk-model/logistic";
import { loadDataset } from "./dataset";
import { evaluateHoldout, EvaluationError } from "./evaluate";
import { parseCliArgs, UsageError, validateArgs } from "../cli-args";
import { trainModel } from "./train";

const usage = `Usage:
  npm run model -- evaluate [--db FILE] [--cutoff YYYY-MM-DD] [--json]
  npm run model -- train [--db FILE]

evaluate  fits the model and two baselines (required columns only; the account's prior late
          rate only) on invoices whose outcome was known at the cutoff, and scores invoices
          issued after it. The cutoff defaults to 120 days before the data cut-off.
          --json prints one object: auc, pr_auc, brier, baseline_required_auc,
          baseline_prior_rate_auc, and the full evaluation under "evaluation".
train     trains and stores a new model version (weights, training window, data version,
          metrics, monthly backtest) and compares it with the active version on the same
          holdout: it is promoted, and scores the data's as-of date, only when it is not worse.
          Imports do this by themselves, after they commit.
Exit 0: done. 1: not enough data. 2: usage error.
--db defaults to $DATABASE_PATH or data/app.db.`;

const argsSchema = z.object({
  command: z.enum(["evaluate", "train"]),
  db: z.string().optional(),
  cutoff: isoDateSchema.optional(),
  json: z.boolean(),
});

function parse(argv: string[]) {
  const parsed = parseCliArgs(argv, {
    db: { type: "string" },
    cutoff: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument ${parsed.positionals[1]}`);
  return validateArgs(argsSchema, { command: parsed.positionals[0], db: parsed.values.db, cutoff: parsed.values.cutoff, json: parsed.values.json });
}

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printEvaluation(e: Evaluation): void {
  console.log(`holdout cutoff ${e.cutoff} (data cut-off ${e.dataCutoff})`);
  console.log(`train: ${e.train.rows.toLocaleString()} invoices issued ${e.train.from} .. ${e.train.to}, ${pct(e.train.lateRate)} late`);
  console.log(`test:  ${e.test.rows.toLocaleString()} invoices issued ${e.test.from} .. ${e.test.to}, ${pct(e.test.lateRate)} late (base rate)`);
  console.log("");
  const rows: [string, ScoreSummary][] = [
    ["model", e.model],
    ["baseline: required columns", e.baselines.required],
    ["baseline: prior late rate", e.baselines.prior_rate],
  ];
  console.log(`${"".padEnd(28)}  ${"ROC AUC".padStart(8)}  ${"PR AUC".padStart(8)}  ${"Brier".padStart(8)}  ${"top 10%".padStart(8)}`);
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(28)}  ${f4(s.auc).padStart(8)}  ${f4(s.prAuc).padStart(8)}  ${f4(s.brier).padStart(8)}  ${pct(s.topDecileRate).padStart(8)}`);
  }
  console.log("");
  console.log("calibration of the model (predicted probability bin: invoices, mean predicted, observed late share)");
  for (const bin of e.model.calibration) {
    const range = `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}`;
    console.log(`  ${range}  ${String(bin.count).padStart(7)}  ${bin.meanPredicted === null ? "   -  " : pct(bin.meanPredicted).padStart(6)}  ${bin.observedRate === null ? "   -  " : pct(bin.observedRate).padStart(6)}`);
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === undefined || ["--help", "-h", "help"].includes(argv[0])) {
    console.log(usage);
    return argv[0] === undefined ? 2 : 0;
  }
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
  const file = resolveDatabasePath(args.db);
  if (!fs.existsSync(file)) {
    console.error(`error: no database at ${file}; run an import first\n\n${usage}`);
    return 2;
  }
  const db = openDb(file);
  try {
    if (args.command === "evaluate") {
      let evaluation: Evaluation;
      try {
        evaluation = evaluateHoldout(loadDataset(db), args.cutoff);
      } catch (error) {
        if (error instanceof EvaluationError) {
          console.error(`not enough data: ${error.message}`);
          return 1;
        }
        throw error;
      }
      if (args.json) {
        console.log(
          JSON.stringify({
            auc: evaluation.model.auc,
            pr_auc: evaluation.model.prAuc,
            brier: evaluation.model.brier,
            baseline_required_auc: evaluation.baselines.required.auc,
            baseline_prior_rate_auc: evaluation.baselines.prior_rate.auc,
            baseline_required_brier: evaluation.baselines.required.brier,
            baseline_prior_rate_brier: evaluation.baselines.prior_rate.brier,
            top_decile_late_rate: evaluation.model.topDecileRate,
            base_rate: evaluation.test.lateRate,
            evaluation,
          }),
        );
      } else printEvaluation(evaluation);
      return 0;
    }
    const result = trainModel(db);
    if (result.status === "skipped") {
      console.error(`not trained: ${result.reason}`);
      return 1;
    }
    console.log(`model version ${result.versionId}: ${result.trainRows.toLocaleString()} training invoices, ${(result.ms / 1000).toFixed(2)} s`);
    const raw = rawCoefficients(result.model);
    console.log("weights (standardised; per unit of the feature):");
    result.model.features.forEach((name, j) => console.log(`  ${name.padEnd(24)} ${result.model.weights[j]!.toFixed(3).padStart(8)}  ${raw.weights[j]!.toPrecision(4).padStart(10)}`));
    console.log(`${result.promotion.decision === "promoted" ? "promoted" : "not promoted"}: ${result.promotion.reason}`);
    if (result.run) console.log(`scored ${result.run.accounts.toLocaleString()} accounts (${result.run.invoices.toLocaleString()} open invoices) as of ${result.run.asOf}`);
    console.log("");
    printEvaluation(result.evaluation);
    return 0;
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { getActiveModelVersion } from "../../lib/queries/risk-model";
import type { Evaluation } from "../../lib/risk-model/evaluation";
import { importExtracts } from "../import/import-extracts";
import { loadDataset } from "../risk-model/dataset";
import { evaluateHoldout } from "../risk-model/evaluate";
import { tempDb, tempDir } from "../test-support";
import { DEFAULT_END, generateExtracts } from "./generate-extracts";
import { LINES_PER_INVOICE, accountLateIntercept, invoiceLateProbability } from "./payment-behaviour";

// The demo's data (etl/demo.ts): what a manager sees the model do should hold for it.
const DEMO = { scale: 1, seed: 1, end: DEFAULT_END } as const;

let db: Db;
let evaluation: Evaluation;
let weights: Map<string, number>;

beforeAll(async () => {
  const outDir = tempDir("generator-effects-");
  await generateExtracts({ outDir, ...DEMO });
  ({ db } = tempDb());
  const sources = fileKinds.map((kind) => ({ kind, path: path.join(outDir, fileSpecs[kind].fileName) }));
  const result = await importExtracts(db, sources);
  expect(result.status).toBe("accepted");
  evaluation = evaluateHoldout(loadDataset(db));
  const version = getActiveModelVersion(db)!;
  weights = new Map(version.model.features.map((name, j) => [name, version.model.weights[j]!]));
});

afterAll(() => db?.$client.close());

describe("lateness in the generated extracts", () => {
  const lateShare = (where: string) =>
    db.$client
      .prepare(
        `select avg(f.is_late) from mart_invoice_features as f join stg_accounts as a on a.account_id = f.acct_id
         where f.is_late is not null and f.date_issued <= date(@end, '-61 days') and ${where}`,
      )
      .pluck()
      .get({ end: DEMO.end }) as number;

  it("rises with an invoice's line count, as in the real extracts (2% at 2 lines, 35% at 9)", () => {
    expect(lateShare("f.inv_lines = 2")).toBeLessThan(0.05);
    expect(lateShare("f.inv_lines = 9")).toBeGreaterThan(0.25);
  });

  it("is higher for accounts that joined recently than for old ones", () => {
    const recent = lateShare(`a.joining_date > date(@end, '-3 years')`);
    const old = lateShare(`a.joining_date <= date(@end, '-4 years')`);
    expect(recent).toBeGreaterThan(1.5 * old);
  });

  it("keeps each account's overall rate: the line effect only moves lateness between its invoices", () => {
    const lines = LINES_PER_INVOICE;
    const mid = (lines.min + lines.max) / 2;
    for (const p of [0.001, 0.05, 0.15, 0.5, 0.9, 0.999]) {
      const c = accountLateIntercept(p, lines);
      let sum = 0;
      for (let n = lines.min; n <= lines.max; n++) sum += invoiceLateProbability(c, n, mid, 1);
      expect(sum / (lines.max - lines.min + 1)).toBeCloseTo(p, 9);
    }
    expect(invoiceLateProbability(accountLateIntercept(0, lines), 9, mid, 3)).toBe(0);
    expect(invoiceLateProbability(accountLateIntercept(1, lines), 2, mid, 0.3)).toBe(1);
  });
});

describe("the late-payment model on the demo's data", () => {
  it("beats the prior-late-rate baseline by 0.02 AUC or more on the holdout", () => {
    expect(evaluation.model.auc - evaluation.baselines.prior_rate.auc).toBeGreaterThanOrEqual(0.02);
    expect(evaluation.model.brier).toBeLessThan(evaluation.baselines.prior_rate.brier);
  });

  it("recovers the generator's effects in the signs of its weights", () => {
    // More lines and a bigger invoice than usual raise the risk; a longer tenure and a higher
    // buying rate lower it. Quantities add nothing once the lines are known, as in the real data.
    expect(weights.get("inv_lines")).toBeGreaterThan(0.5);
    expect(Math.abs(weights.get("inv_items")!)).toBeLessThan(weights.get("inv_lines")! / 3);
    expect(weights.get("log_total_vs_avg")).toBeGreaterThan(0);
    expect(weights.get("acct_age_years")).toBeLessThan(0);
    expect(weights.get("log_buying_rate")).toBeLessThan(0);
  });
});

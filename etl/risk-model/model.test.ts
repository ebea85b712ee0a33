import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import {
  getBacktestMonths,
  getActiveModelVersion,
  getDataVersion,
  getRunAccountScores,
  getScoreRuns,
} from "../../lib/queries/risk-model";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { clearOutreachCache, getAccountPositionsAt } from "../../lib/queries/outreach";
import { importExtracts } from "../import/import-extracts";
import { realExtractsDir, tempDb, writeFixture } from "../test-support";
import { loadDataset } from "./dataset";
import { storeScoreRun } from "./store-score-run";
import { fitVersionInWorker } from "./fit-in-worker";
import { trainModel } from "./train";

const run = promisify(execFile);
const realSources = fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) }));

async function importedReal(): Promise<{ db: Db; file: string }> {
  const temp = tempDb();
  const result = await importExtracts(temp.db, realSources);
  expect(result.status).toBe("accepted");
  return temp;
}

function cli(...args: string[]) {
  return run("npx", ["tsx", "etl/risk-model/cli.ts", ...args], { cwd: process.cwd() }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("the late-payment model on the real extracts", () => {
  let db: Db;
  let file: string;

  beforeAll(async () => {
    ({ db, file } = await importedReal());
  });

  it("is trained by the import itself and stores weights, training window, data version and metrics", () => {
    const version = getActiveModelVersion(db)!;
    expect(version).not.toBeNull();
    expect(version.dataVersion).toBe(1);
    // The data's as-of date is the last payment, 2021-07-08, so every invoice's outcome is known.
    expect(version.dataCutoff).toBe("2021-07-08");
    expect(version.trainFrom).toBe("2020-05-12");
    expect(version.trainTo).toBe("2021-05-12");
    expect(version.trainRows).toBe(9685);
    expect(version.model.weights).toHaveLength(version.model.features.length);
    expect(version.evaluation.cutoff).toBe("2021-03-10");
    expect(version.promotedAt).not.toBeNull();
    expect(version.promotion).toMatchObject({ decision: "promoted", comparedWith: null });
  });

  it("gives the same weights for the same data: a second import and a retrain agree bit for bit", async () => {
    const first = getActiveModelVersion(db)!;
    const other = await importedReal();
    const second = getActiveModelVersion(other.db)!;
    expect(JSON.stringify(second.model)).toBe(JSON.stringify(first.model));
    expect(second.trainDataHash).toBe(first.trainDataHash);
    // Retraining on exactly the same rows stores nothing: the active version already is that model.
    expect(trainModel(other.db)).toMatchObject({ status: "skipped", reason: `version ${second.versionId} was trained on exactly these rows` });
  });

  it("stores the same version, backtest and scores when the fit runs on a second thread", async () => {
    // The real extracts' 9,685 invoices are fitted on the import's own thread by default.
    const threaded = tempDb();
    expect((await importExtracts(threaded.db, realSources, { fitThreadFromRows: 0 })).status).toBe("accepted");
    const here = getActiveModelVersion(db)!;
    const there = getActiveModelVersion(threaded.db)!;
    expect(JSON.stringify(there.model)).toBe(JSON.stringify(here.model));
    expect(there.evaluation).toEqual(here.evaluation);
    expect([there.trainFrom, there.trainTo, there.trainRows, there.trainDataHash]).toEqual([here.trainFrom, here.trainTo, here.trainRows, here.trainDataHash]);
    const backtest = getBacktestMonths(there.versionId, threaded.db);
    expect(backtest.length).toBeGreaterThan(6);
    expect(backtest).toEqual(getBacktestMonths(here.versionId, db));
    const scores = (d: Db) => getRunAccountScores(storeScoreRun(d, "2021-05-12", getDataVersion(d)).runId, d);
    expect(scores(threaded.db).length).toBeGreaterThan(50);
    expect(scores(threaded.db)).toEqual(scores(db));
  });

  it("rejects, and leaves no unhandled rejection, when a fit on a second thread is cancelled", async () => {
    const fitting = fitVersionInWorker(loadDataset(db), undefined, null);
    fitting.cancel();
    await expect(fitting.result).rejects.toThrow("the model-fitting thread stopped early");
  });

  it("beats both baselines on AUC and Brier in `npm run model -- evaluate --json`", async () => {
    const { code, stdout } = await cli("evaluate", "--db", file, "--json");
    expect(code).toBe(0);
    const figures = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(figures)).toEqual(expect.arrayContaining(["auc", "pr_auc", "brier", "baseline_required_auc", "baseline_prior_rate_auc"]));
    expect(figures.auc).toBeGreaterThan(figures.baseline_required_auc!);
    expect(figures.auc).toBeGreaterThan(figures.baseline_prior_rate_auc!);
    expect(figures.brier).toBeLessThan(figures.baseline_required_brier!);
    expect(figures.brier).toBeLessThan(figures.baseline_prior_rate_brier!);
    expect(figures.auc).toBeGreaterThan(0.9);
    expect(figures.top_decile_late_rate).toBeGreaterThan(3 * figures.base_rate!);
  });

  it("evaluates at another cutoff and refuses a bad one", async () => {
    const other = await cli("evaluate", "--db", file, "--cutoff", "2020-12-31");
    expect(other.code).toBe(0);
    expect(other.stdout).toContain("holdout cutoff 2020-12-31");
    expect(other.stdout).toMatch(/baseline: prior late rate/);
    expect((await cli("evaluate", "--db", file, "--cutoff", "2020-02-30")).code).toBe(2);
    expect((await cli("evaluate", "--db", file, "--cutoff", "2020-06-01")).code).toBe(1);
  });

  it("scores every account with invoices open at a date, overdue money counted as certainly late", () => {
    // The import stores its as-of date's ranking: nothing is open once every invoice is paid.
    const imported = getScoreRuns(db).find((r) => r.dataVersion === 1 && r.asOf === "2021-07-08");
    const version = getActiveModelVersion(db)!;
    expect(imported).toMatchObject({ asOf: "2021-07-08", versionId: version.versionId, dataVersion: 1, accounts: 0 });
    const latest = storeScoreRun(db, "2021-05-12", getDataVersion(db));
    const open = db.$client
      .prepare(`select count(distinct account_id) from mart_invoices where date_issued <= '2021-05-12' and (payment_date is null or payment_date > '2021-05-12')`)
      .pluck()
      .get();
    const scores = getRunAccountScores(latest!.runId, db);
    expect(scores).toHaveLength(open as number);
    expect(scores.map((s) => s.rank)).toEqual(scores.map((_, i) => i + 1));
    for (let i = 1; i < scores.length; i++) expect(scores[i]!.expectedLateCents).toBeLessThanOrEqual(scores[i - 1]!.expectedLateCents);
    for (const s of scores) {
      expect(s.reasons.length).toBeGreaterThanOrEqual(2);
      expect(s.reasons.length).toBeLessThanOrEqual(3);
      expect(s.expectedLateCents).toBeGreaterThanOrEqual(s.overdueCents);
      if (s.overdueCents > 0) expect(s).toMatchObject({ probability: 1, band: "high" });
      expect(s.notDueCents! + s.overdueCents).toBeLessThanOrEqual(s.openCents);
      if (s.notDueCents! > 0) expect(s.expectedLateCents).toBe(Math.round(s.openCents - s.notDueCents! + s.notDueLateShare! * s.notDueCents!));
      else expect(s.notDueLateShare).toBeNull();
    }
  });

  it("scores a past date in a read without writing, with the same scores the ETL stores", () => {
    clearOutreachCache(db);
    const changesBefore = db.$client.prepare("select total_changes()").pluck().get();
    const positions = getAccountPositionsAt("2020-12-31", db);
    expect(db.$client.prepare("select total_changes()").pluck().get()).toBe(changesBefore);
    expect(positions.length).toBeGreaterThan(50);
    const stored = getRunAccountScores(storeScoreRun(db, "2020-12-31", getDataVersion(db)).runId, db);
    expect(new Map(stored.map((s) => [s.accountId, [s.expectedLateCents, s.notDueCents, s.notDueLateShare]]))).toEqual(
      new Map(positions.map(({ accountId, model: m }) => [accountId, [m!.expectedLateCents, m!.notDueCents, m!.notDueLateShare]])),
    );
  });

  it("backtests month by month: flags came true far more often than low-risk accounts paid late", () => {
    const months = getBacktestMonths(getActiveModelVersion(db)!.versionId, db);
    expect(months.map((m) => m.asOf)).toEqual(["2020-06-30", "2020-07-31", "2020-08-31", "2020-09-30", "2020-10-31", "2020-11-30", "2020-12-31", "2021-01-31", "2021-02-28", "2021-03-31", "2021-04-30", "2021-05-31", "2021-06-30"]);
    const sum = (f: (m: (typeof months)[number]) => number) => months.reduce((s, m) => s + f(m), 0);
    const highShare = sum((m) => m.highLate) / sum((m) => m.highAccounts);
    const forwardShare = sum((m) => m.highNotOverdueLate) / sum((m) => m.highNotOverdue);
    const lowShare = sum((m) => m.lowLate) / sum((m) => m.lowAccounts);
    expect(highShare).toBeGreaterThan(0.8);
    expect(forwardShare).toBeGreaterThan(0.6);
    expect(lowShare).toBeLessThan(0.15);
    for (const m of months) expect(m.highAccounts + m.mediumAccounts + m.lowAccounts + m.pendingAccounts).toBe(m.accounts);
  });
});

describe("training on too little data", () => {
  it("lets the import land and stores no model", async () => {
    const dir = writeFixture({
      "accounts.csv": [
        [...fileSpecs.accounts.columns],
        [1, "Acme", "1 Main St\nSpringfield, IL 62701", "Ann", "555.000.1111", "F", "2020-01-01"],
      ],
      "skus.csv": [
        [...fileSpecs.skus.columns],
        ["1-11-111111-1", "Gadget", "a gadget", "10.00", "19.99"],
      ],
      "invoices.csv": [
        [...fileSpecs.invoices.columns],
        [1, 1, "2021-01-01", "2021-01-20"],
        [2, 1, "2021-03-01", ""],
      ],
      "invoice_line_items.csv": [
        [...fileSpecs.invoice_line_items.columns],
        [1, "1-11-111111-1", 1],
        [2, "1-11-111111-1", 1],
      ],
    });
    const { db } = tempDb();
    const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) })));
    expect(result.status).toBe("accepted");
    expect(getActiveModelVersion(db)).toBeNull();
    expect(getAccountPositionsAt("2021-03-01", db).every((p) => p.model === null)).toBe(true);
    const skipped = trainModel(db);
    expect(skipped).toMatchObject({ status: "skipped" });
  });
});

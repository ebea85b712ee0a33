import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { toDayNumber } from "../../lib/dates";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { getActiveModelVersion, getLatestModelVersion, getRunAccountScores, getScoreRuns } from "../../lib/queries/risk-model";
import { importExtracts } from "../import/import-extracts";
import { readCsvObjects, realExtractsDir, tempDb, tempDir, writeFixture } from "../test-support";
import { loadDataset, rowsKnownAt, type Dataset } from "./dataset";
import { fitFeatureSet } from "./evaluate";
import { decidePromotion } from "./promote";

const sources = (dir: string) => fileKinds.map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) }));

/** The real extracts as the ledger stood at `asOf`: invoices issued by then, payments made by then. */
function extractsAsOf(asOf: string): string {
  const dir = tempDir();
  for (const kind of ["accounts", "skus"] as const) fs.copyFileSync(path.join(realExtractsDir, fileSpecs[kind].fileName), path.join(dir, fileSpecs[kind].fileName));
  const invoices = readCsvObjects(path.join(realExtractsDir, "invoices.csv")).filter((i) => i.date_issued! <= asOf);
  const kept = new Set(invoices.map((i) => i.invoice_id));
  const lines = readCsvObjects(path.join(realExtractsDir, "invoice_line_items.csv")).filter((l) => kept.has(l.invoice_id!));
  return writeFixture(
    {
      "invoices.csv": [
        [...fileSpecs.invoices.columns],
        ...invoices.map((i) => [i.invoice_id!, i.account_id!, i.date_issued!, i.payment_dates! <= asOf ? i.payment_dates! : ""]),
      ],
      "invoice_line_items.csv": [[...fileSpecs.invoice_line_items.columns], ...lines.map((l) => [l.invoice_id!, l.item_id!, l.quantity!])],
    },
    dir,
  );
}

describe("promoting a new model version", () => {
  let db: Db;
  let firstRun: ReturnType<typeof getScoreRuns>[number] | undefined;
  let firstScores: ReturnType<typeof getRunAccountScores>;

  beforeAll(async () => {
    ({ db } = tempDb());
    expect((await importExtracts(db, sources(extractsAsOf("2021-01-31")))).status).toBe("accepted");
    [firstRun] = getScoreRuns(db);
    firstScores = getRunAccountScores(firstRun!.runId, db);
    expect((await importExtracts(db, sources(realExtractsDir))).status).toBe("accepted");
  });

  it("serves the first version at once, then compares the next on holdout invoices neither version learnt from", () => {
    const latest = getLatestModelVersion(db)!;
    expect(latest.versionId).toBe(2);
    expect(latest.promotion).toMatchObject({ comparedWith: 1 });
    const { promotion } = latest;
    // Version 1 was trained on outcomes known by 2021-01-31, which the new holdout (from 2021-03-10) does not hold.
    expect(latest.evaluation.cutoff).toBe("2021-03-10");
    expect(promotion!.rows).toBe(latest.evaluation.test.rows);
    expect(promotion!.rows).toBeGreaterThan(1000);
    const { candidate, active } = promotion!;
    const worse = candidate!.auc < active!.auc - 0.005 || candidate!.brier > active!.brier + 0.005;
    expect(promotion!.decision).toBe(worse ? "kept" : "promoted");
    expect(getActiveModelVersion(db)!.versionId).toBe(worse ? 1 : 2);
    expect(latest.promotedAt === null).toBe(worse);
  });

  it("scores each import's data with the version active when it landed, and keeps stored rankings as they were", () => {
    const runs = getScoreRuns(db);
    const second = runs.find((r) => r.dataVersion === 2 && r.versionId === 1);
    expect(second).toMatchObject({ asOf: "2021-07-08" });
    expect(getRunAccountScores(firstRun!.runId, db)).toEqual(firstScores);
    expect(firstRun).toMatchObject({ asOf: "2021-01-31", versionId: 1, dataVersion: 1 });
  });
});

describe("the promotion rule", () => {
  let data: Dataset;
  const activeCutoff = "2021-01-31";
  let active: Parameters<typeof decidePromotion>[2];

  beforeAll(async () => {
    const { db } = tempDb();
    expect((await importExtracts(db, sources(realExtractsDir))).status).toBe("accepted");
    data = loadDataset(db);
    active = { versionId: 1, dataCutoff: activeCutoff, model: fitFeatureSet(data, rowsKnownAt(data, toDayNumber(activeCutoff)!), "model") };
  });

  const candidateFittedOn = (set: "model" | "required") => ({
    holdoutCutoff: "2021-03-10",
    holdoutModel: fitFeatureSet(data, rowsKnownAt(data, toDayNumber("2021-03-10")!), set),
  });

  it("refuses a version that is worse on the holdout", () => {
    const promotion = decidePromotion(data, candidateFittedOn("required"), active);
    expect(promotion.decision).toBe("kept");
    expect(promotion.reason).toMatch(/^Worse than version 1 on the holdout: AUC 0\.\d{3} against 0\.\d{3}/);
    expect(promotion.candidate!.auc).toBeLessThan(promotion.active!.auc - 0.005);
  });

  it("promotes a version that is not worse", () => {
    const promotion = decidePromotion(data, candidateFittedOn("model"), active);
    expect(promotion).toMatchObject({ decision: "promoted", comparedWith: 1 });
    expect(promotion.candidate!.auc).toBeGreaterThanOrEqual(promotion.active!.auc - 0.005);
  });

  it("keeps the active version while too few outcomes are new to it", () => {
    const promotion = decidePromotion(data, candidateFittedOn("model"), { ...active!, dataCutoff: "2021-07-08" });
    expect(promotion).toMatchObject({ decision: "kept", rows: 0, candidate: null });
    expect(promotion.reason).toMatch(/^Only 0 holdout invoices have an outcome that version 1 had not seen/);
  });

  it("promotes the first version, with nothing to compare", () => {
    expect(decidePromotion(data, candidateFittedOn("model"), null)).toMatchObject({ decision: "promoted", comparedWith: null });
  });
});

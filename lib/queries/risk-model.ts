import { z } from "zod";
import { getDb, type Db } from "../db/client";
import { openAtSql } from "../sql/rules";
import { evaluationSchema, type Evaluation } from "../risk-model/evaluation";
import { featureRowColumns, type InvoiceFeatureRow } from "../risk-model/features";
import { fittedModelSchema, type FittedModel } from "../risk-model/logistic";
import { promotionSchema, type Promotion } from "../risk-model/promotion";
import { explainOpenInvoices, type OpenInvoice, type Scorer } from "../risk-model/score-accounts";
import { TERMS_DAYS, type RiskBand } from "../risk-model/scoring";
import { prepared } from "./statements";

/*
 * The late-payment model's reads. Any date's scores come from the invoices open that day and
 * their probability at issue, which the ETL stores for the active version (model_invoice_risk):
 * one SQL pass, in lib/queries/outreach.ts. A read never writes. The stored runs are rankings
 * kept exactly as they were (etl/risk-model/store-score-run.ts).
 */
export type ModelVersion = {
  versionId: number;
  trainedAt: string;
  dataVersion: number | null;
  dataCutoff: string;
  trainFrom: string;
  trainTo: string;
  trainRows: number;
  trainDataHash: string;
  model: FittedModel;
  evaluation: Evaluation;
  /** When it began to serve; null when it was not promoted. */
  promotedAt: string | null;
  /** Null only while a just-stored version waits for its decision, inside the same transaction. */
  promotion: Promotion | null;
  /** S(0..30) for the "still unpaid at this age" step; null for versions trained before it was stored. */
  onTimeSurvival: number[] | null;
};

type VersionRow = Omit<ModelVersion, "model" | "evaluation" | "promotion" | "onTimeSurvival"> & {
  model: string;
  metrics: string;
  promotion: string | null;
  onTimeSurvival: string | null;
};

const VERSION_COLUMNS = `version_id as versionId, trained_at as trainedAt, data_version as dataVersion, data_cutoff as dataCutoff,
  train_from as trainFrom, train_to as trainTo, train_rows as trainRows, train_data_hash as trainDataHash, model, metrics,
  promoted_at as promotedAt, promotion, on_time_survival as onTimeSurvival`;

const survivalSchema = z.array(z.number().min(0).max(1)).length(TERMS_DAYS + 1);

function toVersion({ model, metrics, promotion, onTimeSurvival, ...row }: VersionRow): ModelVersion {
  return {
    ...row,
    model: fittedModelSchema.parse(JSON.parse(model)),
    evaluation: evaluationSchema.parse(JSON.parse(metrics)),
    promotion: promotion === null ? null : promotionSchema.parse(JSON.parse(promotion)),
    onTimeSurvival: onTimeSurvival === null ? null : survivalSchema.parse(JSON.parse(onTimeSurvival)),
  };
}

/** A version as it scores: without a stored curve, an unpaid invoice's age tells nothing before day 30. */
export function scorerOf(version: Pick<ModelVersion, "model" | "onTimeSurvival">): Scorer {
  return { model: version.model, onTimeSurvival: version.onTimeSurvival ?? new Array<number>(TERMS_DAYS + 1).fill(1) };
}

/**
 * The version that scores the dashboard: the latest promoted one, or null before the first
 * training. A newer version that was not promoted stays on the model page only.
 */
export function getActiveModelVersion(db: Db = getDb()): ModelVersion | null {
  const row = prepared(db, `select ${VERSION_COLUMNS} from model_versions where promoted_at is not null order by version_id desc limit 1`).get() as
    | VersionRow
    | undefined;
  return row ? toVersion(row) : null;
}

/** The newest version, promoted or not: the model page shows it beside the active one. */
export function getLatestModelVersion(db: Db = getDb()): ModelVersion | null {
  const row = prepared(db, `select ${VERSION_COLUMNS} from model_versions order by version_id desc limit 1`).get() as VersionRow | undefined;
  return row ? toVersion(row) : null;
}

export type ModelVersionSummary = Pick<
  ModelVersion,
  "versionId" | "trainedAt" | "dataVersion" | "dataCutoff" | "trainFrom" | "trainTo" | "trainRows" | "promotedAt" | "promotion"
> & {
  auc: number;
  brier: number;
};

export function getModelVersions(db: Db = getDb()): ModelVersionSummary[] {
  const rows = prepared(db, `select ${VERSION_COLUMNS} from model_versions order by version_id desc`).all() as VersionRow[];
  return rows.map((row) => {
    const { model: _model, evaluation, ...rest } = toVersion(row);
    return { ...rest, auc: evaluation.model.auc, brier: evaluation.model.brier };
  });
}

/** The data the scores rest on: the last accepted import or change batch. */
export function getDataVersion(db: Db = getDb()): number | null {
  return (prepared(db, `select max(import_id) from etl_imports where status = 'accepted'`).pluck().get() as number | null) ?? null;
}

const FEATURE_FIELDS = Object.keys(featureRowColumns) as (keyof InvoiceFeatureRow)[];

/**
 * Invoices open at the end of `asOf` (issued by then, not paid by then) of some accounts, with
 * their issue-day features, handed over one account at a time in invoice order.
 */
export function forEachAccountOpenAt(asOf: string, accountIds: readonly number[], db: Db, onAccount: (invoices: OpenInvoice[]) => void): void {
  const statement = prepared(
    db,
    `select t.invoice_id, t.account_id, t.date_issued, cast(julianday(@as_of) - julianday(t.date_issued) as integer), t.total_cents,
            ${FEATURE_FIELDS.map((f) => `f.${featureRowColumns[f]}`).join(", ")}
     from mart_invoices as t
     join mart_invoice_features as f on f.inv_id = t.invoice_id
     where t.account_id in (select value from json_each(@accounts)) and ${openAtSql("t", "@as_of")}
     order by t.account_id, t.invoice_id`,
  ).raw();
  let account: OpenInvoice[] = [];
  for (const values of statement.iterate({ as_of: asOf, accounts: JSON.stringify(accountIds) }) as IterableIterator<unknown[]>) {
    const row = {} as Record<string, unknown>;
    FEATURE_FIELDS.forEach((field, i) => (row[field] = values[5 + i]));
    const invoice: OpenInvoice = {
      invoiceId: values[0] as number,
      accountId: values[1] as number,
      issued: values[2] as string,
      ageDays: values[3] as number,
      amountCents: values[4] as number,
      row: row as InvoiceFeatureRow,
    };
    if (account.length > 0 && account[0]!.accountId !== invoice.accountId) {
      onAccount(account);
      account = [];
    }
    account.push(invoice);
  }
  if (account.length > 0) onAccount(account);
}

/** The reasons behind some accounts' scores at `asOf`, for the rows a page shows. */
export function getAccountReasonsAt(asOf: string, accountIds: readonly number[], version: ModelVersion, db: Db = getDb()): Map<number, string[]> {
  const scorer = scorerOf(version);
  const reasons = new Map<number, string[]>();
  forEachAccountOpenAt(asOf, accountIds, db, (open) => reasons.set(open[0]!.accountId, explainOpenInvoices(scorer, open)));
  return reasons;
}

export type ScoreRun = { runId: number; asOf: string; versionId: number; dataVersion: number | null; scoredAt: string; accounts: number; invoices: number };

export const RUN_COLUMNS = `run_id as runId, as_of as asOf, version_id as versionId, data_version as dataVersion, scored_at as scoredAt, accounts, invoices`;

/** The stored run of `asOf` by this model version on this data, if the ETL stored one. */
export function findScoreRun(asOf: string, versionId: number, dataVersion: number | null, db: Db = getDb()): ScoreRun | null {
  return (
    (prepared(
      db,
      `select ${RUN_COLUMNS} from model_score_runs where as_of = ? and version_id = ? and data_version is ? order by run_id desc limit 1`,
    ).get(asOf, versionId, dataVersion) as ScoreRun | undefined) ?? null
  );
}

/** One account's row of a stored ranking, with the company's current name. */
export type StoredAccountScore = {
  accountId: number;
  companyName: string | null;
  rank: number;
  /** P(at least one open invoice ends up late), and its band (BAND_THRESHOLDS). */
  probability: number;
  band: RiskBand;
  expectedLateCents: number;
  openCents: number;
  openCount: number;
  overdueCents: number;
  /** Null in runs stored before the not-yet-due share was kept. */
  notDueCents: number | null;
  notDueLateShare: number | null;
  reasons: string[];
};

/** Every account score of a run, by rank. */
export function getRunAccountScores(runId: number, db: Db = getDb()): StoredAccountScore[] {
  const rows = prepared(
    db,
    `select s.account_id as accountId, m.company_name as companyName, s.rank, s.probability, s.band, s.expected_late_cents as expectedLateCents,
            s.open_cents as openCents, s.open_count as openCount, s.overdue_cents as overdueCents,
            s.not_due_cents as notDueCents, s.not_due_late_share as notDueLateShare, s.reasons
     from model_account_scores as s left join mart_accounts as m on m.account_id = s.account_id
     where s.run_id = ? order by s.rank`,
  ).all(runId) as (Omit<StoredAccountScore, "reasons"> & { reasons: string })[];
  return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
}

export function getScoreRun(runId: number, db: Db = getDb()): ScoreRun | null {
  return (prepared(db, `select ${RUN_COLUMNS} from model_score_runs where run_id = ?`).get(runId) as ScoreRun | undefined) ?? null;
}

export function getScoreRuns(db: Db = getDb(), limit = 50): ScoreRun[] {
  return prepared(db, `select ${RUN_COLUMNS} from model_score_runs order by run_id desc limit ?`).all(limit) as ScoreRun[];
}

/**
 * An account's risk at a date by the active version. Overdue money (30 days or more after
 * issue, unpaid) is certain to be late; the invoices not yet due are what tell accounts apart.
 */
export type AccountRisk = {
  /** Overdue money plus each not-yet-due invoice's chance of being paid late × its amount. */
  expectedLateCents: number;
  notDueCents: number;
  /** The share of the not-yet-due amount expected to be paid late; null with nothing not yet due. */
  notDueLateShare: number | null;
  /** The band of notDueLateShare (NOT_DUE_BAND_THRESHOLDS); null with nothing not yet due. */
  band: RiskBand | null;
};

export type BacktestMonth = {
  asOf: string;
  trainRows: number;
  accounts: number;
  highAccounts: number;
  highLate: number;
  highNotOverdue: number;
  highNotOverdueLate: number;
  mediumAccounts: number;
  mediumLate: number;
  lowAccounts: number;
  lowLate: number;
  pendingAccounts: number;
  expectedLateCents: number;
  actualLateCents: number;
};

export function getBacktestMonths(versionId: number, db: Db = getDb()): BacktestMonth[] {
  return prepared(
    db,
    `select as_of as asOf, train_rows as trainRows, accounts, high_accounts as highAccounts, high_late as highLate,
            high_not_overdue as highNotOverdue, high_not_overdue_late as highNotOverdueLate,
            medium_accounts as mediumAccounts, medium_late as mediumLate, low_accounts as lowAccounts, low_late as lowLate,
            pending_accounts as pendingAccounts, expected_late_cents as expectedLateCents, actual_late_cents as actualLateCents
     from model_backtest_months where version_id = ? order by as_of`,
  ).all(versionId) as BacktestMonth[];
}

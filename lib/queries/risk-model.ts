import { getDb, type Db } from "../db/client";
import { openAtSql } from "../sql/rules";
import { evaluationSchema, type Evaluation } from "../risk-model/evaluation";
import { featureRowColumns, type InvoiceFeatureRow } from "../risk-model/features";
import { fittedModelSchema, type FittedModel } from "../risk-model/logistic";
import { promotionSchema, type Promotion } from "../risk-model/promotion";
import {
  rankAccounts,
  scoreAccounts,
  scoreOpenInvoices,
  type AccountScore,
  type InvoiceScore,
  type OpenInvoice,
  type PaymentHistories,
} from "../risk-model/score-accounts";
import { emptyHistogram, TERMS_DAYS, type RiskBand } from "../risk-model/scoring";
import { prepared } from "./statements";

/*
 * The late-payment model's reads. A date's scores are either a stored run (the import scores the
 * data cut-off, etl/risk-model/store-score-run.ts) or, for any other date, worked out here in
 * memory from the stored model and the marts: a read never writes.
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
};

type VersionRow = Omit<ModelVersion, "model" | "evaluation" | "promotion"> & { model: string; metrics: string; promotion: string | null };

const VERSION_COLUMNS = `version_id as versionId, trained_at as trainedAt, data_version as dataVersion, data_cutoff as dataCutoff,
  train_from as trainFrom, train_to as trainTo, train_rows as trainRows, train_data_hash as trainDataHash, model, metrics,
  promoted_at as promotedAt, promotion`;

function toVersion({ model, metrics, promotion, ...row }: VersionRow): ModelVersion {
  return {
    ...row,
    model: fittedModelSchema.parse(JSON.parse(model)),
    evaluation: evaluationSchema.parse(JSON.parse(metrics)),
    promotion: promotion === null ? null : promotionSchema.parse(JSON.parse(promotion)),
  };
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

export function getModelVersion(versionId: number, db: Db = getDb()): ModelVersion | null {
  const row = prepared(db, `select ${VERSION_COLUMNS} from model_versions where version_id = ?`).get(versionId) as VersionRow | undefined;
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
 * Invoices open at the end of `asOf` (issued by then, not paid by then), with their issue-day
 * features, handed over one account at a time in invoice order. Scoring needs no more at once,
 * so an as-of date with 85,000 open invoices never holds them all as objects.
 */
export function forEachAccountOpenAt(asOf: string, db: Db, onAccount: (invoices: OpenInvoice[]) => void): void {
  const statement = prepared(
    db,
    `select t.invoice_id, t.account_id, t.date_issued, cast(julianday(@as_of) - julianday(t.date_issued) as integer), t.total_cents,
            ${FEATURE_FIELDS.map((f) => `f.${featureRowColumns[f]}`).join(", ")}
     from mart_invoices as t
     join mart_invoice_features as f on f.inv_id = t.invoice_id
     where ${openAtSql("t", "@as_of")}
     order by t.account_id, t.invoice_id`,
  ).raw();
  let account: OpenInvoice[] = [];
  for (const values of statement.iterate({ as_of: asOf }) as IterableIterator<unknown[]>) {
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

/** On-time payments (0-30 days) known at the end of `asOf`, by account and by days to pay. */
export function getPaymentHistoriesAt(asOf: string, db: Db = getDb()): PaymentHistories {
  const rows = prepared(
    db,
    // A plain scan: through the account index it fetched every row out of order, at twice the time.
    `select account_id, days_to_pay, count(*) from mart_invoices not indexed
     where payment_date <= @as_of and days_to_pay between 0 and ${TERMS_DAYS}
     group by account_id, days_to_pay`,
  )
    .raw()
    .all({ as_of: asOf }) as [number, number, number][];
  const byAccount = new Map<number, number[]>();
  const overall = emptyHistogram();
  for (const [accountId, days, count] of rows) {
    let histogram = byAccount.get(accountId);
    if (!histogram) byAccount.set(accountId, (histogram = emptyHistogram()));
    histogram[days] = count;
    overall[days]! += count;
  }
  return { byAccount, overall };
}

export type ScoreRun = { runId: number; asOf: string; versionId: number; dataVersion: number | null; scoredAt: string; accounts: number; invoices: number };

export const RUN_COLUMNS = `run_id as runId, as_of as asOf, version_id as versionId, data_version as dataVersion, scored_at as scoredAt, accounts, invoices`;

/**
 * Every account with open invoices at `asOf` scored by `version`, ranked. Each account's invoice
 * scores go to `onInvoiceScores` as they are made, so a caller that stores them never holds all.
 */
export function scoreDate(
  asOf: string,
  version: ModelVersion,
  db: Db = getDb(),
  onInvoiceScores: (scores: InvoiceScore[]) => void = () => {},
): AccountScore[] {
  const histories = getPaymentHistoriesAt(asOf, db);
  const accounts: AccountScore[] = [];
  forEachAccountOpenAt(asOf, db, (open) => {
    const scores = scoreOpenInvoices(version.model, open, histories);
    accounts.push(...scoreAccounts(version.model, open, scores, { withReasons: true }));
    onInvoiceScores(scores);
  });
  return rankAccounts(accounts);
}

/** The stored run of `asOf` by this model version on this data, if the ETL stored one. */
export function findScoreRun(asOf: string, versionId: number, dataVersion: number | null, db: Db = getDb()): ScoreRun | null {
  return (
    (prepared(
      db,
      `select ${RUN_COLUMNS} from model_score_runs where as_of = ? and version_id = ? and data_version is ? order by run_id desc limit 1`,
    ).get(asOf, versionId, dataVersion) as ScoreRun | undefined) ?? null
  );
}

export type StoredAccountScore = AccountScore & { companyName: string | null };

/** Every account score of a run, by rank, with the company's current name. */
export function getRunAccountScores(runId: number, db: Db = getDb()): StoredAccountScore[] {
  const rows = prepared(
    db,
    `select s.account_id as accountId, m.company_name as companyName, s.rank, s.probability, s.band, s.expected_late_cents as expectedLateCents,
            s.open_cents as openCents, s.open_count as openCount, s.overdue_cents as overdueCents, s.reasons
     from model_account_scores as s left join mart_accounts as m on m.account_id = s.account_id
     where s.run_id = ? order by s.rank`,
  ).all(runId) as (Omit<StoredAccountScore, "reasons"> & { band: RiskBand; reasons: string })[];
  return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
}

export function getScoreRun(runId: number, db: Db = getDb()): ScoreRun | null {
  return (prepared(db, `select ${RUN_COLUMNS} from model_score_runs where run_id = ?`).get(runId) as ScoreRun | undefined) ?? null;
}

export function getScoreRuns(db: Db = getDb(), limit = 50): ScoreRun[] {
  return prepared(db, `select ${RUN_COLUMNS} from model_score_runs order by run_id desc limit ?`).all(limit) as ScoreRun[];
}

/**
 * An account's risk at a date. `reasons` is null when the date has a stored run (`runId`): the
 * list reads them only for the rows it shows (getRunReasons), not for 20,000 accounts.
 */
export type AccountRisk = { probability: number; band: RiskBand; expectedLateCents: number } & (
  | { runId: number; reasons: null }
  | { runId: null; reasons: string[] }
);

/**
 * The current model's risk of every account with open invoices at `asOf`: the stored run when
 * the ETL scored this date on this data, otherwise scored in memory. Empty before the first
 * training. Callers cache the result per date (lib/queries/outreach.ts).
 */
export function getAccountRisksAt(asOf: string, db: Db = getDb()): Map<number, AccountRisk> {
  const risks = new Map<number, AccountRisk>();
  const version = getActiveModelVersion(db);
  if (!version) return risks;
  const run = findScoreRun(asOf, version.versionId, getDataVersion(db), db);
  if (run) {
    const rows = prepared(db, `select account_id, probability, band, expected_late_cents from model_account_scores where run_id = ?`)
      .raw()
      .all(run.runId) as [number, number, RiskBand, number][];
    for (const [accountId, probability, band, expectedLateCents] of rows) {
      risks.set(accountId, { probability, band, expectedLateCents, runId: run.runId, reasons: null });
    }
  } else {
    for (const { accountId, probability, band, expectedLateCents, reasons } of scoreDate(asOf, version, db)) {
      risks.set(accountId, { probability, band, expectedLateCents, runId: null, reasons });
    }
  }
  return risks;
}

/** The stored reasons of some accounts in a run. */
export function getRunReasons(runId: number, accountIds: readonly number[], db: Db = getDb()): Map<number, string[]> {
  const rows = prepared(db, `select account_id, reasons from model_account_scores where run_id = ? and account_id in (select value from json_each(?))`)
    .raw()
    .all(runId, JSON.stringify(accountIds)) as [number, string][];
  return new Map(rows.map(([id, reasons]) => [id, JSON.parse(reasons) as string[]]));
}

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

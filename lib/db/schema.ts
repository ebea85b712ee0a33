import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { fileKinds } from "../imports/file-specs";

/*
 * One schema for the whole product: the ETL writes these tables and the dashboard reads them.
 * Dates are ISO `YYYY-MM-DD` text everywhere (they sort and compare as dates); money is integer cents.
 */

// ---------------------------------------------------------------- staging
// Typed replicas of the four source tables, upserted by their source keys.

/** Grain: one row per account_id. */
export const stgAccounts = sqliteTable("stg_accounts", {
  accountId: integer("account_id").primaryKey(),
  companyName: text("company_name").notNull(),
  companyAddress: text("company_address"),
  contactPerson: text("contact_person"),
  contactPhone: text("contact_phone"),
  gender: text("gender"),
  joiningDate: text("joining_date").notNull(),
  importId: integer("import_id"),
  /** Lineage: the physical line (or change-event position) the row was loaded from. */
  sourceLine: integer("source_line"),
});

/** Grain: one row per item_id. Prices are the current catalogue prices. */
export const stgSkus = sqliteTable("stg_skus", {
  itemId: text("item_id").primaryKey(),
  itemName: text("item_name").notNull(),
  itemDescription: text("item_description"),
  itemCostPriceCents: integer("item_cost_price_cents").notNull(),
  itemRetailPriceCents: integer("item_retail_price_cents").notNull(),
  importId: integer("import_id"),
  /** Lineage: the physical line (or change-event position) the row was loaded from. */
  sourceLine: integer("source_line"),
});

/** Grain: one row per invoice_id. `payment_date` is null while the invoice is unpaid. */
export const stgInvoices = sqliteTable(
  "stg_invoices",
  {
    invoiceId: integer("invoice_id").primaryKey(),
    accountId: integer("account_id").notNull(),
    dateIssued: text("date_issued").notNull(),
    paymentDate: text("payment_date"),
    importId: integer("import_id"),
    /** Lineage: the physical line (or change-event position) the row was loaded from. */
    sourceLine: integer("source_line"),
  },
  (t) => [
    index("stg_invoices_account_idx").on(t.accountId, t.dateIssued),
    index("stg_invoices_issued_idx").on(t.dateIssued),
  ],
);

/**
 * Grain: one row per (invoice_id, item_id).
 * Unit prices are frozen at load time so a later catalogue change never rewrites an issued invoice.
 * Stored WITHOUT ROWID (migration 0004), clustered on its key, so each invoice's lines sit together.
 */
export const stgInvoiceLineItems = sqliteTable(
  "stg_invoice_line_items",
  {
    invoiceId: integer("invoice_id").notNull(),
    itemId: text("item_id").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    unitCostCents: integer("unit_cost_cents").notNull(),
    importId: integer("import_id"),
    /** Lineage: the physical line (or change-event position) the row was loaded from. */
    sourceLine: integer("source_line"),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.itemId] })],
);

// ---------------------------------------------------------------- intermediate
// Materialised by etl/sql-models/*.sql; rebuilt in full or for a set of accounts.

/** Grain: one row per invoice, placed in its account's timeline. */
export const intInvoicesSequenced = sqliteTable("int_invoices_sequenced", {
  invoiceId: integer("invoice_id").primaryKey(),
  accountId: integer("account_id").notNull(),
  accountSeq: integer("account_seq").notNull(),
  invoicesPrior120d: integer("invoices_prior_120d").notNull(),
});

/**
 * Grain: one row per invoice. The account's history as known at the start of the invoice's
 * issue day (etl/sql-models/intermediate/int_invoices_outcomes_known.sql): the point-in-time model features.
 */
export const intInvoicesOutcomesKnown = sqliteTable("int_invoices_outcomes_known", {
  invoiceId: integer("invoice_id").primaryKey(),
  accountId: integer("account_id").notNull(),
  priorInvoices: integer("prior_invoices").notNull(),
  priorInvoicedCents: integer("prior_invoiced_cents").notNull(),
  priorKnown: integer("prior_known").notNull(),
  priorLate: integer("prior_late").notNull(),
  priorPaid: integer("prior_paid").notNull(),
  priorDaysToPaySum: integer("prior_days_to_pay_sum"),
  priorDaysToPayMax: integer("prior_days_to_pay_max"),
  daysSinceFirstInvoice: integer("days_since_first_invoice"),
  daysSincePrevInvoice: integer("days_since_prev_invoice"),
  openInvoices: integer("open_invoices").notNull(),
  openCents: integer("open_cents").notNull(),
  overdueInvoices: integer("overdue_invoices").notNull(),
});

// ---------------------------------------------------------------- marts

/**
 * Grain: one row per invoice, with its line totals and payment timing: the invoice fact every
 * page and later model reads (etl/sql-models/marts/mart_invoices.sql).
 */
export const martInvoices = sqliteTable(
  "mart_invoices",
  {
    invoiceId: integer("invoice_id").primaryKey(),
    accountId: integer("account_id").notNull(),
    dateIssued: text("date_issued").notNull(),
    paymentDate: text("payment_date"),
    daysToPay: integer("days_to_pay"),
    lineCount: integer("line_count").notNull(),
    itemCount: integer("item_count").notNull(),
    totalCents: integer("total_cents").notNull(),
    costCents: integer("cost_cents").notNull(),
  },
  (t) => [
    // No index on date_issued alone: nothing reads invoices by date across accounts except
    // whole-table scans, and building one cost 0.76 s of every full build at scale 100.
    // The dashboard's "open at T" scan (lib/queries/outreach.ts): each account's recent invoices
    // through a covering index in account order (so grouping needs no sort), and the rare slow
    // or unpaid older ones through a small partial index. The account index also serves every
    // per-account read by its (account_id, date_issued) prefix, so there is no separate one.
    index("mart_invoices_account_open_idx").on(t.accountId, t.dateIssued, t.paymentDate, t.totalCents),
    index("mart_invoices_slow_idx")
      .on(t.dateIssued, t.paymentDate, t.accountId, t.invoiceId, t.totalCents)
      .where(sql`payment_date is null or days_to_pay > 60`),
  ],
);

/** Grain: one row per invoice. The data scientists' feature dataset. */
export const martInvoiceFeatures = sqliteTable(
  "mart_invoice_features",
  {
    invId: integer("inv_id").primaryKey(),
    acctId: integer("acct_id").notNull(),
    invTotal: real("inv_total").notNull(),
    invItems: integer("inv_items").notNull(),
    acctAge: integer("acct_age").notNull(),
    numInv120d: integer("num_inv_120d").notNull(),
    cumTotInvAcct: integer("cum_tot_inv_acct").notNull(),
    /** Label as of the data cut-off (`etl_state.data_cutoff`); null while the outcome is unknown. */
    isLate: integer("is_late"),
    dateIssued: text("date_issued").notNull(),
    paymentDate: text("payment_date"),
    invLines: integer("inv_lines").notNull(),
    daysSincePrevInv: integer("days_since_prev_inv"),
    // Point-in-time features: what was known at the start of the issue day (docs/model.md).
    // The defaults only let the migration add the columns; every build writes real values.
    priorKnownInv: integer("prior_known_inv").notNull().default(0),
    priorLateInv: integer("prior_late_inv").notNull().default(0),
    priorLateRate: real("prior_late_rate").notNull().default(0),
    priorPaidInv: integer("prior_paid_inv").notNull().default(0),
    priorMeanDaysToPay: real("prior_mean_days_to_pay"),
    priorMaxDaysToPay: integer("prior_max_days_to_pay"),
    openInv: integer("open_inv").notNull().default(0),
    openCents: integer("open_cents").notNull().default(0),
    overdueInv: integer("overdue_inv").notNull().default(0),
    totalVsPriorAvg: real("total_vs_prior_avg"),
    daysSinceFirstInv: integer("days_since_first_inv"),
  },
  (t) => [index("mart_invoice_features_acct_idx").on(t.acctId)],
);

// ---------------------------------------------------------------- ETL bookkeeping

/** Grain: one row per import attempt, whatever its outcome. */
export const etlImports = sqliteTable("etl_imports", {
  importId: integer("import_id").primaryKey({ autoIncrement: true }),
  source: text("source", { enum: ["cli", "upload", "cdc"] }).notNull(),
  mode: text("mode", { enum: ["merge", "replace"] }).notNull(),
  status: text("status", { enum: ["running", "accepted", "refused", "failed"] }).notNull(),
  startedBy: text("started_by"),
  startedAt: text("started_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  finishedAt: text("finished_at"),
  durationMs: integer("duration_ms"),
  maxRejectRate: real("max_reject_rate").notNull(),
  /** The importing process, so a crashed import can be told from one still running. */
  pid: integer("pid"),
  error: text("error"),
});

/** Grain: one row per file of an import. */
export const etlImportFiles = sqliteTable(
  "etl_import_files",
  {
    importId: integer("import_id").notNull(),
    fileKind: text("file_kind", { enum: fileKinds }).notNull(),
    fileName: text("file_name").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    rowsRead: integer("rows_read").notNull(),
    rowsAccepted: integer("rows_accepted").notNull(),
    rowsRejected: integer("rows_rejected").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.fileKind] }), index("etl_import_files_sha_idx").on(t.sha256)],
);

/** Grain: one row per rejected source row (or structural problem) of an import. */
export const etlRejects = sqliteTable(
  "etl_rejects",
  {
    rejectId: integer("reject_id").primaryKey({ autoIncrement: true }),
    importId: integer("import_id").notNull(),
    fileName: text("file_name").notNull(),
    line: integer("line"),
    column: text("column"),
    value: text("value"),
    reason: text("reason").notNull(),
  },
  (t) => [index("etl_rejects_import_idx").on(t.importId, t.line)],
);

/** Grain: one row per key. Small facts the pipeline keeps between runs, such as the data cut-off. */
export const etlState = sqliteTable("etl_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export type Account = typeof stgAccounts.$inferSelect;
export type Sku = typeof stgSkus.$inferSelect;
export type Invoice = typeof stgInvoices.$inferSelect;
export type InvoiceLineItem = typeof stgInvoiceLineItems.$inferSelect;
export type InvoiceFeatures = typeof martInvoiceFeatures.$inferSelect;
export type EtlImport = typeof etlImports.$inferSelect;

// ---------------------------------------------------------------- dashboard marts
// Built by etl/sql-models/marts/mart_accounts.sql, mart_account_payments.sql and mart_receivables_monthly.sql;
// read by lib/queries for the outreach list, the account page and the trends page.

/** Grain: one row per account, with the region derived from its address's state code. */
export const martAccounts = sqliteTable(
  "mart_accounts",
  {
    accountId: integer("account_id").primaryKey(),
    companyName: text("company_name").notNull(),
    companyAddress: text("company_address"),
    contactPerson: text("contact_person"),
    contactPhone: text("contact_phone"),
    joiningDate: text("joining_date").notNull(),
    stateCode: text("state_code"),
    region: text("region").notNull(),
  },
  (t) => [index("mart_accounts_region_idx").on(t.region)],
);

/**
 * Grain: one row per paid invoice, in its account's payment order (payment_date, invoice_id).
 * Running totals make "the account's history as known at T" one index lookup: the latest row
 * with payment_date <= T.
 */
export const martAccountPayments = sqliteTable(
  "mart_account_payments",
  {
    accountId: integer("account_id").notNull(),
    paidSeq: integer("paid_seq").notNull(),
    invoiceId: integer("invoice_id").notNull(),
    paymentDate: text("payment_date").notNull(),
    daysToPay: integer("days_to_pay").notNull(),
    isLate: integer("is_late").notNull(),
    paidCount: integer("paid_count").notNull(),
    lateCount: integer("late_count").notNull(),
    daysToPaySum: integer("days_to_pay_sum").notNull(),
    /** Of the account's last (up to) ten payments, how many there were and how many were late. */
    recentPaidCount: integer("recent_paid_count").notNull(),
    recentLateCount: integer("recent_late_count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.paidSeq] }),
    index("mart_account_payments_date_idx").on(t.accountId, t.paymentDate, t.paidSeq),
  ],
);

/**
 * Grain: one row per overdue spell of an account: a run of days on which something of its was
 * overdue (etl/sql-models/marts/mart_overdue_spells.sql). The trends page finds the spell a
 * contact fell in by the key's (account, start) order. Stored WITHOUT ROWID (migration 0018).
 */
export const martOverdueSpells = sqliteTable(
  "mart_overdue_spells",
  {
    accountId: integer("account_id").notNull(),
    /** The first overdue day: the day after the first invoice's due date. */
    startDate: text("start_date").notNull(),
    /** The first day nothing was overdue again; null while an invoice of the spell is unpaid. */
    endDate: text("end_date"),
    invoiceCount: integer("invoice_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.startDate] })],
);

/**
 * Grain: one row per (month, region). Figures as the books stood at the month's end, or at the
 * data cut-off for the last, partial month. Every column adds up across regions.
 */
export const martReceivablesMonthly = sqliteTable(
  "mart_receivables_monthly",
  {
    month: text("month").notNull(),
    region: text("region").notNull(),
    asOf: text("as_of").notNull(),
    invoicedCents: integer("invoiced_cents").notNull(),
    invoicedCount: integer("invoiced_count").notNull(),
    paidCount: integer("paid_count").notNull(),
    paidLateCount: integer("paid_late_count").notNull(),
    daysToPaySum: integer("days_to_pay_sum").notNull(),
    openCents: integer("open_cents").notNull(),
    overdueCents: integer("overdue_cents").notNull(),
    currentCents: integer("current_cents").notNull(),
    pastDue1To30Cents: integer("past_due_1_30_cents").notNull(),
    pastDue31To60Cents: integer("past_due_31_60_cents").notNull(),
    pastDue61To90Cents: integer("past_due_61_90_cents").notNull(),
    pastDueOver90Cents: integer("past_due_over_90_cents").notNull(),
    openAccounts: integer("open_accounts").notNull(),
    atRiskAccounts: integer("at_risk_accounts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.region] })],
);

export type MartAccount = typeof martAccounts.$inferSelect;
export type MartReceivablesMonth = typeof martReceivablesMonthly.$inferSelect;

// ---------------------------------------------------------------- import data-quality summaries

/**
 * Grain: one row per accepted upload import. The data-quality summary written right after the
 * import committed (row counts before and after, new, changed and removed rows, warnings), as
 * JSON checked by lib/imports/import-summary.ts. Kept because it describes the data as the
 * import left it, which later imports change.
 */
export const etlImportSummaries = sqliteTable("etl_import_summaries", {
  importId: integer("import_id").primaryKey(),
  summary: text("summary").notNull(),
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

// ---------------------------------------------------------------- late-payment risk model
// Written by etl/risk-model (training and the data cut-off's scores, at every import); never
// rebuilt by the SQL models, so stored rankings stay as they were.

/** Grain: one row per trained model version. JSON columns are checked with zod on read (lib/queries/risk-model.ts). */
export const modelVersions = sqliteTable("model_versions", {
  versionId: integer("version_id").primaryKey({ autoIncrement: true }),
  trainedAt: text("trained_at").notNull(),
  /** The data the model saw: the import (or change batch) id it was trained after. */
  dataVersion: integer("data_version"),
  dataCutoff: text("data_cutoff").notNull(),
  /** Issue dates of the training invoices (all with a known outcome). */
  trainFrom: text("train_from").notNull(),
  trainTo: text("train_to").notNull(),
  trainRows: integer("train_rows").notNull(),
  /** sha256 over the training rows (ids, labels, features): the same data gives the same hash. */
  trainDataHash: text("train_data_hash").notNull(),
  /** Feature names, standardisation and weights (lib/risk-model/logistic.ts FittedModel). */
  model: text("model").notNull(),
  /** The temporal-holdout evaluation with its baselines (lib/risk-model/evaluation.ts Evaluation). */
  metrics: text("metrics").notNull(),
  /** When it began to serve the dashboard; null for a version that was not promoted. The active version is the latest promoted. */
  promotedAt: text("promoted_at"),
  /** Why it was or was not promoted, against the version active then (lib/risk-model/promotion.ts Promotion). */
  promotion: text("promotion"),
  /**
   * JSON array S(0..30): the share of on-time payments in its training data made later than
   * each day after issue, for the "still unpaid at this age" step (lib/risk-model/scoring.ts).
   * Null for versions trained before it was stored; they score without that step.
   */
  onTimeSurvival: text("on_time_survival"),
});

/**
 * Grain: one row per invoice. Its probability of being paid late as the active model version
 * saw it at issue (from mart_invoice_features, which is point-in-time at the issue day), written
 * by the ETL whenever the features or the active version change (etl/risk-model/score-invoices.ts),
 * so scoring any as-of date is one pass over the invoices open that day. It carries the columns
 * of mart_invoices that pass needs, so one covering index serves it (lib/queries/outreach.ts).
 */
export const modelInvoiceRisk = sqliteTable(
  "model_invoice_risk",
  {
    invoiceId: integer("invoice_id").primaryKey(),
    accountId: integer("account_id").notNull(),
    dateIssued: text("date_issued").notNull(),
    paymentDate: text("payment_date"),
    totalCents: integer("total_cents").notNull(),
    versionId: integer("version_id").notNull(),
    probabilityAtIssue: real("probability_at_issue").notNull(),
  },
  (t) => [index("model_invoice_risk_open_idx").on(t.accountId, t.dateIssued, t.paymentDate, t.totalCents, t.probabilityAtIssue)],
);

/**
 * Grain: one row per month end of a model version's backtest: models refitted on what was known
 * at each month end flag accounts, and the later data shows which flags came true.
 */
export const modelBacktestMonths = sqliteTable(
  "model_backtest_months",
  {
    versionId: integer("version_id").notNull(),
    asOf: text("as_of").notNull(),
    trainRows: integer("train_rows").notNull(),
    accounts: integer("accounts").notNull(),
    highAccounts: integer("high_accounts").notNull(),
    highLate: integer("high_late").notNull(),
    /** Flagged high while none of their invoices was overdue yet: the forward-looking flags. */
    highNotOverdue: integer("high_not_overdue").notNull(),
    highNotOverdueLate: integer("high_not_overdue_late").notNull(),
    mediumAccounts: integer("medium_accounts").notNull(),
    mediumLate: integer("medium_late").notNull(),
    lowAccounts: integer("low_accounts").notNull(),
    lowLate: integer("low_late").notNull(),
    /** Accounts whose open invoices' outcomes are not all known at the data cut-off yet. */
    pendingAccounts: integer("pending_accounts").notNull(),
    expectedLateCents: integer("expected_late_cents").notNull(),
    actualLateCents: integer("actual_late_cents").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.asOf] })],
);

/** Grain: one row per scoring of an as-of date by a model version on a data version. */
export const modelScoreRuns = sqliteTable(
  "model_score_runs",
  {
    runId: integer("run_id").primaryKey({ autoIncrement: true }),
    asOf: text("as_of").notNull(),
    versionId: integer("version_id").notNull(),
    dataVersion: integer("data_version"),
    scoredAt: text("scored_at").notNull(),
    accounts: integer("accounts").notNull(),
    invoices: integer("invoices").notNull(),
  },
  (t) => [index("model_score_runs_lookup_idx").on(t.asOf, t.versionId, t.dataVersion)],
);

/** Grain: one row per (run, account with open invoices at the run's as-of date). */
export const modelAccountScores = sqliteTable(
  "model_account_scores",
  {
    runId: integer("run_id").notNull(),
    accountId: integer("account_id").notNull(),
    rank: integer("rank").notNull(),
    /** P(at least one open invoice ends up late). */
    probability: real("probability").notNull(),
    band: text("band", { enum: ["high", "medium", "low"] }).notNull(),
    /** Open invoices not yet due (under 31 days old), and the share of that amount expected to be paid late; null in runs stored before. */
    notDueCents: integer("not_due_cents"),
    notDueLateShare: real("not_due_late_share"),
    expectedLateCents: integer("expected_late_cents").notNull(),
    openCents: integer("open_cents").notNull(),
    openCount: integer("open_count").notNull(),
    overdueCents: integer("overdue_cents").notNull(),
    /** JSON array of 2-3 plain-language sentences. */
    reasons: text("reasons").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.accountId] })],
);

/** Grain: one row per (run, invoice open at the run's as-of date). */
export const modelInvoiceScores = sqliteTable(
  "model_invoice_scores",
  {
    runId: integer("run_id").notNull(),
    invoiceId: integer("invoice_id").notNull(),
    accountId: integer("account_id").notNull(),
    ageDays: integer("age_days").notNull(),
    amountCents: integer("amount_cents").notNull(),
    /** The model's probability at issue, then conditioned on still being unpaid at this age. */
    probabilityAtIssue: real("probability_at_issue").notNull(),
    probability: real("probability").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.invoiceId] }), index("model_invoice_scores_account_idx").on(t.runId, t.accountId)],
);

export type ModelVersionRow = typeof modelVersions.$inferSelect;
export type ModelBacktestMonth = typeof modelBacktestMonths.$inferSelect;
export type ModelAccountScore = typeof modelAccountScores.$inferSelect;

// ---------------------------------------------------------------- sign-in
export * from "./auth-schema";
export * from "./audit-schema";
export * from "./outreach-schema";

// ---------------------------------------------------------------- change-event consumer
export * from "./cdc-schema";

import { getTableColumns } from "drizzle-orm";
import { martInvoiceFeatures, type InvoiceFeatures } from "../db/schema";

/*
 * The model's inputs: one row of mart_invoice_features (what was known when the invoice was
 * issued), turned into numbers. Counts and money are log-scaled so one huge account cannot
 * dominate a weight; missing history gets a neutral value plus, where it matters, a flag.
 */

/** The columns of mart_invoice_features the model reads, by their schema field names. */
const inputFields = [
  "invTotal",
  "invItems",
  "invLines",
  "acctAge",
  "numInv120d",
  "cumTotInvAcct",
  "daysSincePrevInv",
  "priorKnownInv",
  "priorLateInv",
  "priorLateRate",
  "priorPaidInv",
  "priorMeanDaysToPay",
  "priorMaxDaysToPay",
  "openInv",
  "openCents",
  "overdueInv",
  "totalVsPriorAvg",
  "daysSinceFirstInv",
] as const satisfies readonly (keyof InvoiceFeatures)[];

export type InvoiceFeatureRow = Pick<InvoiceFeatures, (typeof inputFields)[number]>;

/** mart column name for each field, for the SQL that reads the rows. */
export const featureRowColumns = Object.fromEntries(inputFields.map((field) => [field, getTableColumns(martInvoiceFeatures)[field].name])) as Record<
  keyof InvoiceFeatureRow,
  string
>;

/** Used where there is no payment history yet: the 30-day terms. */
const TERMS_DAYS = 30;
/** Used where there is no earlier invoice: a long gap. */
const NO_PREVIOUS_GAP_DAYS = 365;

export type FeatureGroup = "history" | "paying" | "open" | "buying" | "invoice" | "account";

export type FeatureSpec = {
  name: string;
  /** What a manager reads on the model page. */
  label: string;
  /** Features of one group make one reason together (lib/risk-model/reasons.ts). */
  group: FeatureGroup;
  value: (row: InvoiceFeatureRow) => number;
  /**
   * The same value as a SQL expression over the mart's columns (`c` names one), so the ETL can
   * score a million invoices inside SQLite. A test holds it equal to `value` on every invoice.
   */
  sql: (c: (field: keyof InvoiceFeatureRow) => string) => string;
};

const logitSql = (x: string) => `ln(min(0.999, max(0.001, ${x})) / (1 - min(0.999, max(0.001, ${x}))))`;

const logit = (p: number) => Math.log(p / (1 - p));

export const featureSpecs = {
  log_inv_total: { name: "log_inv_total", label: "Invoice total (log)", group: "invoice", value: (r) => Math.log1p(r.invTotal), sql: (c) => `ln(1 + ${c("invTotal")})` },
  inv_items: { name: "inv_items", label: "Items on the invoice", group: "invoice", value: (r) => r.invItems, sql: (c) => c("invItems") },
  inv_lines: { name: "inv_lines", label: "Lines on the invoice", group: "invoice", value: (r) => r.invLines, sql: (c) => c("invLines") },
  acct_age_years: { name: "acct_age_years", label: "Account age (years)", group: "account", value: (r) => r.acctAge / 365.25, sql: (c) => `${c("acctAge")} / 365.25` },
  num_inv_120d: { name: "num_inv_120d", label: "Invoices in the previous 120 days", group: "buying", value: (r) => r.numInv120d, sql: (c) => c("numInv120d") },
  log_cum_inv: { name: "log_cum_inv", label: "Invoices so far (log)", group: "buying", value: (r) => Math.log(Math.max(1, r.cumTotInvAcct)), sql: (c) => `ln(max(1, ${c("cumTotInvAcct")}))` },
  log_days_since_prev: {
    name: "log_days_since_prev",
    label: "Days since the previous invoice (log)",
    group: "buying",
    value: (r) => Math.log1p(r.daysSincePrevInv ?? NO_PREVIOUS_GAP_DAYS),
    sql: (c) => `ln(1 + coalesce(${c("daysSincePrevInv")}, ${NO_PREVIOUS_GAP_DAYS}))`,
  },
  log_prior_known: { name: "log_prior_known", label: "Earlier invoices with a known outcome (log)", group: "history", value: (r) => Math.log1p(r.priorKnownInv), sql: (c) => `ln(1 + ${c("priorKnownInv")})` },
  logit_prior_late_rate: {
    name: "logit_prior_late_rate",
    label: "Share of earlier invoices paid late, smoothed (log-odds)",
    group: "history",
    value: (r) => logit(Math.min(0.999, Math.max(0.001, r.priorLateRate))),
    sql: (c) => logitSql(c("priorLateRate")),
  },
  prior_mean_days_to_pay: {
    name: "prior_mean_days_to_pay",
    label: "Average days to pay so far",
    group: "paying",
    value: (r) => r.priorMeanDaysToPay ?? TERMS_DAYS,
    sql: (c) => `coalesce(${c("priorMeanDaysToPay")}, ${TERMS_DAYS})`,
  },
  prior_max_days_to_pay: {
    name: "prior_max_days_to_pay",
    label: "Longest days to pay so far",
    group: "paying",
    value: (r) => r.priorMaxDaysToPay ?? TERMS_DAYS,
    sql: (c) => `coalesce(${c("priorMaxDaysToPay")}, ${TERMS_DAYS})`,
  },
  has_paid_before: { name: "has_paid_before", label: "Has paid an invoice before", group: "paying", value: (r) => (r.priorPaidInv > 0 ? 1 : 0), sql: (c) => `(${c("priorPaidInv")} > 0)` },
  open_inv: { name: "open_inv", label: "Invoices already open", group: "open", value: (r) => r.openInv, sql: (c) => c("openInv") },
  log_open_balance: { name: "log_open_balance", label: "Open balance (log dollars)", group: "open", value: (r) => Math.log1p(r.openCents / 100), sql: (c) => `ln(1 + ${c("openCents")} / 100.0)` },
  overdue_inv: { name: "overdue_inv", label: "Invoices already overdue", group: "open", value: (r) => r.overdueInv, sql: (c) => c("overdueInv") },
  log_total_vs_avg: {
    name: "log_total_vs_avg",
    label: "Invoice total against the account's average so far (log ratio)",
    group: "invoice",
    value: (r) => Math.log(r.totalVsPriorAvg && r.totalVsPriorAvg > 0 ? r.totalVsPriorAvg : 1),
    sql: (c) => `ln(case when ${c("totalVsPriorAvg")} > 0 then ${c("totalVsPriorAvg")} else 1 end)`,
  },
  rate_x_known: {
    name: "rate_x_known",
    label: "Late share (log-odds) × history length (log)",
    group: "history",
    value: (r) => logit(Math.min(0.999, Math.max(0.001, r.priorLateRate))) * Math.log1p(r.priorKnownInv),
    sql: (c) => `${logitSql(c("priorLateRate"))} * ln(1 + ${c("priorKnownInv")})`,
  },
  raw_late_share: {
    name: "raw_late_share",
    label: "Share of earlier invoices paid late",
    group: "history",
    value: (r) => (r.priorKnownInv > 0 ? r.priorLateInv / r.priorKnownInv : 0),
    sql: (c) => `case when ${c("priorKnownInv")} > 0 then ${c("priorLateInv")} * 1.0 / ${c("priorKnownInv")} else 0 end`,
  },
  log_buying_rate: {
    name: "log_buying_rate",
    label: "Invoices a month since the account's first (log)",
    group: "buying",
    // Per 30 days of the account's own history, so the start of the extract does not make
    // every account look new in the first months.
    value: (r) => Math.log(((r.cumTotInvAcct) * 30) / ((r.daysSinceFirstInv ?? 0) + 30)),
    sql: (c) => `ln(${c("cumTotInvAcct")} * 30.0 / (coalesce(${c("daysSinceFirstInv")}, 0) + 30))`,
  },
  log_prior_late: { name: "log_prior_late", label: "Earlier invoices paid late (log)", group: "history", value: (r) => Math.log1p(r.priorLateInv), sql: (c) => `ln(1 + ${c("priorLateInv")})` },
} satisfies Record<string, FeatureSpec>;

export type FeatureName = keyof typeof featureSpecs;

/**
 * The model and its two baselines. "required" uses only the contract columns; "prior_rate"
 * only the account's smoothed late share so far.
 */
export const featureSets = {
  model: [
    "log_inv_total",
    "inv_items",
    "inv_lines",
    "acct_age_years",
    "num_inv_120d",
    "log_cum_inv",
    "log_days_since_prev",
    "log_prior_known",
    "logit_prior_late_rate",
    "prior_mean_days_to_pay",
    "prior_max_days_to_pay",
    "has_paid_before",
    "open_inv",
    "log_open_balance",
    "overdue_inv",
    "log_total_vs_avg",
    "rate_x_known",
    "raw_late_share",
    "log_prior_late",
    "log_buying_rate",
  ],
  required: ["log_inv_total", "inv_items", "acct_age_years", "num_inv_120d", "log_cum_inv"],
  prior_rate: ["logit_prior_late_rate"],
} as const satisfies Record<string, readonly FeatureName[]>;

export type FeatureSetName = keyof typeof featureSets;

export function featureVector(names: readonly string[], row: InvoiceFeatureRow): number[] {
  return names.map((name) => {
    const spec = (featureSpecs as Record<string, FeatureSpec>)[name];
    if (!spec) throw new Error(`unknown feature ${name}`);
    return spec.value(row);
  });
}

export function featureSpec(name: string): FeatureSpec | undefined {
  return (featureSpecs as Record<string, FeatureSpec>)[name];
}

/**
 * A fitted model's probability of paying late as one SQL expression over a mart_invoice_features
 * row aliased `alias`: the logistic of the intercept plus each weight times its standardised
 * feature, the arithmetic of predictOne (lib/risk-model/logistic.ts).
 */
export function lateProbabilitySql(model: { features: readonly string[]; means: readonly number[]; sds: readonly number[]; intercept: number; weights: readonly number[] }, alias: string): string {
  const column = (field: keyof InvoiceFeatureRow) => `${alias}.${featureRowColumns[field]}`;
  const terms = model.features.map((name, j) => {
    const spec = featureSpec(name);
    if (!spec) throw new Error(`unknown feature ${name}`);
    return `${model.weights[j]} * ((${spec.sql(column)}) - ${model.means[j]}) / ${model.sds[j]}`;
  });
  return `1.0 / (1.0 + exp(-(${[String(model.intercept), ...terms].join(" + ")})))`;
}

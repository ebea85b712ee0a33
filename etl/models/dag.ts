/**
 * The build order of the SQL models: each model reads only staging tables and the models
 * listed before it. `grain` is the key that makes a row unique; the tests hold every model to it.
 *
 * `scopedBy` says how a build for a few accounts (a change batch) refreshes the model:
 * - `account`: the rows whose `column` is an account in temp.build_scope are deleted and
 *   selected again; the model's SQL reads only those accounts' rows.
 * - `month`: the rows whose `column` is on or after temp.build_params.from_month, the first
 *   month the batch could have moved (etl/models/changed-months.ts), are deleted and selected
 *   again. For a model that sums across accounts, where one account moves a region's total.
 *
 * `relabelColumn` names the invoice column of an account-scoped model that holds labels as of
 * the data cut-off (temp.build_params.as_of). When a batch moves the cut-off, the rows of the
 * invoices whose label can change (temp.build_relabel) are rebuilt too, whatever their account:
 * one new day's invoice moves labels in most accounts.
 */
export type ModelSpec = {
  name: string;
  grain: readonly string[];
  scopedBy: { by: "account" | "month"; column: string };
  relabelColumn?: string;
};

export const models: readonly ModelSpec[] = [
  { name: "mart_invoices", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "int_invoices_sequenced", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "int_invoices_outcomes_known", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_invoice_features", grain: ["inv_id"], scopedBy: { by: "account", column: "acct_id" }, relabelColumn: "inv_id" },
  { name: "mart_accounts", grain: ["account_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_account_payments", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_receivables_monthly", grain: ["month", "region"], scopedBy: { by: "month", column: "month" } },
];

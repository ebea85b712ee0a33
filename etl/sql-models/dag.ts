/**
 * The build order of the SQL models: each model reads only staging tables and the models
 * listed before it. `grain` is the key that makes a row unique; the tests hold every model to it.
 * A model is a table unless it says `materialized: "view"` (ViewModelSpec).
 *
 * `scopedBy` says how a build for a few accounts (a change batch) refreshes a table:
 * - `account`: the rows whose `column` is an account in temp.build_scope are deleted and
 *   selected again; the model's SQL reads only those accounts' rows.
 * - `month`: the rows whose `column` is on or after temp.build_params.from_month, the first
 *   month the batch could have moved (etl/sql-models/changed-months.ts), are deleted and selected
 *   again. For a model that sums across accounts, where one account moves a region's total.
 *
 * `relabelColumn` names the invoice column of an account-scoped model that holds labels as of
 * the data cut-off (temp.build_params.as_of). When a batch moves the cut-off, the rows of the
 * invoices whose label can change (temp.build_relabel) are rebuilt too, whatever their account:
 * one new day's invoice moves labels in most accounts.
 */
export type TableModelSpec = {
  name: string;
  grain: readonly string[];
  materialized?: "table";
  scopedBy: { by: "account" | "month"; column: string };
  relabelColumn?: string;
};

/**
 * A model materialized as a SQL view (dbt's "view"), for a mart read a few rows at a time
 * through the indexes of the tables it selects from: copying them would cost every import and
 * save no read any time. A build only replaces the view when its SQL changed. Its select may
 * not read the temp tables, which a view outside the temp schema cannot see.
 */
export type ViewModelSpec = {
  name: string;
  grain: readonly string[];
  materialized: "view";
};

export type ModelSpec = TableModelSpec | ViewModelSpec;

export const models: readonly ModelSpec[] = [
  { name: "mart_invoices", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_invoice_lines", grain: ["invoice_id", "item_id"], materialized: "view" },
  { name: "int_invoices_sequenced", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "int_invoices_outcomes_known", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_invoice_features", grain: ["inv_id"], scopedBy: { by: "account", column: "acct_id" }, relabelColumn: "inv_id" },
  { name: "mart_accounts", grain: ["account_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_account_payments", grain: ["invoice_id"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_overdue_spells", grain: ["account_id", "start_date"], scopedBy: { by: "account", column: "account_id" } },
  { name: "mart_receivables_monthly", grain: ["month", "region"], scopedBy: { by: "month", column: "month" } },
];

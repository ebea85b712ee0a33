/**
 * The build order of the SQL models: each model reads only staging tables and the models
 * listed before it. `scopeColumn` names the account column that lets a model be rebuilt for a
 * few accounts (a change event) instead of in full; null means the model is always rebuilt whole.
 * `grain` is the key that makes a row unique; the tests hold every model to it.
 */
export type ModelSpec = { name: string; grain: readonly string[]; scopeColumn: string | null };

export const models: readonly ModelSpec[] = [
  { name: "int_invoices_totaled", grain: ["invoice_id"], scopeColumn: "account_id" },
  { name: "int_invoices_sequenced", grain: ["invoice_id"], scopeColumn: "account_id" },
  { name: "int_invoices_outcomes_known", grain: ["invoice_id"], scopeColumn: "account_id" },
  { name: "mart_invoice_features", grain: ["inv_id"], scopeColumn: "acct_id" },
  { name: "mart_accounts", grain: ["account_id"], scopeColumn: "account_id" },
  { name: "mart_account_payments", grain: ["invoice_id"], scopeColumn: "account_id" },
  { name: "mart_receivables_monthly", grain: ["month", "region"], scopeColumn: null },
];

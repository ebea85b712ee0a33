/**
 * The build order of the SQL models: each model reads only staging tables and the models
 * listed before it. `scopeColumn` names the account column that lets a model be rebuilt for a
 * few accounts (a change event) instead of in full; null means the model is always rebuilt whole.
 */
export type ModelSpec = { name: string; scopeColumn: string | null };

export const models: readonly ModelSpec[] = [
  { name: "int_invoices_totaled", scopeColumn: "account_id" },
  { name: "int_invoices_sequenced", scopeColumn: "account_id" },
  { name: "mart_invoice_features", scopeColumn: "acct_id" },
  { name: "mart_accounts", scopeColumn: "account_id" },
  { name: "mart_account_payments", scopeColumn: "account_id" },
  { name: "mart_receivables_monthly", scopeColumn: null },
];

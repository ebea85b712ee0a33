import type Database from "better-sqlite3";
import { builtModelsDigest, modelsDigest, readModelSql, type BuildScope } from "./build-models";

/*
 * A nightly extract is mostly yesterday's rows again, so an import into a store whose models are
 * built rebuilds them only for the accounts whose data moved. Every model reads staging through
 * two of them: mart_invoices (the invoices and their lines) and mart_accounts (the accounts;
 * mart_invoice_features reads one column of stg_accounts, joining_date, which mart_accounts
 * carries too). The SKUs reach only the mart_invoice_lines view, as lines keep their frozen
 * prices. So an account moved exactly when its rows of those two models, selected again from
 * the loaded staging, differ from the stored ones. The comparison reads staging once without
 * writing; the scoped build and its month and relabel rules (build-models.ts) do the rest.
 */

/**
 * The accounts whose mart_invoices or mart_accounts rows the staging tables would change: new,
 * gone or different, on either side of an invoice that moved between accounts. Sorted.
 */
export function accountsChangedSinceBuild(sqlite: Database.Database): number[] {
  const invoiceColumns = ["account_id", "date_issued", "payment_date", "days_to_pay", "line_count", "item_count", "total_cents", "cost_cents"];
  const differs = (columns: readonly string[]) => `(${columns.map((c) => `n.${c}`).join(", ")}) is not (${columns.map((c) => `m.${c}`).join(", ")})`;
  const accountColumns = sqlite
    .prepare(readModelSql("mart_accounts", "all"))
    .columns()
    .map((c) => c.name!)
    .filter((c) => c !== "account_id");
  return sqlite
    .prepare(
      `with new_invoices as (${readModelSql("mart_invoices", "all")}),
            new_accounts as (${readModelSql("mart_accounts", "all")})
       select n.account_id from new_invoices as n left join mart_invoices as m on m.invoice_id = n.invoice_id
       where m.invoice_id is null or ${differs(invoiceColumns)}
       union
       select m.account_id from mart_invoices as m left join stg_invoices as s on s.invoice_id = m.invoice_id
       where s.invoice_id is null or s.account_id is not m.account_id
       union
       select n.account_id from new_accounts as n left join mart_accounts as m on m.account_id = n.account_id
       where m.account_id is null or ${differs(accountColumns)}
       union
       select m.account_id from mart_accounts as m where m.account_id not in (select account_id from stg_accounts)
       order by 1`,
    )
    .pluck()
    .all() as number[];
}

/**
 * What an import rebuilds once its rows are loaded: every model, when the marts were never built
 * or were built by other SQL, or when more than half the accounts moved (a scoped build of every
 * account walks each one's index entries and is slower than a full one); else the moved accounts.
 */
export function importBuildScope(sqlite: Database.Database): BuildScope {
  if (builtModelsDigest(sqlite) !== modelsDigest()) return "all";
  const changed = accountsChangedSinceBuild(sqlite);
  const accounts = sqlite.prepare(`select count(*) from stg_accounts`).pluck().get() as number;
  return changed.length * 2 > accounts ? "all" : changed;
}

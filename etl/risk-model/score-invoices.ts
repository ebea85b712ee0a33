import type { Db } from "../../lib/db/client";
import { lateProbabilitySql } from "../../lib/risk-model/features";
import type { ModelVersion } from "../../lib/queries/risk-model";
import { bumpMartsGeneration } from "../sql-models/build-models";

/**
 * Writes every invoice's probability of being paid late at issue by `version`, for all
 * invoices or for some accounts' (a change batch's), into model_invoice_risk. The features are
 * point-in-time at the issue day, so the probability never changes with the as-of date; a page
 * scores any date by reading it for the invoices open then (lib/queries/outreach.ts). Computed
 * inside SQLite from the model's weights (lateProbabilitySql), so a million invoices never
 * become JavaScript objects. Run it in the transaction that changes the features or the
 * active version.
 */
export function scoreInvoicesAtIssue(db: Db, version: Pick<ModelVersion, "versionId" | "model">, scope: "all" | readonly number[]): number {
  const sqlite = db.$client;
  bumpMartsGeneration(sqlite);
  const columns = `invoice_id, account_id, date_issued, payment_date, total_cents, version_id, probability_at_issue`;
  const select = `select i.invoice_id, i.account_id, i.date_issued, i.payment_date, i.total_cents, ${version.versionId}, ${lateProbabilitySql(version.model, "f")}
    from mart_invoices as i join mart_invoice_features as f on f.inv_id = i.invoice_id`;
  if (scope === "all") {
    // A steady-state import rescores a million invoices whose probabilities mostly did not move:
    // writing only the rows that changed took 1.6-1.9 s at scale 100 against 2.4-2.8 s for
    // emptying the table and writing it again.
    const kept = `account_id, date_issued, payment_date, total_cents, version_id, probability_at_issue`;
    const changed = sqlite
      .prepare(
        `insert into model_invoice_risk (${columns}) ${select} where true
         on conflict (invoice_id) do update set ${kept.split(", ").map((c) => `${c} = excluded.${c}`).join(", ")}
         where (${kept.split(", ").map((c) => `model_invoice_risk.${c}`).join(", ")}) is not (${kept.split(", ").map((c) => `excluded.${c}`).join(", ")})`,
      )
      .run().changes;
    return changed + sqlite.prepare(`delete from model_invoice_risk where invoice_id not in (select invoice_id from mart_invoices)`).run().changes;
  }
  const accounts = JSON.stringify(scope);
  sqlite.prepare(`delete from model_invoice_risk where account_id in (select value from json_each(?))`).run(accounts);
  return sqlite.prepare(`insert or replace into model_invoice_risk (${columns}) ${select} where i.account_id in (select value from json_each(?))`).run(accounts).changes;
}

import fs from "node:fs";
import { once } from "node:events";
import type { Db } from "../lib/db/client";
import { formatCsvRow } from "../lib/csv/write-csv";
import { parseIsoDate } from "./import/extract/values";
import { getDataCutoff, readModelSql, setBuildContext } from "./sql-models/build-models";

/** The contract columns first, in this order, then the extra features. */
export const featureColumns = [
  "inv_id",
  "acct_id",
  "inv_total",
  "inv_items",
  "acct_age",
  "num_inv_120d",
  "cum_tot_inv_acct",
  "is_late",
  "date_issued",
  "inv_lines",
  "days_since_prev_inv",
  // Point-in-time history at the issue day (docs/model.md), the late-payment model's inputs.
  "prior_known_inv",
  "prior_late_inv",
  "prior_late_rate",
  "prior_paid_inv",
  "prior_mean_days_to_pay",
  "prior_max_days_to_pay",
  "open_inv",
  "open_cents",
  "overdue_inv",
  "total_vs_prior_avg",
  "days_since_first_inv",
] as const;

type FeatureRow = Record<(typeof featureColumns)[number], string | number | null>;

/**
 * Writes the invoice feature dataset, sorted by inv_id, streaming rows so a million invoices
 * never sit in memory. At the data cut-off it reads the stored mart; at an earlier as-of date it
 * re-runs the mart's own select with that date, so the label rule exists in one place only.
 */
export async function exportFeatures(db: Db, outPath: string, options: { asOf?: string } = {}): Promise<{ rows: number; asOf: string | null }> {
  const sqlite = db.$client;
  const cutoff = getDataCutoff(sqlite);
  if (options.asOf !== undefined && parseIsoDate(options.asOf) === undefined) {
    throw new Error(`--as-of ${options.asOf} is not a real date in YYYY-MM-DD form`);
  }
  const asOf = options.asOf ?? cutoff;
  const select = featureColumns.map((c) => (c === "inv_total" ? `printf('%.2f', inv_total) as inv_total` : c)).join(", ");
  let statement;
  if (asOf === cutoff || asOf === null) {
    statement = sqlite.prepare(`select ${select} from mart_invoice_features order by inv_id`);
  } else {
    setBuildContext(sqlite, "all", asOf);
    statement = sqlite.prepare(
      `select ${select} from (${readModelSql("mart_invoice_features", "all")}) where date_issued <= ? order by inv_id`,
    );
    statement.bind(asOf);
  }

  const out = fs.createWriteStream(outPath);
  out.write(featureColumns.join(",") + "\n");
  let rows = 0;
  let buffer = "";
  for (const row of statement.iterate() as IterableIterator<FeatureRow>) {
    buffer += formatCsvRow(featureColumns.map((c) => row[c]));
    rows++;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return { rows, asOf };
}

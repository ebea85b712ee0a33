import fs from "node:fs";
import { once } from "node:events";
import { getTableColumns } from "drizzle-orm";
import type { Db } from "../lib/db/client";
import { martInvoiceFeatures } from "../lib/db/schema";
import { formatCsvRow } from "../lib/csv/write-csv";
import { parseIsoDate } from "./import/extract/values";
import { getDataCutoff, readModelSql, setBuildContext } from "./sql-models/build-models";

/**
 * The dataset's columns: mart_invoice_features' own, in the table's order (the contract columns
 * first, then the extra features), without the payment date the label is made from.
 */
export const featureColumns = Object.values(getTableColumns(martInvoiceFeatures))
  .map((column) => column.name)
  .filter((name) => name !== "payment_date");

type FeatureRow = Record<string, string | number | null>;

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

import fs from "node:fs";
import { openDb } from "../../lib/db/client";
import { applyChanges, type RowChange } from "../changes/apply-changes";
import { buildModels, getDataCutoff } from "../sql-models/build-models";

/*
 * Change batches on an imported database, against a full model rebuild timed in the same run:
 * what each batch would cost if builds could not be scoped. The three batches are the live
 * stream's two common cases and its costly rare one (docs/architecture.md).
 */

export type ChangeBatchBench = { name: string; ms: number; models: { name: string; rows: number; ms: number }[] };

export function benchChangeBatches(importedDb: string, scratchDb: string): { batches: ChangeBatchBench[]; fullRebuildMs: number } {
  for (const suffix of ["", "-wal", "-shm"]) {
    fs.rmSync(scratchDb + suffix, { force: true });
    if (fs.existsSync(importedDb + suffix)) fs.copyFileSync(importedDb + suffix, scratchDb + suffix);
  }
  const db = openDb(scratchDb);
  const sqlite = db.$client;
  try {
    const cutoff = getDataCutoff(sqlite)!;
    type Invoice = { invoiceId: number; accountId: number; dateIssued: string; paymentDate: string | null };
    const invoice = (where: string) =>
      sqlite
        .prepare(
          `select invoice_id as invoiceId, account_id as accountId, date_issued as dateIssued, payment_date as paymentDate
           from stg_invoices where ${where} order by invoice_id limit 1`,
        )
        .get({ cutoff }) as Invoice;
    const open = invoice(`payment_date is null or payment_date > @cutoff`);
    const oldest = invoice(`payment_date <= @cutoff and date_issued = (select min(date_issued) from stg_invoices)`);
    const nextId = (sqlite.prepare(`select max(invoice_id) + 1 from stg_invoices`).pluck().get() as number) ?? 1;
    const itemId = sqlite.prepare(`select item_id from stg_skus order by item_id limit 1`).pluck().get() as string;
    const nextDay = sqlite.prepare(`select date(?, '+1 day')`).pluck().get(cutoff) as string;
    const batches: [string, RowChange[]][] = [
      [`a payment for an invoice issued ${open.dateIssued}`, [{ kind: "invoices", op: "upsert", row: { ...open, paymentDate: cutoff } }]],
      [
        "the day's first invoice, with one line (moves the cut-off)",
        [
          { kind: "invoices", op: "upsert", row: { invoiceId: nextId, accountId: open.accountId, dateIssued: nextDay, paymentDate: null } },
          { kind: "invoice_line_items", op: "upsert", row: { invoiceId: nextId, itemId, quantity: 2 } },
        ],
      ],
      [
        `a payment date corrected on one of the first invoices (${oldest.dateIssued})`,
        [{ kind: "invoices", op: "upsert", row: { ...oldest, paymentDate: oldest.dateIssued } }],
      ],
    ];
    const results = batches.map(([name, batch]) => {
      const started = performance.now();
      const result = applyChanges(db, batch, { startedBy: "bench" });
      if (result.rejects.length > 0) throw new Error(`bench batch "${name}" was rejected: ${JSON.stringify(result.rejects)}`);
      return { name, ms: performance.now() - started, models: result.models };
    });
    const started = performance.now();
    sqlite.transaction(() => buildModels(sqlite, "all"))();
    return { batches: results, fullRebuildMs: performance.now() - started };
  } finally {
    sqlite.close();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(scratchDb + suffix, { force: true });
  }
}

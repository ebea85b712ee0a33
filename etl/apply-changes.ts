import type { Db } from "../lib/db/client";
import type { FileKind } from "./extract/file-specs";
import type { RowOf } from "./extract/row-schemas";
import { createBatchTables, dropBatchTables, prepareBatchWriters } from "./load/batch-tables";
import { checkRelations } from "./load/check-relations";
import { mergeIntoStaging } from "./load/merge-staging";
import { buildModels, type ModelBuildStats } from "./models/build-models";

/*
 * The change-data-capture path: a batch of row-level changes (a single row is a batch of one)
 * goes through the same batch tables, relation rules and staging merge as a file import, then
 * rebuilds the models for just the accounts it touched.
 */

export type RowKey = { accounts: number; skus: string; invoices: number; invoice_line_items: readonly [number, string] };

export type RowChange = {
  [K in FileKind]: { kind: K; op: "upsert"; row: RowOf<K> } | { kind: K; op: "delete"; key: RowKey[K] };
}[FileKind];

export type ChangeReject = { index: number; kind: FileKind; column: string; value: string; reason: string };

export type ApplyChangesResult = {
  applied: number;
  rejects: ChangeReject[];
  affectedAccounts: number[];
  models: ModelBuildStats[];
};

function keyOf(change: RowChange): string {
  if (change.op === "delete") return `${change.kind}:${JSON.stringify(change.key)}`;
  switch (change.kind) {
    case "accounts":
      return `accounts:${change.row.accountId}`;
    case "skus":
      return `skus:${JSON.stringify(change.row.itemId)}`;
    case "invoices":
      return `invoices:${change.row.invoiceId}`;
    case "invoice_line_items":
      return `invoice_line_items:${JSON.stringify([change.row.invoiceId, change.row.itemId])}`;
  }
}

type Statement = readonly [sql: string, ...params: (number | string)[]];

/** For each kind: the accounts a delete touches (read first), then the deletes, children first. */
const deletes: { [K in FileKind]: (key: RowKey[K]) => { affected: Statement; statements: Statement[] } } = {
  accounts: (id) => ({
    affected: [`select ?`, id],
    statements: [
      [`delete from stg_invoice_line_items where invoice_id in (select invoice_id from stg_invoices where account_id = ?)`, id],
      [`delete from stg_invoices where account_id = ?`, id],
      [`delete from stg_accounts where account_id = ?`, id],
    ],
  }),
  // Issued invoices keep their frozen prices, so a SKU can go without touching any account.
  skus: (id) => ({ affected: [`select 0 where 0`], statements: [[`delete from stg_skus where item_id = ?`, id]] }),
  invoices: (id) => ({
    affected: [`select account_id from stg_invoices where invoice_id = ?`, id],
    statements: [
      [`delete from stg_invoice_line_items where invoice_id = ?`, id],
      [`delete from stg_invoices where invoice_id = ?`, id],
    ],
  }),
  invoice_line_items: ([invoiceId, itemId]) => ({
    affected: [`select account_id from stg_invoices where invoice_id = ?`, invoiceId],
    statements: [[`delete from stg_invoice_line_items where invoice_id = ? and item_id = ?`, invoiceId, itemId]],
  }),
};

/**
 * Applies a batch of changes in one transaction. The batch is first compacted to the last change
 * per key, as a change-event consumer sees a table's latest state; upserts are applied before
 * deletes. Rejected upserts are returned with the reason, and the rest of the batch still applies.
 */
export function applyChanges(db: Db, changes: readonly RowChange[], options: { importId?: number } = {}): ApplyChangesResult {
  const sqlite = db.$client;
  const latest = new Map<string, { index: number; change: RowChange }>();
  changes.forEach((change, index) => latest.set(keyOf(change), { index, change }));

  return sqlite
    .transaction((): ApplyChangesResult => {
      createBatchTables(sqlite);
      try {
        const writers = prepareBatchWriters(sqlite);
        const kinds = new Set<FileKind>();
        const affected = new Set<number>();
        const toDelete: { kind: FileKind; key: RowKey[FileKind] }[] = [];
        for (const { index, change } of latest.values()) {
          if (change.op === "delete") {
            toDelete.push({ kind: change.kind, key: change.key });
            continue;
          }
          kinds.add(change.kind);
          // The change's position stands in for a file line, so rejects point back to the event.
          (writers.insert[change.kind] as (line: number, row: unknown) => void)(index + 1, change.row);
        }
        checkRelations(sqlite, { kinds, isReplace: false });
        const rejects = (
          sqlite.prepare(`select line, file_kind as kind, "column", value, reason from temp.batch_rejects order by line`).all() as {
            line: number;
            kind: FileKind;
            column: string;
            value: string;
            reason: string;
          }[]
        ).map(({ line, ...r }) => ({ index: line - 1, ...r }));

        const merged = mergeIntoStaging(sqlite, kinds, { isReplace: false, importId: options.importId ?? 0 });
        if (merged.affectedAccounts !== "all") for (const id of merged.affectedAccounts) affected.add(id);
        for (const { kind, key } of toDelete) {
          const plan = (deletes[kind] as (key: RowKey[FileKind]) => ReturnType<(typeof deletes)["invoices"]>)(key);
          const [affectedSql, ...affectedParams] = plan.affected;
          for (const id of sqlite.prepare(affectedSql).pluck().all(...affectedParams) as number[]) affected.add(id);
          for (const [statement, ...params] of plan.statements) sqlite.prepare(statement).run(...params);
        }
        const models = buildModels(sqlite, [...affected]);
        return { applied: latest.size - rejects.length, rejects, affectedAccounts: [...affected].sort((a, b) => a - b), models };
      } finally {
        dropBatchTables(sqlite);
      }
    })
    .immediate();
}

import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client";
import { etlImports } from "../../lib/db/schema";
import type { FileKind } from "../../lib/imports/file-specs";
import type { RowOf } from "../import/extract/row-schemas";
import { sortByDependency, StagingLoader } from "../sql-models/staging/staging-loader";
import { buildModels, type ModelBuildStats } from "../sql-models/build-models";
import { getActiveModelVersion } from "../../lib/queries/risk-model";
import { scoreInvoicesAtIssue } from "../risk-model/score-invoices";

/*
 * The change-data-capture path: a batch of row-level changes (a single row is a batch of one)
 * goes through the same validation rules and staging loader as a file import, then rebuilds the
 * models for just the accounts it touched. Each batch is logged as an import with source "cdc",
 * unless the caller gives the import it belongs to: the change-event consumer applies one event
 * per batch, and logs one import per request or replay instead of one per event.
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

/** Logs a change batch as an accepted import: its rows commit in the transaction that makes the row. */
export function insertChangeImport(db: Db, startedBy: string): number {
  return db
    .insert(etlImports)
    .values({ source: "cdc", mode: "merge", status: "accepted", maxRejectRate: 1, pid: process.pid, startedBy })
    .returning({ importId: etlImports.importId })
    .get().importId;
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

export type ApplyChangesOptions = {
  startedBy?: string;
  /** An etl_imports row the caller made and will finish; the rows are loaded under it and no row of its own is logged. */
  importId?: number;
};

/**
 * Applies a batch of changes in one transaction. The batch is first compacted to the last change
 * per key, as a change-event consumer sees a table's latest state; upserts load in dependency
 * order and deletes come last. Rejected upserts are returned with the reason; the rest applies.
 */
export function applyChanges(db: Db, changes: readonly RowChange[], options: ApplyChangesOptions = {}): ApplyChangesResult {
  const sqlite = db.$client;
  const latest = new Map<string, { index: number; change: RowChange }>();
  changes.forEach((change, index) => latest.set(keyOf(change), { index, change }));
  const upserts = sortByDependency([...latest.values()].filter((c) => c.change.op === "upsert").map((c) => ({ ...c, kind: c.change.kind })));
  const toDelete = [...latest.values()].flatMap(({ change }) => (change.op === "delete" ? [change] : []));

  return sqlite
    .transaction((): ApplyChangesResult => {
      const isOwnImport = options.importId === undefined;
      const importId = options.importId ?? insertChangeImport(db, options.startedBy ?? "cdc");
      const loader = new StagingLoader(sqlite, { importId, isChangeBatch: true });
      const accountOfInvoice = sqlite.prepare(`select account_id from stg_invoices where invoice_id = ?`).pluck();
      const rejects: ChangeReject[] = [];
      const affected = new Set<number>();
      for (const { index, change } of upserts) {
        if (change.op !== "upsert") continue;
        // An invoice that moves between accounts changes both; read the old one before it goes.
        const before = change.kind === "invoices" ? (accountOfInvoice.get(change.row.invoiceId) as number | undefined) : undefined;
        // The event's position stands in for a file line, so a reject points back to the event.
        const problem = loader.load(change.kind, index + 1, change.row as RowOf<typeof change.kind>);
        if (problem) {
          rejects.push({ index, kind: change.kind, ...problem });
          continue;
        }
        if (before !== undefined) affected.add(before);
        if (change.kind === "accounts" || change.kind === "invoices") affected.add(change.row.accountId);
        if (change.kind === "invoice_line_items") affected.add(accountOfInvoice.get(change.row.invoiceId) as number);
      }
      for (const change of toDelete) {
        const plan = (deletes[change.kind] as (key: RowKey[FileKind]) => ReturnType<(typeof deletes)["invoices"]>)(change.key);
        const [affectedSql, ...affectedParams] = plan.affected;
        for (const id of sqlite.prepare(affectedSql).pluck().all(...affectedParams) as number[]) affected.add(id);
        for (const [statement, ...params] of plan.statements) sqlite.prepare(statement).run(...params);
      }
      const models = buildModels(sqlite, [...affected]);
      // The affected accounts' features moved, so their probabilities at issue move with them.
      const version = getActiveModelVersion(db);
      if (version) scoreInvoicesAtIssue(db, version, [...affected]);
      if (isOwnImport) db.update(etlImports).set({ finishedAt: new Date().toISOString() }).where(eq(etlImports.importId, importId)).run();
      return { applied: latest.size - rejects.length, rejects, affectedAccounts: [...affected].sort((a, b) => a - b), models };
    })
    .immediate();
}

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client";
import { etlImports } from "../../lib/db/schema";
import { applyChanges, insertChangeImport, type RowChange } from "../changes/apply-changes";
import { comparePositions, decodeDebeziumEvent, type DecodedChange, type DecodedEvent, type DecodedReject, type SourcePosition } from "./debezium-event";

/*
 * Applies Debezium events one at a time, each in a transaction of its own that holds the row
 * change, the model rebuild for what it touched (applyChanges, nested as a savepoint), the
 * row's new source position and the event's count. Delivery is at least once, so an event applies only when its
 * position is later than the last one applied to the same row; anything else is a duplicate.
 */

export type CdcOutcome = "applied" | "skipped" | "ignored" | "rejected";

export type CdcError = {
  index: number;
  table: string | null;
  position: SourcePosition | null;
  field: string | null;
  value: string | null;
  reason: string;
};

export type CdcResult = {
  applied: number;
  skipped: number;
  ignored: number;
  rejected: number;
  /** Lines stored but not yet counted, because their invoice or SKU has not arrived. */
  waitingLines: number;
  errors: CdcError[];
};

export function emptyResult(): CdcResult {
  return { applied: 0, skipped: 0, ignored: 0, rejected: 0, waitingLines: 0, errors: [] };
}

/**
 * The import a request or a replay is logged as (etl_imports, source "cdc"), so the import
 * history shows one row for it rather than one per event. The row is made in the transaction of
 * the first event that reaches staging, so a delivery of nothing but duplicates logs nothing and
 * an event that rolls back takes the row with it. It is accepted from the start: each event
 * commits on its own, and what committed stays applied even if the rest never arrives.
 */
export class ChangeEventImport {
  private current: { importId: number; started: number } | null = null;
  private readonly latestImport;

  constructor(
    private readonly db: Db,
    readonly startedBy: string,
  ) {
    this.latestImport = db.$client.prepare(`select max(import_id) from etl_imports`).pluck();
  }

  /** The id of the import the last event was loaded under, or null before any (or once finished). */
  get id(): number | null {
    return this.current?.importId ?? null;
  }

  /** The id to load an event's rows under; call it inside the event's transaction. */
  idForEvent(): number {
    // Once another import has been logged, an event loaded under the older id would look to the
    // data version and to the upload's already-imported check as if it came before that import.
    if (this.current && this.latestImport.get() !== this.current.importId) this.finish();
    this.current ??= { importId: insertChangeImport(this.db, this.startedBy), started: performance.now() };
    return this.current.importId;
  }

  /** Runs an event's transaction; what it did to the import is forgotten when it rolls back. */
  withinEvent<T>(transaction: () => T): T {
    const before = this.current;
    try {
      return transaction();
    } catch (error) {
      this.current = before;
      throw error;
    }
  }

  /** Records when the import ended and how long it took; nothing to do if no event reached staging. */
  finish(): void {
    if (!this.current) return;
    this.db
      .update(etlImports)
      .set({ finishedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - this.current.started) })
      .where(eq(etlImports.importId, this.current.importId))
      .run();
    this.current = null;
  }
}

type Pending = { invoiceId: number; itemId: string; quantity: number };

function statementsFor(db: Db) {
  const sqlite = db.$client;
  return {
    lastPosition: sqlite.prepare(`select file_number as fileNumber, pos, "row" from cdc_positions where table_name = ? and row_key = ?`),
    savePosition: sqlite.prepare(`
      insert into cdc_positions (table_name, row_key, binlog_file, file_number, pos, "row", op, source_ts_ms)
      values (@table, @rowKey, @binlogFile, @fileNumber, @pos, @row, @op, @sourceTsMs)
      on conflict (table_name, row_key) do update set
        binlog_file = excluded.binlog_file, file_number = excluded.file_number, pos = excluded.pos, "row" = excluded."row",
        op = excluded.op, source_ts_ms = excluded.source_ts_ms, applied_at = excluded.applied_at`),
    saveReject: sqlite.prepare(`
      insert into cdc_rejects (event_digest, table_name, row_key, binlog_file, pos, "row", op, field, value, reason)
      values (@digest, @table, @rowKey, @binlogFile, @pos, @row, @op, @field, @value, @reason)
      on conflict (event_digest) do nothing`),
    hasInvoice: sqlite.prepare(`select 1 from stg_invoices where invoice_id = ?`).pluck(),
    hasSku: sqlite.prepare(`select 1 from stg_skus where item_id = ?`).pluck(),
    hold: sqlite.prepare(`
      insert into cdc_pending_lines (invoice_id, item_id, quantity) values (?, ?, ?)
      on conflict (invoice_id, item_id) do update set quantity = excluded.quantity`),
    release: sqlite.prepare(`delete from cdc_pending_lines where invoice_id = ? and item_id = ?`),
    releaseInvoice: sqlite.prepare(`delete from cdc_pending_lines where invoice_id = ?`),
    releaseAccount: sqlite.prepare(`delete from cdc_pending_lines where invoice_id in (select invoice_id from stg_invoices where account_id = ?)`),
    readyForInvoice: sqlite.prepare(`
      select invoice_id as invoiceId, item_id as itemId, quantity from cdc_pending_lines p
      where invoice_id = ? and exists (select 1 from stg_skus s where s.item_id = p.item_id)`),
    readyForSku: sqlite.prepare(`
      select invoice_id as invoiceId, item_id as itemId, quantity from cdc_pending_lines p
      where item_id = ? and exists (select 1 from stg_invoices i where i.invoice_id = p.invoice_id)`),
    waiting: sqlite.prepare(`select count(*) from cdc_pending_lines`).pluck(),
    countEvent: sqlite.prepare(`
      insert into cdc_table_stats (table_name, applied, skipped, ignored, rejected, last_binlog_file, last_pos, last_row, last_source_ts_ms, last_applied_at, last_received_at)
      values (@table, @applied, @skipped, @ignored, @rejected, @binlogFile, @pos, @row, @sourceTsMs, @appliedAt, @receivedAt)
      on conflict (table_name) do update set
        applied = applied + excluded.applied, skipped = skipped + excluded.skipped,
        ignored = ignored + excluded.ignored, rejected = rejected + excluded.rejected,
        last_binlog_file = case when excluded.applied = 1 then excluded.last_binlog_file else last_binlog_file end,
        last_pos = case when excluded.applied = 1 then excluded.last_pos else last_pos end,
        last_row = case when excluded.applied = 1 then excluded.last_row else last_row end,
        last_source_ts_ms = case when excluded.applied = 1 then excluded.last_source_ts_ms else last_source_ts_ms end,
        last_applied_at = case when excluded.applied = 1 then excluded.last_applied_at else last_applied_at end,
        last_received_at = excluded.last_received_at`),
  };
}

type Statements = ReturnType<typeof statementsFor>;

/** Records a rejected event; false when the same event (same position and row images) was recorded before. */
function recordReject(s: Statements, event: DecodedReject): boolean {
  const { table, rowKey, position, op, field, value, reason } = event;
  // Without a position two different events cannot be told apart, so each counts and is kept.
  const digest = position ? event.digest : `${event.digest}:${randomUUID()}`;
  const row = { digest, table, rowKey, binlogFile: position?.binlogFile ?? null, pos: position?.pos ?? null, row: position?.row ?? null, op, field, value, reason };
  return s.saveReject.run(row).changes === 1;
}

/** Adds an event to its table's counts (cdc_table_stats), and moves the table's last position when it applied. */
function countEvent(s: Statements, decoded: DecodedEvent, outcome: CdcOutcome): void {
  const table = decoded.outcome === "ignored" ? null : decoded.table;
  const applied = outcome === "applied" && decoded.outcome === "change" ? decoded : null;
  const receivedAt = new Date().toISOString();
  s.countEvent.run({
    table: table ?? "",
    applied: applied ? 1 : 0,
    skipped: outcome === "skipped" ? 1 : 0,
    ignored: outcome === "ignored" ? 1 : 0,
    rejected: outcome === "rejected" ? 1 : 0,
    binlogFile: applied?.position.binlogFile ?? null,
    pos: applied?.position.pos ?? null,
    row: applied?.position.row ?? null,
    sourceTsMs: applied?.sourceTsMs ?? null,
    appliedAt: applied ? receivedAt : null,
    receivedAt,
  });
}

function rejectOf(event: DecodedChange, problem: { column: string; value: string; reason: string }): DecodedReject {
  return { outcome: "rejected", reason: problem.reason, field: problem.column, value: problem.value, table: event.table, op: event.op, rowKey: event.rowKey, position: event.position, digest: event.digest };
}

function applyOne(db: Db, s: Statements, event: DecodedChange, changeImport: ChangeEventImport): { outcome: CdcOutcome; reject?: DecodedReject } {
  return db.$client
    .transaction((): { outcome: CdcOutcome; reject?: DecodedReject } => {
      const last = s.lastPosition.get(event.table, event.rowKey) as SourcePosition | undefined;
      if (last && comparePositions(event.position, last) <= 0) return { outcome: "skipped" };
      const { change } = event;
      const savePosition = () => s.savePosition.run({ table: event.table, rowKey: event.rowKey, ...event.position, op: event.op, sourceTsMs: event.sourceTsMs });

      let released: Pending[] = [];
      if (change.kind === "invoice_line_items" && change.op === "upsert") {
        const { invoiceId, itemId, quantity } = change.row;
        if (s.hasInvoice.get(invoiceId) === undefined || s.hasSku.get(itemId) === undefined) {
          s.hold.run(invoiceId, itemId, quantity);
          savePosition();
          return { outcome: "applied" };
        }
        s.release.run(invoiceId, itemId);
      } else if (change.op === "delete") {
        if (change.kind === "invoice_line_items") s.release.run(...change.key);
        if (change.kind === "invoices") s.releaseInvoice.run(change.key);
        if (change.kind === "accounts") s.releaseAccount.run(change.key);
      } else if (change.kind === "invoices") {
        released = s.readyForInvoice.all(change.row.invoiceId) as Pending[];
      } else if (change.kind === "skus") {
        released = s.readyForSku.all(change.row.itemId) as Pending[];
      }

      const batch: RowChange[] = [change, ...released.map((row): RowChange => ({ kind: "invoice_line_items", op: "upsert", row }))];
      const result = applyChanges(db, batch, { importId: changeImport.idForEvent() });
      const rejectedAt = new Map(result.rejects.map((r) => [r.index, r]));
      // A waiting line the loader refused (its invoice was refused too) keeps waiting.
      released.forEach((line, i) => {
        if (!rejectedAt.has(i + 1)) s.release.run(line.invoiceId, line.itemId);
      });
      const own = rejectedAt.get(0);
      if (own) {
        const reject = rejectOf(event, { column: own.column, value: own.value, reason: `failed validation: ${own.column}: ${own.reason}` });
        return recordReject(s, reject) ? { outcome: "rejected", reject } : { outcome: "skipped" };
      }
      savePosition();
      return { outcome: "applied" };
    })
    .immediate();
}

export type ApplyEventsOptions = {
  /** Who the import is logged as started by, when the call logs its own. */
  startedBy?: string;
  /** The index of the first value, for the errors of a batch read in parts. */
  firstIndex?: number;
  /** The import of a replay that calls this once per line; the caller finishes it. */
  changeImport?: ChangeEventImport;
};

/**
 * Applies event values (each one a Debezium event, or null for a tombstone) in order. A bad
 * event is recorded in cdc_rejects and reported; the events after it still apply. Without a
 * `changeImport`, the call is logged as one import of its own, finished when it returns.
 */
export function applyDebeziumEvents(db: Db, values: readonly unknown[], options: ApplyEventsOptions = {}): CdcResult {
  const changeImport = options.changeImport ?? new ChangeEventImport(db, options.startedBy ?? "cdc");
  try {
    return applyAll(db, values, changeImport, options.firstIndex ?? 0);
  } finally {
    if (!options.changeImport) changeImport.finish();
  }
}

function applyAll(db: Db, values: readonly unknown[], changeImport: ChangeEventImport, firstIndex: number): CdcResult {
  const s = statementsFor(db);
  const result = emptyResult();
  // Whatever becomes of an event, its count commits with it: an event that rolls back is not counted.
  const applyEvent = db.$client.transaction((decoded: DecodedEvent): { outcome: CdcOutcome; reject?: DecodedReject } => {
    let reject: DecodedReject | undefined;
    let outcome: CdcOutcome;
    if (decoded.outcome === "ignored") outcome = "ignored";
    else if (decoded.outcome === "rejected") {
      reject = decoded;
      outcome = recordReject(s, decoded) ? "rejected" : "skipped";
    } else ({ outcome, reject } = applyOne(db, s, decoded, changeImport));
    countEvent(s, decoded, outcome);
    return { outcome, reject };
  });
  values.forEach((value, i) => {
    const index = firstIndex + i;
    const decoded = decodeDebeziumEvent(value);
    const { outcome, reject } = changeImport.withinEvent(() => applyEvent.immediate(decoded));
    result[outcome] += 1;
    if (outcome === "rejected" && reject) {
      result.errors.push({ index, table: reject.table, position: reject.position, field: reject.field, value: reject.value, reason: reject.reason });
    }
  });
  result.waitingLines = s.waiting.get() as number;
  return result;
}

/** Adds one result's counts to another's, for a replay read in chunks. */
export function addResults(total: CdcResult, part: CdcResult): CdcResult {
  return {
    applied: total.applied + part.applied,
    skipped: total.skipped + part.skipped,
    ignored: total.ignored + part.ignored,
    rejected: total.rejected + part.rejected,
    waitingLines: part.waitingLines,
    errors: [...total.errors, ...part.errors],
  };
}

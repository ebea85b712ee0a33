import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/*
 * The change-event consumer's bookkeeping (etl/cdc). Positions are MySQL binlog coordinates:
 * `pos` restarts in every binlog file, so the file's sequence number is kept as its own column
 * and compared first.
 */

/**
 * Grain: one row per source row (table and primary key), deleted rows included, so a late
 * redelivery of an older change to a deleted row is still recognised as old.
 */
export const cdcPositions = sqliteTable(
  "cdc_positions",
  {
    tableName: text("table_name").notNull(),
    /** The primary key as JSON: `12` or `[12,"0-7127-8604-X"]`. */
    rowKey: text("row_key").notNull(),
    binlogFile: text("binlog_file").notNull(),
    fileNumber: integer("file_number").notNull(),
    pos: integer("pos").notNull(),
    row: integer("row").notNull(),
    op: text("op", { enum: ["c", "u", "d", "r"] }).notNull(),
    /** When the source database made the change (source.ts_ms), for the consumer's lag. */
    sourceTsMs: integer("source_ts_ms"),
    appliedAt: text("applied_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowKey] })],
);

/**
 * Grain: one row per (invoice_id, item_id). Lines whose invoice or SKU has not arrived yet (a
 * snapshot reads invoice_line_items before invoices and skus); each moves to staging, priced
 * from the catalogue then, in the transaction that brings its last missing parent.
 */
export const cdcPendingLines = sqliteTable(
  "cdc_pending_lines",
  {
    invoiceId: integer("invoice_id").notNull(),
    itemId: text("item_id").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.itemId] }), index("cdc_pending_lines_item_idx").on(t.itemId)],
);

/**
 * Grain: one row per distinct rejected event. `event_digest` covers the position and the row
 * images, not the envelope's timestamps, so a redelivery of a rejected event is recognised.
 */
export const cdcRejects = sqliteTable(
  "cdc_rejects",
  {
    rejectId: integer("reject_id").primaryKey({ autoIncrement: true }),
    receivedAt: text("received_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    eventDigest: text("event_digest").notNull(),
    tableName: text("table_name"),
    rowKey: text("row_key"),
    binlogFile: text("binlog_file"),
    pos: integer("pos"),
    row: integer("row"),
    op: text("op"),
    field: text("field"),
    value: text("value"),
    reason: text("reason").notNull(),
  },
  (t) => [uniqueIndex("cdc_rejects_digest_idx").on(t.eventDigest), index("cdc_rejects_received_idx").on(t.receivedAt)],
);

/**
 * Grain: one row per source table an event named ('' for events that name none: tombstones,
 * transaction markers, and rejects without a source). What became of every event, and the last
 * change applied, for the admin page and the health endpoint's lag. Upserted once per event, in
 * the event's own transaction, so the counts always agree with what was applied.
 */
export const cdcTableStats = sqliteTable("cdc_table_stats", {
  tableName: text("table_name").primaryKey(),
  applied: integer("applied").notNull().default(0),
  skipped: integer("skipped").notNull().default(0),
  ignored: integer("ignored").notNull().default(0),
  rejected: integer("rejected").notNull().default(0),
  /** The source position of the last event applied, in the order they were applied. */
  lastBinlogFile: text("last_binlog_file"),
  lastPos: integer("last_pos"),
  lastRow: integer("last_row"),
  /** When the source database made the last applied change (source.ts_ms). */
  lastSourceTsMs: integer("last_source_ts_ms"),
  lastAppliedAt: text("last_applied_at"),
  /** When this consumer last received an event of the table, whatever became of it. */
  lastReceivedAt: text("last_received_at").notNull(),
});

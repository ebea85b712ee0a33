import { getDb, type Db } from "../db/client";
import { prepared } from "./statements";

/*
 * Reads on the change-event consumer's bookkeeping (cdc_table_stats, cdc_rejects), which etl/cdc
 * writes with every event: the admin page's view of the consumer, and the health endpoint's lag.
 */

/** A MySQL binlog coordinate as the consumer stored it. */
export type CdcPosition = { binlogFile: string; pos: number; row: number };

export type CdcTableState = {
  /** The source table the events named; null for events that name none (tombstones, transaction markers, rejects without a source). */
  tableName: string | null;
  applied: number;
  skipped: number;
  ignored: number;
  rejected: number;
  /** The source position of the last event applied, null before one applied. */
  lastPosition: CdcPosition | null;
  /** When the source database made the last applied change (its source.ts_ms), as an ISO timestamp. */
  lastEventAt: string | null;
  /** When this consumer applied it. */
  lastAppliedAt: string | null;
  /** When this consumer last received an event of the table, whatever became of it. */
  lastReceivedAt: string;
};

type TableRow = Omit<CdcTableState, "lastPosition" | "lastEventAt"> & {
  tableName: string;
  lastBinlogFile: string | null;
  lastPos: number | null;
  lastRow: number | null;
  lastSourceTsMs: number | null;
};

const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function positionOf(binlogFile: string | null, pos: number | null, row: number | null): CdcPosition | null {
  return binlogFile === null || pos === null ? null : { binlogFile, pos, row: row ?? 0 };
}

/** Every table the consumer has had an event for, in name order; the events without a table last. Empty before the first event. */
export function getCdcTables(db: Db = getDb()): CdcTableState[] {
  const rows = prepared(
    db,
    `select table_name as tableName, applied, skipped, ignored, rejected, last_binlog_file as lastBinlogFile, last_pos as lastPos,
            last_row as lastRow, last_source_ts_ms as lastSourceTsMs, last_applied_at as lastAppliedAt, last_received_at as lastReceivedAt
     from cdc_table_stats order by table_name = '', table_name`,
  ).all() as TableRow[];
  return rows.map(({ tableName, lastBinlogFile, lastPos, lastRow, lastSourceTsMs, ...counts }) => ({
    ...counts,
    tableName: tableName === "" ? null : tableName,
    lastPosition: positionOf(lastBinlogFile, lastPos, lastRow),
    lastEventAt: isoOf(lastSourceTsMs),
  }));
}

export type CdcRejectRow = {
  rejectId: number;
  receivedAt: string;
  tableName: string | null;
  /** The primary key as JSON, when the event got as far as naming one. */
  rowKey: string | null;
  position: CdcPosition | null;
  op: string | null;
  field: string | null;
  value: string | null;
  reason: string;
};

/** The newest rejected events first, and how many there are in all. */
export function getCdcRejects(limit: number, db: Db = getDb()): { rows: CdcRejectRow[]; total: number } {
  const total = prepared(db, `select count(*) from cdc_rejects`).pluck().get() as number;
  const rows = prepared(
    db,
    `select reject_id as rejectId, received_at as receivedAt, table_name as tableName, row_key as rowKey, binlog_file as binlogFile,
            pos, "row", op, field, value, reason
     from cdc_rejects order by reject_id desc limit ?`,
  ).all(limit) as (Omit<CdcRejectRow, "position"> & { binlogFile: string | null; pos: number | null; row: number | null })[];
  return { rows: rows.map(({ binlogFile, pos, row, ...r }) => ({ ...r, position: positionOf(binlogFile, pos, row) })), total };
}

export type CdcLag = {
  /** When the source database made the newest change applied (its source.ts_ms); null before any applied. */
  lastEventAt: string | null;
  /** `now` minus that time, never below 0 (the two clocks may disagree by a little); null before any applied. */
  lagMs: number | null;
};

/**
 * How far the store is behind the source: from the newest change applied to any table. A quiet
 * source looks like a growing lag too, since nothing newer has happened to apply. One row per
 * source table, so the read stays a handful of rows however many events arrive.
 */
export function getCdcLag(db: Db = getDb(), now: number = Date.now()): CdcLag {
  const newest = prepared(db, `select max(last_source_ts_ms) from cdc_table_stats`).pluck().get() as number | null;
  if (newest === null) return { lastEventAt: null, lagMs: null };
  return { lastEventAt: isoOf(newest), lagMs: Math.max(0, now - newest) };
}

import type * as Arrow from "apache-arrow";
import type Database from "better-sqlite3";

/** How a column's values are stored: the amount as a decimal of its cents, dates as day numbers. */
export type ParquetKind = "decimal" | "date" | "int64" | "int32" | "double";
export type ParquetLayout = { name: string; kind: ParquetKind; nullable: boolean };

export function parquetSchema(arrow: typeof Arrow, columns: ParquetLayout[]): Arrow.Schema;

export function readParquetBatch(
  statement: Database.Statement,
  range: [number, number],
  arrow: typeof Arrow,
  schema: Arrow.Schema,
  columns: ParquetLayout[],
): { rows: number; ipc: Uint8Array };

import type Database from "better-sqlite3";

/** How a column's values are stored: the amount as a decimal of its cents, dates as day numbers. */
export type ParquetKind = "decimal" | "date" | "int64" | "int32" | "double";
export type ParquetLayout = { name: string; kind: ParquetKind; nullable: boolean };

/** The IPC schema message of the exported columns. */
export function ipcSchemaMessage(columns: ParquetLayout[]): Uint8Array;

export function readParquetBatch(
  statement: Database.Statement,
  range: [number, number],
  schemaMessage: Uint8Array,
  columns: ParquetLayout[],
): { rows: number; ipc: Uint8Array };

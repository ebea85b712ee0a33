import type Database from "better-sqlite3";

/**
 * Drops a table's secondary indexes and returns the function that recreates them. Writing a
 * large share of a table's rows is several times faster this way: each index is then built by
 * one sort at the end instead of taking every row at a random place in its B-tree. Call both
 * inside one transaction, so a rollback brings the indexes back with the data.
 */
export function dropSecondaryIndexes(sqlite: Database.Database, table: string): () => void {
  const indexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`)
    .all(table) as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`drop index "${index.name}"`);
  return () => {
    for (const index of indexes) sqlite.exec(index.sql);
  };
}

import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { resolveDatabasePath } from "../env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Opens a SQLite file (or ":memory:"), applies pending migrations and returns a Drizzle handle.
 * WAL lets the dashboard keep reading the last committed data while an import writes.
 */
export function openDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("busy_timeout = 5000");
  // Large imports sort and aggregate millions of rows; spill temp work to disk, not the heap.
  sqlite.pragma("temp_store = FILE");
  sqlite.pragma("cache_size = -65536");
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder });
  return db as Db;
}

const globalForDb = globalThis as unknown as { paymentInsightsDb?: Db };

/**
 * The process-wide handle the dashboard reads through; cached on globalThis so hot reload does
 * not leak handles. It is query-only: a page that tried to write would fail at once instead of
 * waiting on an import's lock. Imports, model builds and the app's own actions write through
 * handles of their own (openDb).
 */
export function getDb(): Db {
  if (!globalForDb.paymentInsightsDb) {
    const db = openDb(resolveDatabasePath());
    db.$client.pragma("query_only = ON");
    globalForDb.paymentInsightsDb = db;
  }
  return globalForDb.paymentInsightsDb;
}

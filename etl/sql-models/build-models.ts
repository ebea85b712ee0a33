import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { unpaidAtSql } from "../../lib/sql/rules";
import { dropSecondaryIndexes } from "./staging/deferred-indexes";
import { firstChangedMonth, rememberMonthlyInputs } from "./changed-months";
import { models, type TableModelSpec, type ViewModelSpec } from "./dag";
import { expandMacros } from "./macros";

export type BuildScope = "all" | readonly number[];

export type ModelBuildStats = { name: string; rows: number; ms: number };

// Not a `new URL(...)` of the file name against import.meta.url: inside the Next server the
// bundler resolves that pattern to another model's file. This module's folder is the same in the
// bundle and under tsx.
const modelsDir = path.dirname(fileURLToPath(import.meta.url));

// Each model's file sits in its layer's folder, named by the model; the prefix names the layer.
const layerDirs = { int_: "intermediate", mart_: "marts" } as const;

function modelFile(name: string): string {
  const prefix = (Object.keys(layerDirs) as (keyof typeof layerDirs)[]).find((p) => name.startsWith(p));
  if (!prefix) throw new Error(`model ${name} is named for no layer (int_ or mart_)`);
  return path.join(modelsDir, layerDirs[prefix], `${name}.sql`);
}
const sqlCache = new Map<string, string>();

/**
 * SQLite's page cache while models build, in KiB as a negative number (PRAGMA cache_size). A
 * larger cache does not make the builds faster (at scale 100 an import took as long with 4, 16
 * or 64 MB), but SQLite lets every sorter hold as much as the cache before it spills to disk,
 * and one statement can run several at once: mart_receivables_monthly runs eight, which took
 * 44 MB at 4 MB, 145 MB at 16 MB and 365 MB at the dashboard connection's 64 MB.
 */
export const buildCacheSize = -4 * 1024;

/** Switches the connection to buildCacheSize; returns the function that gives it its own back. */
export function switchToBuildCache(sqlite: Database.Database): () => void {
  const connectionCacheSize = sqlite.pragma("cache_size", { simple: true }) as number;
  sqlite.pragma(`cache_size = ${buildCacheSize}`);
  return () => sqlite.pragma(`cache_size = ${connectionCacheSize}`);
}

/** Ends each line of a model that limits it to temp.build_scope's accounts. */
export const SCOPED_ONLY_MARKER = "-- scoped builds only";

/**
 * A model's select, its macros expanded (etl/sql-models/macros.ts). As written it is scoped to
 * temp.build_scope's accounts; for all accounts the lines marked SCOPED_ONLY_MARKER are left
 * out (dbt's is_incremental() filter, without Jinja). Kept in, they make SQLite walk each
 * account's index entries and fetch rows out of order instead of scanning the table: 2.7 s of
 * a 21.6 s full build at scale 100. The lines go before the macros expand, as an expansion may
 * span lines.
 */
export function readModelSql(name: string, scope: "all" | "scoped" = "scoped"): string {
  const key = `${name}:${scope}`;
  let text = sqlCache.get(key);
  if (text === undefined) {
    text = fs.readFileSync(modelFile(name), "utf8");
    if (scope === "all") text = text.split("\n").filter((line) => !line.trimEnd().endsWith(SCOPED_ONLY_MARKER)).join("\n");
    text = expandMacros(text, `${name}.sql`);
    sqlCache.set(key, text);
  }
  return text;
}

/**
 * The data's as-of date, which the stored labels and the dashboard's default use: the latest day
 * on which anything in the data happened, an invoice issued or a payment made. The latest issue
 * date alone would leave the payments made after it unknown, and list paid invoices as open.
 */
export function getDataCutoff(sqlite: Database.Database): string | null {
  return (
    (sqlite
      .prepare(`select max(day) from (select max(date_issued) as day from stg_invoices union all select max(payment_date) from stg_invoices)`)
      .pluck()
      .get() as string | null) ?? null
  );
}

/**
 * A digest of every model's SQL as this release writes it. A full build stores it; a scoped build
 * is only sound on marts that the same SQL built, so an import after a release that changed a
 * model rebuilds everything (etl/sql-models/changed-accounts.ts).
 */
export function modelsDigest(): string {
  const hash = createHash("sha256");
  for (const model of models) hash.update(`${model.name}\n${readModelSql(model.name, "all")}\n`);
  return hash.digest("hex");
}

/** The digest of the SQL that last built every model, or null before any full build. */
export function builtModelsDigest(sqlite: Database.Database): string | null {
  return (sqlite.prepare(`select value from etl_state where key = 'models_digest'`).pluck().get() as string | undefined) ?? null;
}

/**
 * Prepares the temp tables every model reads: the accounts in scope and the as-of date.
 * Exported so a read (the export at another as-of date) can run a model's select directly.
 */
export function setBuildContext(sqlite: Database.Database, scope: BuildScope, asOf: string): void {
  sqlite.exec(`
    create temp table if not exists build_scope (account_id integer primary key);
    create temp table if not exists build_params (as_of text not null, from_month text);
    delete from temp.build_scope;
    delete from temp.build_params;
  `);
  if (scope === "all") {
    sqlite.exec(`insert into temp.build_scope select account_id from stg_accounts`);
  } else {
    const insert = sqlite.prepare(`insert or ignore into temp.build_scope values (?)`);
    for (const id of scope) insert.run(id);
  }
  sqlite.prepare(`insert into temp.build_params (as_of) values (?)`).run(asOf);
}

/**
 * Fills temp.build_relabel with the invoices whose label can differ between two cut-offs (none
 * when they are equal). A label is fixed once the invoice is paid, and is 1 from the day an
 * unpaid invoice turns 31 days old, paid or not after that. So only invoices still open at the
 * earlier cut-off and at most 30 days old then (or issued since) can change.
 */
function setRelabelled(sqlite: Database.Database, previousCutoff: string | null, cutoff: string | null): void {
  sqlite.exec(`
    create temp table if not exists build_relabel (invoice_id integer primary key);
    delete from temp.build_relabel;
  `);
  if (previousCutoff === null || cutoff === null || previousCutoff === cutoff) return;
  sqlite
    .prepare(
      `insert into temp.build_relabel
       select invoice_id from stg_invoices
       where date_issued > date(@earlier, '-31 days') and ${unpaidAtSql("stg_invoices", "@earlier")}`,
    )
    .run({ earlier: previousCutoff < cutoff ? previousCutoff : cutoff });
}

/**
 * Creates or replaces a view model when its SQL differs from the stored one. Replacing it is a
 * schema change, which every connection's prepared statements then re-prepare for, so an
 * unchanged view is left alone.
 */
function buildView(sqlite: Database.Database, model: ViewModelSpec): ModelBuildStats {
  const started = performance.now();
  // As SQLite stores it: the first two keywords in capitals, no trailing white space.
  const statement = `CREATE VIEW ${model.name} as\n${readModelSql(model.name, "all").trimEnd()}`;
  const stored = sqlite.prepare(`select sql from sqlite_master where name = ?`).pluck().get(model.name) as string | undefined;
  if (stored !== statement) {
    sqlite.exec(`drop view if exists ${model.name}`);
    sqlite.exec(statement);
  }
  return { name: model.name, rows: 0, ms: performance.now() - started };
}

function buildModel(sqlite: Database.Database, model: TableModelSpec, isFull: boolean): ModelBuildStats {
  const started = performance.now();
  const sql = readModelSql(model.name, isFull ? "all" : "scoped");
  const columns = sqlite
    .prepare(sql)
    .columns()
    .map((c) => `"${c.name}"`)
    .join(", ");
  const insert = () => sqlite.prepare(`insert into ${model.name} (${columns}) ${sql}`).run().changes;
  let rows = 0;
  const { by, column } = model.scopedBy;
  if (isFull) {
    // A whole rebuild sorts each index once at the end instead of updating it row by row.
    const restoreIndexes = dropSecondaryIndexes(sqlite, model.name);
    sqlite.exec(`delete from ${model.name}`);
    rows = insert();
    restoreIndexes();
  } else if (by === "account") {
    const relabelled = model.relabelColumn ? ` or ${model.relabelColumn} in (select invoice_id from temp.build_relabel)` : "";
    sqlite.exec(`delete from ${model.name} where ${column} in (select account_id from temp.build_scope)${relabelled}`);
    rows = insert();
  } else if (sqlite.prepare(`select from_month from temp.build_params`).pluck().get() !== null) {
    sqlite.exec(`delete from ${model.name} where ${column} >= (select from_month from temp.build_params)`);
    rows = insert();
  }
  return { name: model.name, rows, ms: performance.now() - started };
}

/**
 * Rebuilds every model, in DAG order, for all accounts or only the given ones. Call it inside
 * the import's transaction so readers switch from the old marts to the new ones in one step.
 *
 * The labels depend on the data cut-off. When a scoped build moves it, the models that hold
 * labels also rebuild the rows of every invoice whose label can change (temp.build_relabel).
 */
export function buildModels(
  sqlite: Database.Database,
  scope: BuildScope,
  onModel?: (stats: ModelBuildStats) => void,
): ModelBuildStats[] {
  const cutoff = getDataCutoff(sqlite);
  const previousCutoff =
    (sqlite.prepare(`select value from etl_state where key = 'data_cutoff'`).pluck().get() as string | undefined) ?? null;
  const isFull = scope === "all";
  setBuildContext(sqlite, scope, cutoff ?? "0000-00-00");
  if (!isFull) {
    setRelabelled(sqlite, previousCutoff, cutoff);
    rememberMonthlyInputs(sqlite);
  }
  const stats: ModelBuildStats[] = [];
  const restoreCache = switchToBuildCache(sqlite);
  try {
    for (const model of models) {
      // The models before a month-scoped one are rebuilt by now: compare them with before the batch.
      if (!isFull && model.materialized !== "view" && model.scopedBy.by === "month") {
        sqlite.prepare(`update temp.build_params set from_month = ?`).run(firstChangedMonth(sqlite, previousCutoff, cutoff));
      }
      const s = model.materialized === "view" ? buildView(sqlite, model) : buildModel(sqlite, model, isFull);
      stats.push(s);
      onModel?.(s);
    }
  } finally {
    restoreCache();
  }
  // The dashboard reads the data's date range from here rather than scanning the models for it.
  const issued = sqlite.prepare(`select min(date_issued) as first, max(date_issued) as last from stg_invoices`).get() as {
    first: string | null;
    last: string | null;
  };
  setState(sqlite, "data_cutoff", cutoff);
  setState(sqlite, "first_issued", issued.first);
  setState(sqlite, "last_issued", issued.last);
  if (isFull) setState(sqlite, "models_digest", modelsDigest());
  bumpMartsGeneration(sqlite);
  return stats;
}

/**
 * Marks the marts or the model's scores as changed, in the writer's transaction. The dashboard
 * keeps what it computed from them until this moves; the app's own writes (sessions, outreach
 * entries) commit too, and must not throw that away.
 */
export function bumpMartsGeneration(sqlite: Database.Database): void {
  sqlite
    .prepare(
      `insert into etl_state (key, value) values ('marts_generation', '1')
       on conflict (key) do update set value = cast(cast(value as integer) + 1 as text)`,
    )
    .run();
}

function setState(sqlite: Database.Database, key: string, value: string | null): void {
  if (value === null) sqlite.prepare(`delete from etl_state where key = ?`).run(key);
  else sqlite.prepare(`insert into etl_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`).run(key, value);
}

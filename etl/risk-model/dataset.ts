import type { Db } from "../../lib/db/client";
import { toDayNumber } from "../../lib/dates";
import { featureRowColumns, featureSets, featureVector, type InvoiceFeatureRow } from "../../lib/risk-model/features";
import type { Matrix } from "../../lib/risk-model/logistic";
import { emptyHistogram, survivalCurve, TERMS_DAYS } from "../../lib/risk-model/scoring";
import { getDataCutoff } from "../sql-models/build-models";

/*
 * The invoices of mart_invoice_features in memory, column by column in typed arrays (about
 * 110 bytes an invoice), in inv_id order. The feature matrix holds the model's feature set;
 * the baselines use subsets of its columns.
 *
 * Beyond MAX_ACCOUNTS accounts, a fixed sample of accounts (by a hash of the account id) is
 * read: training, evaluation and the backtest then cost the same at any scale (~100k
 * invoices), and every invoice of a sampled account is there, so histories stay whole.
 */

/** The real extracts have 200 accounts, generator scale 10 has 2,000: all read in full. */
export const MAX_ACCOUNTS = 2_000;

export const MODEL_FEATURES: readonly string[] = featureSets.model;

export type Dataset = {
  size: number;
  invId: Int32Array;
  acctId: Int32Array;
  issuedDay: Int32Array;
  /** -1 while unpaid. */
  paidDay: Int32Array;
  totalCents: Float64Array;
  /** The label at the data cut-off: 1 late, 0 on time, -1 not known yet. */
  isLate: Int8Array;
  /** Row-major, MODEL_FEATURES.length columns, float32 to halve the memory. */
  features: Float32Array;
  dataCutoffDay: number;
};

const NO_DAY = -1;

function day(iso: string | null): number {
  if (iso === null) return NO_DAY;
  const d = toDayNumber(iso);
  if (d === null) throw new Error(`not a date: ${iso}`);
  return d;
}

/** Account ids whose multiplicative hash falls below the threshold: a fixed, evenly spread sample. */
const SAMPLED_ACCOUNTS_SQL = `select account_id from stg_accounts where (account_id * 2654435761) % 4294967296 < @threshold`;

export function loadDataset(db: Db, options: { maxAccounts?: number } = {}): Dataset {
  const sqlite = db.$client;
  const maxAccounts = options.maxAccounts ?? MAX_ACCOUNTS;
  const accounts = sqlite.prepare(`select count(*) from stg_accounts`).pluck().get() as number;
  const threshold = accounts <= maxAccounts ? 2 ** 32 : Math.floor((maxAccounts / accounts) * 2 ** 32);
  const scope = `where f.acct_id in (${SAMPLED_ACCOUNTS_SQL})`;
  const size = sqlite.prepare(`select count(*) from mart_invoice_features as f ${scope}`).pluck().get({ threshold }) as number;
  // The data's as-of date is everyone's, sampled or not.
  const cutoff = getDataCutoff(sqlite);
  const k = MODEL_FEATURES.length;
  const data: Dataset = {
    size,
    invId: new Int32Array(size),
    acctId: new Int32Array(size),
    issuedDay: new Int32Array(size),
    paidDay: new Int32Array(size),
    totalCents: new Float64Array(size),
    isLate: new Int8Array(size),
    features: new Float32Array(size * k),
    dataCutoffDay: cutoff === null ? NO_DAY : day(cutoff),
  };
  const fields = Object.keys(featureRowColumns) as (keyof InvoiceFeatureRow)[];
  const select = fields.map((f) => `f.${featureRowColumns[f]}`).join(", ");
  const statement = sqlite
    .prepare(
      `select f.inv_id, f.acct_id, f.date_issued, f.payment_date, t.total_cents, f.is_late, ${select}
       from mart_invoice_features as f
       join mart_invoices as t on t.invoice_id = f.inv_id
       ${scope}
       order by f.inv_id`,
    )
    .raw()
    .bind({ threshold });
  let i = 0;
  const row = {} as Record<keyof InvoiceFeatureRow, number | null>;
  for (const values of statement.iterate() as IterableIterator<unknown[]>) {
    data.invId[i] = values[0] as number;
    data.acctId[i] = values[1] as number;
    data.issuedDay[i] = day(values[2] as string);
    data.paidDay[i] = day(values[3] as string | null);
    data.totalCents[i] = values[4] as number;
    data.isLate[i] = values[5] === null ? -1 : (values[5] as number);
    for (let f = 0; f < fields.length; f++) row[fields[f]!] = values[6 + f] as number | null;
    const vector = featureVector(MODEL_FEATURES, row as InvoiceFeatureRow);
    for (let j = 0; j < k; j++) data.features[i * k + j] = vector[j]!;
    i++;
  }
  if (i !== size) throw new Error(`loadDataset: read ${i} rows, expected ${size}`);
  return data;
}

/** Columns of the dataset's features for the given rows, as a float64 matrix for fitting. */
export function designMatrix(data: Dataset, rows: ArrayLike<number>, featureNames: readonly string[]): Matrix {
  const k = MODEL_FEATURES.length;
  const columns = featureNames.map((name) => {
    const index = MODEL_FEATURES.indexOf(name);
    if (index < 0) throw new Error(`feature ${name} is not in the dataset`);
    return index;
  });
  const values = new Float64Array(rows.length * columns.length);
  for (let r = 0; r < rows.length; r++) {
    const base = rows[r]! * k;
    for (let c = 0; c < columns.length; c++) values[r * columns.length + c] = data.features[base + columns[c]!]!;
  }
  return { values, rows: rows.length, columns: columns.length };
}

export function labelsOf(data: Dataset, rows: ArrayLike<number>): Uint8Array {
  const y = new Uint8Array(rows.length);
  for (let r = 0; r < rows.length; r++) y[r] = data.isLate[rows[r]!]!;
  return y;
}

/** A 32-bit mix of the invoice id: a sample keyed by id, so the same data gives the same sample. */
function idHash(id: number): number {
  let h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Keeps at most about `limit` of the rows, chosen by a hash of the invoice id. */
export function sampleRows(data: Dataset, rows: number[], limit: number): number[] {
  if (rows.length <= limit) return rows;
  const threshold = (limit / rows.length) * 2 ** 32;
  return rows.filter((r) => idHash(data.invId[r]!) < threshold);
}

/**
 * Rows whose outcome was known at `asOfDay` without bias: issued more than 30 days before it.
 * (Younger invoices are known only when already paid, which would teach the model that recent
 * invoices are paid on time.) Their label at the data cut-off equals the label known then.
 */
export function rowsKnownAt(data: Dataset, asOfDay: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < data.size; i++) if (data.issuedDay[i]! <= asOfDay - 31 && data.isLate[i]! >= 0) rows.push(i);
  return rows;
}

/** S(0..30) from the on-time payments made by `day` (paid 0-30 days after issue). */
export function onTimeSurvivalAt(data: Dataset, day: number): number[] {
  const histogram = emptyHistogram();
  for (let i = 0; i < data.size; i++) {
    const paid = data.paidDay[i]!;
    const days = paid - data.issuedDay[i]!;
    if (paid >= 0 && paid <= day && days >= 0 && days <= TERMS_DAYS) histogram[days]!++;
  }
  return survivalCurve(histogram);
}

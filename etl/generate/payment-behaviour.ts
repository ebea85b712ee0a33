import type { Sfc32 } from "./prng";

/**
 * How accounts buy and pay, fitted to the real extracts (see docs/generator.md for the numbers).
 */

/** Invoices per account over the year: uniform 1..99 in the real extract (mean 48.4). */
export const INVOICES_PER_ACCOUNT = { min: 1, max: 99 } as const;

/** Days from issue to payment. The real data never pays on day 31: on time is 25–30, late is 32–60. */
export const ON_TIME_DELAY = { min: 25, max: 30 } as const;
export const LATE_DELAY = { min: 32, max: 60 } as const;

/** Lines per invoice: uniform 2..9 (mean 5.5); quantities uniform 1..4. */
export const LINES_PER_INVOICE = { min: 2, max: 9 } as const;
export const QUANTITY = { min: 1, max: 4 } as const;

/**
 * Each account's probability of paying an invoice late, fixed for the whole year.
 *
 * In the real extract lateness falls steeply with how often an account buys (correlation −0.59):
 * accounts with under 20 invoices pay late about 58% of the time, some always, while accounts
 * with 90+ invoices are late under 2% of the time and a third of them never. The ceiling is
 * roughly 1 − n/100 and, the more an account buys, the more its rate piles up near zero.
 * `(1 − n/100)^0.75 · u^(0.25 + 3.5·n/100)` with u uniform reproduces the ceiling, the pile-up,
 * the ~15% share of late invoices and the ~20% of never-late accounts (fitted by simulation).
 */
export function drawLateProbability(rng: Sfc32, invoiceCount: number): number {
  const activity = invoiceCount / 100;
  return Math.pow(1 - activity, 0.75) * Math.pow(rng.float(), 0.25 + 3.5 * activity);
}

/**
 * Older accounts pay late less often, whatever their buying rate: in the real extract an account
 * that joined 2 years before the extract date is late about 4 times as often as one that joined
 * 5 years before, for the same invoice count (a Poisson fit gives −0.51 log per year of tenure).
 * Dividing by the factor's mean over the 2–5 years of tenure keeps the overall late share.
 */
export const LATE_LOG_RATE_PER_TENURE_YEAR = -0.5;
const TENURE_YEARS = { min: 2, max: 5 } as const;
const TENURE_MID = (TENURE_YEARS.min + TENURE_YEARS.max) / 2;
const TENURE_HALF_SPAN = (LATE_LOG_RATE_PER_TENURE_YEAR * (TENURE_YEARS.max - TENURE_YEARS.min)) / 2;
const TENURE_FACTOR_MEAN = Math.sinh(TENURE_HALF_SPAN) / TENURE_HALF_SPAN;

export function tenureFactor(tenureYears: number): number {
  return Math.exp(LATE_LOG_RATE_PER_TENURE_YEAR * (tenureYears - TENURE_MID)) / TENURE_FACTOR_MEAN;
}

/**
 * Within an account, the invoices with more lines are the late ones: in the real extract,
 * with an intercept per account, each extra line adds 0.975 to the log-odds of paying late
 * (±0.04, close to linear from 2 to 9 lines), and the invoice's value adds 0.35
 * (±0.13) on top, per unit of its log; quantities per line, timing and recent volume add nothing.
 */
export const LATE_LOG_ODDS_PER_LINE = 0.975;
export const LATE_LOG_ODDS_PER_LOG_VALUE = 0.35;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The account's log-odds at the middle line count that makes its invoices' mean probability,
 * over the uniform line counts, equal its rate `p`. So the line effect moves lateness between
 * an account's invoices without changing how late the account is overall.
 */
export function accountLateIntercept(p: number, lines: { min: number; max: number }): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const mid = (lines.min + lines.max) / 2;
  const meanAt = (c: number) => {
    let sum = 0;
    for (let n = lines.min; n <= lines.max; n++) sum += sigmoid(c + LATE_LOG_ODDS_PER_LINE * (n - mid));
    return sum / (lines.max - lines.min + 1);
  };
  // The mean is increasing in c; 60 halvings of [-60, 60] reach double precision.
  let lo = -60;
  let hi = 60;
  for (let i = 0; i < 60; i++) {
    const c = (lo + hi) / 2;
    if (meanAt(c) < p) lo = c;
    else hi = c;
  }
  return (lo + hi) / 2;
}

/**
 * One invoice's probability of being paid late. `valueRatio` is its total against the typical
 * total of an invoice with as many lines, so the value term does not count the lines again.
 */
export function invoiceLateProbability(intercept: number, lineCount: number, mid: number, valueRatio: number): number {
  if (!Number.isFinite(intercept)) return intercept > 0 ? 1 : 0;
  return sigmoid(intercept + LATE_LOG_ODDS_PER_LINE * (lineCount - mid) + LATE_LOG_ODDS_PER_LOG_VALUE * Math.log(valueRatio));
}

export function drawPaymentDelay(rng: Sfc32, lateProbability: number): number {
  return rng.chance(lateProbability)
    ? rng.int(LATE_DELAY.min, LATE_DELAY.max)
    : rng.int(ON_TIME_DELAY.min, ON_TIME_DELAY.max);
}

/**
 * Accounts that stopped paying some weeks before the extract date, so the dashboard's overdue
 * views have invoices unpaid for longer than any normal payment takes (60 days). The real
 * extract has none, being fully paid, but a live ledger always has a few.
 */
export const DELINQUENT_SHARE = 0.01;
/** How long before the extract date a delinquent account made its last payment. */
export const STOPPED_PAYING_DAYS_BEFORE_END = { min: 45, max: 120 } as const;
/** Only accounts this likely to pay late qualify, so the stuck debt sits with chronic late payers. */
export const DELINQUENT_MIN_LATE_PROBABILITY = 0.4;

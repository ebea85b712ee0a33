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

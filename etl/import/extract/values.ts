/**
 * Parsers for the scalar formats in the extracts. They return undefined rather than throwing,
 * so the row schemas can report which column failed and why.
 */

// Hand-rolled rather than Date-based: this runs for every row of a million-invoice import.
const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in `YYYY-MM-DD` form; 2021-02-30 is rejected, not rolled over. */
export function parseIsoDate(raw: string): string | undefined {
  const m = isoDatePattern.exec(raw);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 ? (isLeap ? 29 : 28) : monthLengths[month - 1]!;
  return day <= daysInMonth ? raw : undefined;
}

const decimalPattern = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Dollars text to integer cents by string arithmetic, so 0.29 never becomes 28.999… cents. */
export function parseCents(raw: string): number | undefined {
  const m = decimalPattern.exec(raw);
  if (!m) return undefined;
  const whole = Number(m[2]);
  const fraction = Number((m[3] ?? "").padEnd(2, "0"));
  const cents = whole * 100 + fraction;
  if (!Number.isSafeInteger(cents)) return undefined;
  return m[1] === "-" ? -cents : cents;
}

const integerPattern = /^-?\d+$/;

export function parseInteger(raw: string): number | undefined {
  if (!integerPattern.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Whole days from `from` to `to`, both ISO dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

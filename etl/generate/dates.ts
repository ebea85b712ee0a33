/** Dates as whole UTC days since 1970-01-01: integer arithmetic, no time zones to get wrong. */

const MS_PER_DAY = 86_400_000;
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a real calendar date `YYYY-MM-DD`, or undefined (2021-02-30 is not rolled over). */
export function parseEpochDay(iso: string): number | undefined {
  const m = isoPattern.exec(iso);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

export function formatEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Same calendar date `years` later (negative: earlier); 29 Feb falls back to 28 Feb. */
export function addYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear() + years;
  const month = d.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastOfMonth)) / MS_PER_DAY;
}

/**
 * Caches the labels of a day range: the invoice loop formats two dates per row, millions of
 * times, over a range of about 400 distinct days.
 */
export class DayLabels {
  private readonly labels: string[] = [];

  constructor(
    private readonly first: number,
    last: number,
  ) {
    for (let day = first; day <= last; day++) this.labels.push(formatEpochDay(day));
  }

  label(day: number): string {
    return this.labels[day - this.first] ?? formatEpochDay(day);
  }
}

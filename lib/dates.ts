import { z } from "zod";

/*
 * Dates are ISO `YYYY-MM-DD` text everywhere. Arithmetic goes through UTC day numbers so a
 * daylight-saving change in the server's time zone can never shift a due date by one day.
 */

const MS_PER_DAY = 86_400_000;

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a YYYY-MM-DD date")
  .refine((value) => toDayNumber(value) !== null, "Not a calendar date");

/** Days since 1970-01-01, or null when the text is not a real calendar date. */
export function toDayNumber(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function mustDayNumber(iso: string): number {
  const day = toDayNumber(iso);
  if (day === null) throw new Error(`Invalid ISO date: ${iso}`);
  return day;
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(mustDayNumber(iso) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return mustDayNumber(to) - mustDayNumber(from);
}

/** Last day of the month that contains `iso`. */
export function monthEnd(iso: string): string {
  const [y, m] = iso.split("-").map(Number) as [number, number];
  return fromDayNumber(Date.UTC(y, m, 0) / MS_PER_DAY);
}

export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)) / MS_PER_DAY);
}

export function daysInMonth(iso: string): number {
  return Number(monthEnd(iso).slice(8, 10));
}

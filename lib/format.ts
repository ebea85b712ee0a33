/*
 * Formatting at the edge: the database and queries work in integer cents and ISO dates;
 * only these helpers turn them into text for people.
 */

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const moneyWhole = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});
const moneyCompact = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});
const integer = new Intl.NumberFormat("en-US");
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const monthLabel = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const dayLabel = new Intl.DateTimeFormat("en-US", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

/** Whole dollars, for lists and reasons where cents are noise. */
export function formatMoneyWhole(cents: number): string {
  return moneyWhole.format(Math.round(cents / 100));
}

export function formatMoneyCompact(cents: number): string {
  return moneyCompact.format(cents / 100);
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** `share` is a fraction in [0, 1]; null means "no history yet". */
export function formatPercent(share: number | null): string {
  return share === null ? "—" : percent.format(share);
}

export function formatDays(days: number | null): string {
  if (days === null) return "—";
  return `${oneDecimal.format(days)} d`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return "—";
  return dayLabel.format(new Date(`${iso}T00:00:00Z`));
}

/** "Mar 2021" from an ISO date or a `YYYY-MM` month. */
export function formatMonth(iso: string): string {
  const date = iso.length === 7 ? `${iso}-01` : iso;
  return monthLabel.format(new Date(`${date}T00:00:00Z`));
}

export function formatTimestamp(iso: string | null): string {
  if (!iso) return "never";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A span of time in its two largest units ("3 h 12 min"), for lags and ages; under a second is "under 1 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return "under 1 s";
  const units: [string, number][] = [["d", 86_400], ["h", 3600], ["min", 60], ["s", 1]];
  let rest = Math.floor(ms / 1000);
  const parts: string[] = [];
  for (const [name, seconds] of units) {
    const n = Math.floor(rest / seconds);
    rest -= n * seconds;
    if (n > 0 || parts.length > 0) parts.push(`${integer.format(n)} ${name}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith("0 ")).join(" ");
}

/** Digits and a leading + only, so `tel:` links work for every stored phone format; extensions are dropped. */
export function toTelHref(phone: string): string {
  const withoutExtension = phone.split(/x|ext\.?/i)[0] ?? phone;
  const digits = withoutExtension.replace(/[^\d+]/g, "");
  return `tel:${digits}`;
}

const mib = 1024 * 1024;

/** File sizes in binary units, as file managers show them; shared by the page and the route's messages. */
export function formatSize(bytes: number): string {
  if (bytes >= mib) return `${(bytes / mib).toFixed(bytes >= 100 * mib ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

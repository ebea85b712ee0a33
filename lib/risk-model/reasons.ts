import { formatMoneyWhole } from "../format";
import { featureSpec, type FeatureGroup, type InvoiceFeatureRow } from "./features";

/*
 * Plain-language reasons for an account's score: the feature groups that pushed its log-odds
 * up the most, each said once in words a caller can use on the phone. Overdue money comes
 * first when there is any: an invoice past its terms is late whatever the model says.
 */

export type ReasonInput = {
  overdueCount: number;
  overdueCents: number;
  oldestOverdueAgeDays: number;
  openCount: number;
  openCents: number;
  /** Invoices on their due date (day 30) and unpaid: certain to be late unless paid today. */
  dueTodayCents?: number;
  /** Features of the account's newest open invoice: the freshest history the model saw. */
  latest: InvoiceFeatureRow;
  /** Per feature, its contribution to the log-odds, weighted over the account's open invoices. */
  contributions: Record<string, number>;
};

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

function historySentence(r: InvoiceFeatureRow): string {
  if (r.priorKnownInv === 0) return "No payment history yet";
  return `${r.priorLateInv} of ${plural(r.priorKnownInv, "earlier invoice")} paid late`;
}

function sentence(group: FeatureGroup, topFeature: string, input: ReasonInput): string {
  const r = input.latest;
  switch (group) {
    case "history":
      return historySentence(r);
    case "paying":
      if (r.priorMeanDaysToPay === null) return "Has not paid an invoice yet";
      return `Usually pays in ${Math.round(r.priorMeanDaysToPay)} days${r.priorMaxDaysToPay !== null && r.priorMaxDaysToPay > 30 ? `, up to ${r.priorMaxDaysToPay}` : ""}`;
    case "open":
      return `${plural(input.openCount, "invoice")} open, ${formatMoneyWhole(input.openCents)}`;
    case "buying":
      if (topFeature === "log_days_since_prev") {
        return r.daysSincePrevInv === null ? "First invoice on the account" : `First invoice in ${r.daysSincePrevInv} days`;
      }
      if (topFeature === "log_cum_inv") return `Only ${plural(r.cumTotInvAcct, "invoice")} so far`;
      return `${plural(r.numInv120d, "invoice")} in the previous 120 days`;
    case "invoice":
      if (topFeature === "inv_items") return `${plural(r.invItems, "item")} on the latest invoice`;
      if (topFeature === "inv_lines") return `${plural(r.invLines, "line")} on the latest invoice`;
      return `Latest invoice ${formatMoneyWhole(Math.round(r.invTotal * 100))}${r.totalVsPriorAvg !== null ? `, ${r.totalVsPriorAvg.toFixed(1)}× its average` : ""}`;
    case "account":
      return `Account only ${(r.acctAge / 365.25).toFixed(1)} years old`;
  }
}

/** Two or three reasons, the strongest first. */
export function explainAccount(input: ReasonInput): string[] {
  const reasons: string[] = [];
  if (input.overdueCount > 0) {
    // Worded as the dashboard's own overdue reason (outreachReasons below), so the list reads the same.
    reasons.push(`${formatMoneyWhole(input.overdueCents)} overdue, oldest ${input.oldestOverdueAgeDays} days`);
  }
  if (input.dueTodayCents) reasons.push(`${formatMoneyWhole(input.dueTodayCents)} due today and still unpaid`);
  const byGroup = new Map<FeatureGroup, { total: number; top: string; topValue: number }>();
  for (const [name, value] of Object.entries(input.contributions)) {
    const spec = featureSpec(name);
    if (!spec) continue;
    const entry = byGroup.get(spec.group) ?? { total: 0, top: name, topValue: -Infinity };
    entry.total += value;
    if (value > entry.topValue) Object.assign(entry, { top: name, topValue: value });
    byGroup.set(spec.group, entry);
  }
  const raising = [...byGroup.entries()].filter(([, g]) => g.total > 0.05).sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
  for (const [group, { top }] of raising) {
    if (reasons.length >= 3) break;
    const text = sentence(group, top, input);
    if (!reasons.includes(text)) reasons.push(text);
  }
  // Nothing raised the risk much: say what reassures, so the row still explains itself.
  for (const fallback of [historySentence(input.latest), sentence("open", "open_inv", input)]) {
    if (reasons.length >= 2) break;
    if (!reasons.includes(fallback)) reasons.push(fallback);
  }
  return reasons;
}

/*
 * Before any model is trained, or for an account it did not score, the list says why from the
 * account's receivables and payment history alone.
 */

export type ReasonInputs = {
  overdueCents: number;
  openCents: number;
  oldestAgeDays: number;
  paidCount: number;
  recentPaidCount: number;
  recentLateCount: number;
};

/** One or two short sentences a caller can say out loud; the most urgent first. */
export function outreachReasons(row: ReasonInputs): string[] {
  const reasons: string[] = [];
  if (row.overdueCents > 0) {
    reasons.push(`${formatMoneyWhole(row.overdueCents)} overdue, oldest ${row.oldestAgeDays} days`);
  }
  if (row.recentLateCount > 0) {
    reasons.push(`${row.recentLateCount} of the last ${row.recentPaidCount} invoices paid late`);
  } else if (row.paidCount === 0) {
    reasons.push("No payment history yet");
  } else if (reasons.length === 0) {
    reasons.push(`None of the last ${row.recentPaidCount} invoices paid late`);
  }
  if (reasons.length === 0) {
    reasons.push(`${formatMoneyWhole(row.openCents)} open, nothing overdue`);
  }
  return reasons.slice(0, 2);
}

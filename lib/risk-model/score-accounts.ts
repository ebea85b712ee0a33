import { featureVector, type InvoiceFeatureRow } from "./features";
import { contributions, predictOne, type FittedModel } from "./logistic";
import { explainAccount } from "./reasons";
import { conditionOnAge, TERMS_DAYS } from "./scoring";

/*
 * One account's open invoices at an as-of date, scored one by one and explained in words: the
 * reasons beside the outreach list's rows. The list's numbers themselves come from one SQL pass
 * over every open invoice (lib/queries/outreach.ts), with the same arithmetic.
 */

export type OpenInvoice = {
  invoiceId: number;
  accountId: number;
  issued: string;
  /** Days from issue to the as-of date. */
  ageDays: number;
  amountCents: number;
  /** The mart row: what was known when the invoice was issued. */
  row: InvoiceFeatureRow;
};

/** What a version scores with: its model and its on-time survival curve (all 1s when it has none). */
export type Scorer = { model: FittedModel; onTimeSurvival: readonly number[] };

/** P(late) at issue, and given that it is still unpaid at its age. */
export function scoreOpenInvoice(scorer: Scorer, invoice: OpenInvoice): { atIssue: number; now: number } {
  const atIssue = predictOne(scorer.model, featureVector(scorer.model.features, invoice.row));
  return { atIssue, now: conditionOnAge(atIssue, invoice.ageDays, scorer.onTimeSurvival) };
}

/** Two or three sentences on why the account is where it is, from its open invoices (one account's). */
export function explainOpenInvoices(scorer: Scorer, invoices: readonly OpenInvoice[]): string[] {
  const { model } = scorer;
  let openCents = 0;
  let overdueCents = 0;
  let overdueCount = 0;
  let oldestOverdue = 0;
  let dueTodayCents = 0;
  let newest = invoices[0]!;
  // Each invoice's pull on the log-odds, weighted by its share of the expected late amount.
  const weighted: Record<string, number> = {};
  let totalWeight = 0;
  for (const invoice of invoices) {
    openCents += invoice.amountCents;
    if (invoice.ageDays > TERMS_DAYS) {
      overdueCents += invoice.amountCents;
      overdueCount++;
      oldestOverdue = Math.max(oldestOverdue, invoice.ageDays);
    } else if (invoice.ageDays === TERMS_DAYS) dueTodayCents += invoice.amountCents;
    if (invoice.issued > newest.issued || (invoice.issued === newest.issued && invoice.invoiceId > newest.invoiceId)) newest = invoice;
    const weight = scoreOpenInvoice(scorer, invoice).now * Math.max(1, invoice.amountCents);
    totalWeight += weight;
    contributions(model, featureVector(model.features, invoice.row)).forEach((c, j) => {
      weighted[model.features[j]!] = (weighted[model.features[j]!] ?? 0) + weight * c;
    });
  }
  for (const name of Object.keys(weighted)) weighted[name]! /= totalWeight || 1;
  return explainAccount({
    overdueCount,
    overdueCents,
    oldestOverdueAgeDays: oldestOverdue,
    openCount: invoices.length,
    openCents,
    dueTodayCents,
    latest: newest.row,
    contributions: weighted,
  });
}

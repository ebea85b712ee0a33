import { featureVector, type InvoiceFeatureRow } from "./features";
import { contributions, predictOne, type FittedModel } from "./logistic";
import { explainAccount } from "./reasons";
import {
  accountRisk,
  accountSurvival,
  conditionOnAge,
  emptyHistogram,
  survivalCurve,
  TERMS_DAYS,
  type OnTimeHistogram,
  type RiskBand,
} from "./scoring";

/*
 * Scores every invoice open at an as-of date and ranks the accounts: the one routine behind
 * the stored rankings (lib/queries/risk-model.ts) and the monthly backtest (etl/risk-model/backtest.ts).
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

export type InvoiceScore = {
  invoiceId: number;
  accountId: number;
  ageDays: number;
  amountCents: number;
  probabilityAtIssue: number;
  probability: number;
};

export type AccountScore = {
  accountId: number;
  rank: number;
  probability: number;
  band: RiskBand;
  expectedLateCents: number;
  openCents: number;
  openCount: number;
  overdueCents: number;
  reasons: string[];
};

export type PaymentHistories = {
  /** Each account's on-time payments by days to pay, known at the as-of date. */
  byAccount: Map<number, OnTimeHistogram>;
  overall: OnTimeHistogram;
};

export function scoreOpenInvoices(model: FittedModel, invoices: readonly OpenInvoice[], histories: PaymentHistories): InvoiceScore[] {
  const overall = survivalCurve(histories.overall);
  const curves = new Map<number, number[]>();
  return invoices.map((invoice) => {
    let curve = curves.get(invoice.accountId);
    if (!curve) {
      curve = accountSurvival(histories.byAccount.get(invoice.accountId) ?? emptyHistogram(), overall);
      curves.set(invoice.accountId, curve);
    }
    const probabilityAtIssue = predictOne(model, featureVector(model.features, invoice.row));
    return {
      invoiceId: invoice.invoiceId,
      accountId: invoice.accountId,
      ageDays: invoice.ageDays,
      amountCents: invoice.amountCents,
      probabilityAtIssue,
      probability: conditionOnAge(probabilityAtIssue, invoice.ageDays, curve),
    };
  });
}

/**
 * Ranks accounts by expected late amount (then probability, then id, so ties are stable).
 * `invoices` and `scores` are parallel arrays.
 */
export function scoreAccounts(
  model: FittedModel,
  invoices: readonly OpenInvoice[],
  scores: readonly InvoiceScore[],
  options: { withReasons?: boolean } = {},
): AccountScore[] {
  const byAccount = new Map<number, number[]>();
  invoices.forEach((invoice, i) => {
    const list = byAccount.get(invoice.accountId);
    if (list) list.push(i);
    else byAccount.set(invoice.accountId, [i]);
  });
  const accounts: AccountScore[] = [];
  for (const [accountId, indexes] of byAccount) {
    const risk = accountRisk(indexes.map((i) => ({ probability: scores[i]!.probability, amountCents: scores[i]!.amountCents })));
    let openCents = 0;
    let overdueCents = 0;
    let overdueCount = 0;
    let oldestOverdue = 0;
    let dueTodayCents = 0;
    let newest = indexes[0]!;
    for (const i of indexes) {
      const invoice = invoices[i]!;
      openCents += invoice.amountCents;
      if (invoice.ageDays > TERMS_DAYS) {
        overdueCents += invoice.amountCents;
        overdueCount++;
        oldestOverdue = Math.max(oldestOverdue, invoice.ageDays);
      } else if (invoice.ageDays === TERMS_DAYS) dueTodayCents += invoice.amountCents;
      const best = invoices[newest]!;
      if (invoice.issued > best.issued || (invoice.issued === best.issued && invoice.invoiceId > best.invoiceId)) newest = i;
    }
    let reasons: string[] = [];
    if (options.withReasons) {
      // Each invoice's pull on the log-odds, weighted by its share of the expected late amount.
      const weighted: Record<string, number> = {};
      let totalWeight = 0;
      for (const i of indexes) {
        const weight = scores[i]!.probability * Math.max(1, invoices[i]!.amountCents);
        totalWeight += weight;
        contributions(model, featureVector(model.features, invoices[i]!.row)).forEach((c, j) => {
          weighted[model.features[j]!] = (weighted[model.features[j]!] ?? 0) + weight * c;
        });
      }
      for (const name of Object.keys(weighted)) weighted[name]! /= totalWeight || 1;
      reasons = explainAccount({
        overdueCount,
        overdueCents,
        oldestOverdueAgeDays: oldestOverdue,
        openCount: indexes.length,
        openCents,
        dueTodayCents,
        latest: invoices[newest]!.row,
        contributions: weighted,
      });
    }
    accounts.push({ accountId, rank: 0, ...risk, openCents, openCount: indexes.length, overdueCents, reasons });
  }
  return rankAccounts(accounts);
}

/** Sorts and numbers accounts in place, scored together or one by one. */
export function rankAccounts(accounts: AccountScore[]): AccountScore[] {
  accounts.sort((a, b) => b.expectedLateCents - a.expectedLateCents || b.probability - a.probability || a.accountId - b.accountId);
  accounts.forEach((a, i) => (a.rank = i + 1));
  return accounts;
}

import { describe, expect, it } from "vitest";
import type { InvoiceFeatureRow } from "./features";
import { explainAccount, outreachReasons } from "./reasons";

const row: InvoiceFeatureRow = {
  invTotal: 5200,
  invItems: 12,
  invLines: 5,
  acctAge: 900,
  numInv120d: 3,
  cumTotInvAcct: 14,
  daysSincePrevInv: 40,
  priorKnownInv: 12,
  priorLateInv: 7,
  priorLateRate: 0.52,
  priorPaidInv: 11,
  priorMeanDaysToPay: 41.4,
  priorMaxDaysToPay: 58,
  openInv: 2,
  openCents: 3_000_000,
  overdueInv: 1,
  totalVsPriorAvg: 2.04,
  daysSinceFirstInv: 300,
};

const base = { overdueCount: 0, overdueCents: 0, oldestOverdueAgeDays: 0, openCount: 3, openCents: 5_200_000, latest: row };

describe("reasons in plain words", () => {
  it("names the groups that raised the risk most, strongest first", () => {
    const reasons = explainAccount({
      ...base,
      contributions: { logit_prior_late_rate: 1.2, log_prior_late: 0.4, prior_mean_days_to_pay: 0.9, open_inv: 0.1, log_cum_inv: -0.5 },
    });
    expect(reasons).toEqual(["7 of 12 earlier invoices paid late", "Usually pays in 41 days, up to 58", "3 invoices open, $52,000"]);
  });

  it("puts overdue money first and stops at three", () => {
    const reasons = explainAccount({
      ...base,
      overdueCount: 2,
      overdueCents: 1_234_500,
      oldestOverdueAgeDays: 52,
      contributions: { logit_prior_late_rate: 1, prior_mean_days_to_pay: 0.5, log_total_vs_avg: 0.3 },
    });
    expect(reasons).toEqual(["$12,345 overdue, oldest 52 days", "7 of 12 earlier invoices paid late", "Usually pays in 41 days, up to 58"]);
  });

  it("says when money falls due today unpaid: it is late unless paid today", () => {
    const reasons = explainAccount({ ...base, dueTodayCents: 990_000, contributions: { logit_prior_late_rate: 1 } });
    expect(reasons).toEqual(["$9,900 due today and still unpaid", "7 of 12 earlier invoices paid late"]);
  });

  it("still gives two reasons when nothing raised the risk", () => {
    const reasons = explainAccount({ ...base, latest: { ...row, priorLateInv: 0 }, contributions: { logit_prior_late_rate: -2 } });
    expect(reasons).toEqual(["0 of 12 earlier invoices paid late", "3 invoices open, $52,000"]);
  });
});

describe("outreachReasons", () => {
  const base = { overdueCents: 0, paidCount: 10, openCents: 500_00, oldestAgeDays: 20, recentPaidCount: 10, recentLateCount: 0 };

  it("leads with the overdue amount and the age of the oldest invoice", () => {
    expect(outreachReasons({ ...base, overdueCents: 3_820_000, oldestAgeDays: 52, recentLateCount: 4 })).toEqual([
      "$38,200 overdue, oldest 52 days",
      "4 of the last 10 invoices paid late",
    ]);
  });

  it("says when there is no history yet", () => {
    expect(outreachReasons({ ...base, paidCount: 0, recentPaidCount: 0 })).toEqual(["No payment history yet"]);
  });

  it("gives a reassuring reason when nothing is wrong", () => {
    expect(outreachReasons(base)).toEqual(["None of the last 10 invoices paid late"]);
  });

  it("never gives more than two reasons", () => {
    expect(outreachReasons({ ...base, overdueCents: 1, recentLateCount: 3, paidCount: 0 }).length).toBeLessThanOrEqual(2);
  });
});

import { describe, expect, it } from "vitest";
import { outreachReasons, riskBand } from "./risk";

describe("riskBand", () => {
  it.each([
    { case: "overdue a month past due", overdueCents: 1, oldestDaysPastDue: 31, paidCount: 10, lateCount: 0, band: "high" },
    { case: "overdue and usually late", overdueCents: 1, oldestDaysPastDue: 5, paidCount: 10, lateCount: 5, band: "high" },
    { case: "overdue, rarely late", overdueCents: 1, oldestDaysPastDue: 5, paidCount: 10, lateCount: 1, band: "medium" },
    { case: "nothing overdue but often late", overdueCents: 0, oldestDaysPastDue: -5, paidCount: 8, lateCount: 2, band: "medium" },
    { case: "a short history is not enough on its own", overdueCents: 0, oldestDaysPastDue: -5, paidCount: 2, lateCount: 2, band: "low" },
    { case: "nothing overdue, on time", overdueCents: 0, oldestDaysPastDue: -20, paidCount: 30, lateCount: 1, band: "low" },
  ])("rates $case as $band", ({ band, ...inputs }) => {
    expect(riskBand(inputs)).toBe(band);
  });
});

describe("outreachReasons", () => {
  const base = { overdueCents: 0, oldestDaysPastDue: -10, paidCount: 10, lateCount: 0, openCents: 500_00, oldestAgeDays: 20, recentPaidCount: 10, recentLateCount: 0, avgDaysToPay: 27 };

  it("leads with the overdue amount and the age of the oldest invoice", () => {
    expect(outreachReasons({ ...base, overdueCents: 3_820_000, oldestAgeDays: 52, recentLateCount: 4 })).toEqual([
      "$38,200 overdue, oldest 52 days",
      "4 of the last 10 invoices paid late",
    ]);
  });

  it("says when there is no history yet", () => {
    expect(outreachReasons({ ...base, paidCount: 0, recentPaidCount: 0, avgDaysToPay: null })).toEqual(["No payment history yet"]);
  });

  it("gives a reassuring reason when nothing is wrong", () => {
    expect(outreachReasons(base)).toEqual(["None of the last 10 invoices paid late"]);
  });

  it("never gives more than two reasons", () => {
    expect(outreachReasons({ ...base, overdueCents: 1, recentLateCount: 3, paidCount: 0 }).length).toBeLessThanOrEqual(2);
  });
});

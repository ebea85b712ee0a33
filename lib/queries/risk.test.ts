import { describe, expect, it } from "vitest";
import { outreachReasons } from "./risk";

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

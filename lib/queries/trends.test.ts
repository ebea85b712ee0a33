import { describe, expect, it } from "vitest";
import { dsoCountback } from "./trends";

describe("dsoCountback", () => {
  it("counts back whole months, then the fraction of the month that covers the rest", () => {
    const months = [
      { asOf: "2021-01-31", invoicedCents: 310_00, openCents: 0 },
      { asOf: "2021-02-28", invoicedCents: 280_00, openCents: 0 },
      { asOf: "2021-03-31", invoicedCents: 620_00, openCents: 620_00 + 140_00 },
    ];
    // March covers 31 days; the remaining 140 of February's 280 is half of its 28 days.
    expect(dsoCountback(months)).toBeCloseTo(31 + 14, 9);
  });

  it("counts only the days up to the snapshot in a partial last month", () => {
    expect(dsoCountback([{ asOf: "2021-05-12", invoicedCents: 1200_00, openCents: 600_00 }])).toBeCloseTo(6, 9);
  });

  it("is zero with nothing open and unknown when history runs out", () => {
    expect(dsoCountback([{ asOf: "2021-05-31", invoicedCents: 100, openCents: 0 }])).toBe(0);
    expect(dsoCountback([{ asOf: "2021-05-31", invoicedCents: 100, openCents: 500 }])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { accountRisk, bandOf, conditionOnAge, emptyHistogram, formatProbability, survivalCurve } from "./scoring";

const histogram = (days: Record<number, number>) => {
  const h = emptyHistogram();
  for (const [d, n] of Object.entries(days)) h[Number(d)] = n;
  return h;
};

describe("conditioning on still being unpaid", () => {
  it("gives the share of on-time payments made after each day", () => {
    const curve = survivalCurve(histogram({ 25: 2, 28: 1, 30: 1 }));
    expect(curve[24]).toBe(1);
    expect(curve[25]).toBe(0.5);
    expect(curve[27]).toBe(0.5);
    expect(curve[28]).toBe(0.25);
    expect(curve[30]).toBe(0);
    expect(survivalCurve(emptyHistogram()).every((s) => s === 1)).toBe(true);
  });

  it("leaves the probability unchanged before any on-time payment is usually made", () => {
    const curve = survivalCurve(histogram({ 25: 4 }));
    expect(conditionOnAge(0.2, 0, curve)).toBeCloseTo(0.2, 12);
    expect(conditionOnAge(0.2, 24, curve)).toBeCloseTo(0.2, 12);
  });

  it("applies Bayes' rule once on-time payers have started paying: p / (p + (1 - p) S(a))", () => {
    // Half the on-time payments come by day 27: 0.2 / (0.2 + 0.8 * 0.5) = 1/3.
    const curve = survivalCurve(histogram({ 25: 1, 27: 1, 29: 2 }));
    expect(conditionOnAge(0.2, 27, curve)).toBeCloseTo(1 / 3, 12);
    expect(conditionOnAge(0.2, 30, curve)).toBe(1);
    expect(conditionOnAge(0.01, 45, curve)).toBe(1);
  });
});

describe("account risk", () => {
  it("is the chance that at least one open invoice ends up late, with the expected late amount", () => {
    const risk = accountRisk([
      { probability: 0.5, amountCents: 10_000 },
      { probability: 0.2, amountCents: 5_000 },
    ]);
    expect(risk.probability).toBeCloseTo(1 - 0.5 * 0.8, 12);
    expect(risk.expectedLateCents).toBe(6_000);
    expect(risk.band).toBe("high");
  });

  it("never rounds a probability to certainty", () => {
    expect([1, 0.996, 0.97, 0.5, 0.004, 0].map(formatProbability)).toEqual(["100%", ">99%", "97%", "50%", "<1%", "0%"]);
  });

  it("bands at 20% and 50%", () => {
    expect([0.19, 0.2, 0.49, 0.5].map((p) => bandOf(p))).toEqual(["low", "medium", "medium", "high"]);
  });
});

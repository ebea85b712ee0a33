import { describe, expect, it } from "vitest";
import { contributions, fitLogistic, predict, predictOne, rawCoefficients, sigmoid, type Matrix } from "./logistic";

const matrix = (rows: number[][]): Matrix => ({
  values: Float64Array.from(rows.flat()),
  rows: rows.length,
  columns: rows[0]!.length,
});

// R's datasets::mtcars, wt (1000 lbs) and am (1 = manual).
const wt = [2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78];
const am = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];

describe("logistic regression fit", () => {
  it("reproduces R's glm(am ~ wt, binomial, mtcars): intercept 12.040, slope -4.024", () => {
    const model = fitLogistic(matrix(wt.map((w) => [w])), am, ["wt"], { lambda: 0 });
    const { intercept, weights } = rawCoefficients(model);
    expect(intercept).toBeCloseTo(12.04037, 4);
    expect(weights[0]).toBeCloseTo(-4.02397, 4);
  });

  it("fits the closed form for one binary feature: each group's own late share", () => {
    // x = 0: 1 of 4 late; x = 1: 3 of 4 late.
    const x = [0, 0, 0, 0, 1, 1, 1, 1];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const model = fitLogistic(matrix(x.map((v) => [v])), y, ["x"], { lambda: 0 });
    expect(predictOne(model, [0])).toBeCloseTo(0.25, 9);
    expect(predictOne(model, [1])).toBeCloseTo(0.75, 9);
  });

  it("stays finite on separable data thanks to the ridge penalty", () => {
    const model = fitLogistic(matrix([[0], [1], [2], [3]]), [0, 0, 1, 1], ["x"], { lambda: 1 });
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(predictOne(model, [3])).toBeGreaterThan(predictOne(model, [0]));
  });

  it("gives bit-identical weights for the same rows, and a zero weight to a constant column", () => {
    const rows = wt.map((w, i) => [w, i % 3, 7]);
    const a = fitLogistic(matrix(rows), am, ["wt", "k", "constant"]);
    const b = fitLogistic(matrix(rows), am, ["wt", "k", "constant"]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.weights[2]).toBe(0);
    expect(a.sds[2]).toBe(1);
  });

  it("splits the log-odds into per-feature contributions that add up with the intercept", () => {
    const rows = wt.map((w, i) => [w, i % 3]);
    const model = fitLogistic(matrix(rows), am, ["wt", "k"]);
    const row = [3.1, 2];
    const total = contributions(model, row).reduce((s, c) => s + c, model.intercept);
    expect(sigmoid(total)).toBeCloseTo(predictOne(model, row), 12);
    expect(Array.from(predict(model, matrix([row])))).toEqual([predictOne(model, row)]);
  });
});

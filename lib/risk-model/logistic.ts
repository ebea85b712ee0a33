import { z } from "zod";

/*
 * Logistic regression on standardised features, fitted by Newton's method (IRLS) with a small
 * ridge penalty. Each iteration costs O(n·k²) for k features, and every sum is taken in a
 * fixed order, so the same rows in the same order always give the same weights.
 * Written here rather than taken from a package: the npm ones fit by gradient descent with
 * a learning rate and iteration count to tune, and this is ~100 lines tested against R's glm.
 */

export const fittedModelSchema = z.object({
  features: z.array(z.string()),
  means: z.array(z.number()),
  sds: z.array(z.number()),
  /** Intercept and weights on the standardised scale. */
  intercept: z.number(),
  weights: z.array(z.number()),
  lambda: z.number(),
  iterations: z.number().int(),
});

export type FittedModel = z.infer<typeof fittedModelSchema>;

export type FitOptions = {
  /** Ridge penalty on the standardised weights (not the intercept); keeps separable data finite. */
  lambda?: number;
  maxIterations?: number;
  /** Stops once no weight moves by more than this. */
  tolerance?: number;
};

/** A dense row-major matrix: row i's feature j is `values[i * columns + j]`. */
export type Matrix = { values: Float64Array; rows: number; columns: number };

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function fitLogistic(x: Matrix, y: ArrayLike<number>, features: readonly string[], options: FitOptions = {}): FittedModel {
  const { rows: n, columns: k, values } = x;
  if (features.length !== k) throw new Error(`fitLogistic: ${features.length} names for ${k} columns`);
  if (y.length !== n) throw new Error(`fitLogistic: ${y.length} labels for ${n} rows`);
  if (n === 0) throw new Error("fitLogistic: no rows");
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;

  const means = new Array<number>(k).fill(0);
  const sds = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) means[j]! += values[i * k + j]!;
  for (let j = 0; j < k; j++) means[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const d = values[i * k + j]! - means[j]!;
      sds[j]! += d * d;
    }
  }
  // A constant column gets sd 1: its standardised value is 0 and its weight stays 0.
  for (let j = 0; j < k; j++) sds[j] = Math.sqrt(sds[j]! / n) || 1;

  // Standardised design with a leading 1 for the intercept, stored column by column, so each
  // Hessian entry is a dot product of two contiguous columns.
  const m = k + 1;
  const z = new Float64Array(n * m);
  z.fill(1, 0, n);
  for (let j = 0; j < k; j++) {
    const column = (j + 1) * n;
    for (let i = 0; i < n; i++) z[column + i] = (values[i * k + j]! - means[j]!) / sds[j]!;
  }

  const beta = new Float64Array(m);
  let iterations = 0;
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const eta = new Float64Array(n);
  const residual = new Float64Array(n);
  const weighted = new Float64Array(n);
  const weight = new Float64Array(n);
  for (; iterations < maxIterations; ) {
    iterations++;
    eta.fill(0);
    for (let j = 0; j < m; j++) {
      const column = j * n;
      const b = beta[j]!;
      for (let i = 0; i < n; i++) eta[i]! += z[column + i]! * b;
    }
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta[i]!);
      weight[i] = p * (1 - p);
      residual[i] = y[i]! - p;
    }
    for (let a = 0; a < m; a++) {
      const columnA = a * n;
      for (let i = 0; i < n; i++) weighted[i] = weight[i]! * z[columnA + i]!;
      gradient[a] = dot(z, columnA, residual, 0, n);
      // Lower triangle only; mirrored below.
      for (let b = 0; b <= a; b++) hessian[a * m + b] = dot(weighted, 0, z, b * n, n);
    }
    for (let a = 1; a < m; a++) {
      gradient[a]! -= lambda * beta[a]!;
      hessian[a * m + a]! += lambda;
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) hessian[b * m + a] = hessian[a * m + b]!;
    const step = solveSymmetric(hessian, gradient, m);
    let largest = 0;
    for (let j = 0; j < m; j++) {
      beta[j]! += step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < tolerance) break;
  }
  return {
    features: [...features],
    means,
    sds,
    intercept: beta[0]!,
    weights: Array.from(beta.subarray(1)),
    lambda,
    iterations,
  };
}

/**
 * Σ x[xFrom + i]·y[yFrom + i] for i < n, in four interleaved partial sums: one running sum
 * waits on each addition before the next, four keep the CPU's adders busy (about 3 times
 * faster here). The order is fixed, so the same input always gives the same bits.
 */
function dot(x: Float64Array, xFrom: number, y: Float64Array, yFrom: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[xFrom + i]! * y[yFrom + i]!;
    s1 += x[xFrom + i + 1]! * y[yFrom + i + 1]!;
    s2 += x[xFrom + i + 2]! * y[yFrom + i + 2]!;
    s3 += x[xFrom + i + 3]! * y[yFrom + i + 3]!;
  }
  for (; i < n; i++) s0 += x[xFrom + i]! * y[yFrom + i]!;
  return s0 + s1 + (s2 + s3);
}

/** Solves A·x = b for a symmetric positive definite A (Cholesky). */
function solveSymmetric(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * m + j]!;
      for (let p = 0; p < j; p++) sum -= l[i * m + p]! * l[j * m + p]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error("fitLogistic: the Hessian is not positive definite");
        l[i * m + i] = Math.sqrt(sum);
      } else {
        l[i * m + j] = sum / l[j * m + j]!;
      }
    }
  }
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = b[i]!;
    for (let p = 0; p < i; p++) sum -= l[i * m + p]! * x[p]!;
    x[i] = sum / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let p = i + 1; p < m; p++) sum -= l[p * m + i]! * x[p]!;
    x[i] = sum / l[i * m + i]!;
  }
  return x;
}

/** Each feature's pull on the log-odds for one row: weight × standardised value. */
export function contributions(model: FittedModel, row: ArrayLike<number>): number[] {
  return model.weights.map((w, j) => (w * (row[j]! - model.means[j]!)) / model.sds[j]!);
}

export function predictOne(model: FittedModel, row: ArrayLike<number>): number {
  let eta = model.intercept;
  for (let j = 0; j < model.weights.length; j++) eta += (model.weights[j]! * (row[j]! - model.means[j]!)) / model.sds[j]!;
  return sigmoid(eta);
}

export function predict(model: FittedModel, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) out[i] = predictOne(model, x.values.subarray(i * x.columns, (i + 1) * x.columns));
  return out;
}

/** The weights on the features' own scale: intercept first. For reading and testing, not scoring. */
export function rawCoefficients(model: FittedModel): { intercept: number; weights: number[] } {
  const weights = model.weights.map((w, j) => w / model.sds[j]!);
  const intercept = model.intercept - weights.reduce((sum, w, j) => sum + w * model.means[j]!, 0);
  return { intercept, weights };
}

import { fromDayNumber, monthEnd, toDayNumber } from "../../lib/dates";
import { featureSets } from "../../lib/risk-model/features";
import { predict } from "../../lib/risk-model/logistic";
import { accountRisk, conditionOnAge, TERMS_DAYS } from "../../lib/risk-model/scoring";
import type { BacktestMonth } from "../../lib/queries/risk-model";
import { designMatrix, labelsOf, onTimeSurvivalAt, rowsKnownAt, sampleRows, type Dataset } from "./dataset";
import { fitFeatureSet } from "./evaluate";

/*
 * How past flags turned out. At each month end, a model is fitted on what was known then
 * (invoices issued 31+ days earlier), scores the invoices open that day exactly as the live
 * ranking would, and the accounts it flags are checked against what happened later: did at
 * least one of the invoices open that day end up late? No month's model sees a later outcome.
 */

/** Per month the fit is sampled harder than the main model's: twelve fits must stay quick. */
const BACKTEST_TRAINING_ROWS = 20_000;
const MIN_TRAINING_ROWS = 200;

export function monthEnds(data: Dataset): string[] {
  let first = Infinity;
  for (let i = 0; i < data.size; i++) first = Math.min(first, data.issuedDay[i]!);
  if (!Number.isFinite(first)) return [];
  const ends: string[] = [];
  for (let end = monthEnd(fromDayNumber(first)); toDayNumber(end)! < data.dataCutoffDay; end = monthEnd(fromDayNumber(toDayNumber(end)! + 1))) {
    ends.push(end);
  }
  return ends;
}

export function backtestMonth(data: Dataset, asOf: string): BacktestMonth | null {
  const day = toDayNumber(asOf)!;
  const trainRows = sampleRows(data, rowsKnownAt(data, day), BACKTEST_TRAINING_ROWS);
  const labels = labelsOf(data, trainRows);
  const late = labels.reduce((s, y) => s + y, 0);
  if (trainRows.length < MIN_TRAINING_ROWS || late === 0 || late === trainRows.length) return null;
  const model = fitFeatureSet(data, trainRows, "model");

  // On-time payments known at the month end, for the "still unpaid at age a" step.
  const survival = onTimeSurvivalAt(data, day);
  const open: number[] = [];
  for (let i = 0; i < data.size; i++) {
    const paid = data.paidDay[i]!;
    if (data.issuedDay[i]! <= day && (paid < 0 || paid > day)) open.push(i);
  }
  const pAtIssue = predict(model, designMatrix(data, open, featureSets.model));

  type Account = { invoices: { probability: number; amountCents: number }[]; anyOverdue: boolean; anyLate: boolean; anyPending: boolean; lateCents: number };
  const accounts = new Map<number, Account>();
  open.forEach((i, n) => {
    const acct = data.acctId[i]!;
    let a = accounts.get(acct);
    if (!a) accounts.set(acct, (a = { invoices: [], anyOverdue: false, anyLate: false, anyPending: false, lateCents: 0 }));
    const age = day - data.issuedDay[i]!;
    a.invoices.push({ probability: conditionOnAge(pAtIssue[n]!, age, survival), amountCents: data.totalCents[i]! });
    a.anyOverdue ||= age > TERMS_DAYS;
    if (data.isLate[i] === 1) {
      a.anyLate = true;
      a.lateCents += data.totalCents[i]!;
    } else if (data.isLate[i] === -1) a.anyPending = true;
  });

  const month: BacktestMonth = {
    asOf,
    trainRows: trainRows.length,
    accounts: accounts.size,
    highAccounts: 0,
    highLate: 0,
    highNotOverdue: 0,
    highNotOverdueLate: 0,
    mediumAccounts: 0,
    mediumLate: 0,
    lowAccounts: 0,
    lowLate: 0,
    pendingAccounts: 0,
    expectedLateCents: 0,
    actualLateCents: 0,
  };
  for (const a of accounts.values()) {
    const risk = accountRisk(a.invoices);
    month.expectedLateCents += risk.expectedLateCents;
    month.actualLateCents += a.lateCents;
    // An account counts as late once one open invoice was; it is pending only while none was and some are unknown.
    if (!a.anyLate && a.anyPending) {
      month.pendingAccounts++;
      continue;
    }
    const late = a.anyLate ? 1 : 0;
    if (risk.band === "high") {
      month.highAccounts++;
      month.highLate += late;
      if (!a.anyOverdue) {
        month.highNotOverdue++;
        month.highNotOverdueLate += late;
      }
    } else if (risk.band === "medium") {
      month.mediumAccounts++;
      month.mediumLate += late;
    } else {
      month.lowAccounts++;
      month.lowLate += late;
    }
  }
  month.actualLateCents = Math.round(month.actualLateCents);
  return month;
}

export function runBacktest(data: Dataset): BacktestMonth[] {
  return monthEnds(data).flatMap((asOf) => backtestMonth(data, asOf) ?? []);
}

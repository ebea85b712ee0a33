import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { RISK_BANDS } from "../risk-model/scoring";
import { openAtSql, riskBandSql, unpaidAtSql } from "./rules";

const sqlite = new Database(":memory:");

describe("riskBandSql", () => {
  const band = sqlite
    .prepare(`select ${riskBandSql({ overdueCents: "@overdueCents", oldestDaysPastDue: "@oldestDaysPastDue", paidCount: "@paidCount", lateCount: "@lateCount" })}`)
    .pluck();

  it.each([
    { case: "overdue a month past due", overdueCents: 1, oldestDaysPastDue: 31, paidCount: 10, lateCount: 0, expected: "high" },
    { case: "overdue and usually late", overdueCents: 1, oldestDaysPastDue: 5, paidCount: 10, lateCount: 5, expected: "high" },
    { case: "overdue exactly a month, rarely late", overdueCents: 1, oldestDaysPastDue: 30, paidCount: 10, lateCount: 1, expected: "medium" },
    { case: "overdue, rarely late", overdueCents: 1, oldestDaysPastDue: 5, paidCount: 10, lateCount: 1, expected: "medium" },
    { case: "nothing overdue but often late", overdueCents: 0, oldestDaysPastDue: -5, paidCount: 8, lateCount: 2, expected: "medium" },
    { case: "a short history is not enough on its own", overdueCents: 0, oldestDaysPastDue: -5, paidCount: 2, lateCount: 2, expected: "low" },
    { case: "overdue with a short, late history", overdueCents: 1, oldestDaysPastDue: 5, paidCount: 2, lateCount: 2, expected: "medium" },
    { case: "nothing overdue, on time", overdueCents: 0, oldestDaysPastDue: -20, paidCount: 30, lateCount: 1, expected: "low" },
    { case: "nothing open (no oldest invoice)", overdueCents: 0, oldestDaysPastDue: null, paidCount: 0, lateCount: 0, expected: "low" },
  ])("rates $case as $expected", ({ expected, case: _, ...inputs }) => {
    const value = band.get(inputs);
    expect(value).toBe(expected);
    expect(RISK_BANDS).toContain(value);
  });
});

describe("openAtSql", () => {
  sqlite.exec(`create table i (invoice_id integer primary key, date_issued text not null, payment_date text)`);
  sqlite.exec(`insert into i values
    (1, '2021-03-01', null), (2, '2021-03-01', '2021-03-31'), (3, '2021-03-01', '2021-04-01'),
    (4, '2021-03-31', null), (5, '2021-04-01', null), (6, '2021-02-01', '2021-02-15')`);
  const at = "'2021-03-31'";

  it("counts an invoice issued by T and not paid by T, paid after T included", () => {
    const open = sqlite.prepare(`select invoice_id from i where ${openAtSql("i", at)} order by 1`).pluck().all();
    expect(open).toEqual([1, 3, 4]);
  });

  it("is unpaidAtSql once issued", () => {
    const unpaid = sqlite.prepare(`select invoice_id from i where ${unpaidAtSql("i", at)} order by 1`).pluck().all();
    expect(unpaid).toEqual([1, 3, 4, 5]);
  });
});

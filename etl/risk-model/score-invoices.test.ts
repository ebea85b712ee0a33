import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { clearOutreachCache, getAccountPositionsAt } from "../../lib/queries/outreach";
import { forEachAccountOpenAt, getActiveModelVersion, scorerOf } from "../../lib/queries/risk-model";
import { scoreOpenInvoice } from "../../lib/risk-model/score-accounts";
import { TERMS_DAYS } from "../../lib/risk-model/scoring";
import { applyChanges } from "../changes/apply-changes";
import { scoreInvoicesAtIssue } from "./score-invoices";
import { importExtracts } from "../import/import-extracts";
import { realExtractsDir, tempDb } from "../test-support";

describe("scoring every invoice at issue, and any date from it", () => {
  let db: Db;

  beforeAll(async () => {
    ({ db } = tempDb());
    const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
    expect(result.status).toBe("accepted");
  });

  const storedAtIssue = () =>
    new Map(db.$client.prepare(`select invoice_id, probability_at_issue from model_invoice_risk`).raw().all() as [number, number][]);

  it("stores the active version's probability for every invoice, as the model computes it in JavaScript", () => {
    const version = getActiveModelVersion(db)!;
    const stored = storedAtIssue();
    expect(stored.size).toBe(9685);
    expect(db.$client.prepare(`select count(distinct version_id) from model_invoice_risk`).pluck().get()).toBe(1);
    const accounts = db.$client.prepare(`select account_id from stg_accounts`).pluck().all() as number[];
    let compared = 0;
    // Every invoice is open on its issue day unless paid that same day.
    const issueDays = db.$client.prepare(`select distinct date_issued from stg_invoices`).pluck().all() as string[];
    for (const day of issueDays.filter((_, i) => i % 10 === 0)) {
      forEachAccountOpenAt(day, accounts, db, (open) => {
        for (const invoice of open) {
          expect(stored.get(invoice.invoiceId)).toBeCloseTo(scoreOpenInvoice(scorerOf(version), invoice).atIssue, 12);
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(9685);
  });

  it.each(["2020-08-31", "2021-01-18", "2021-05-12"])("scores %s in one pass with the numbers invoice-by-invoice scoring gives", (asOf) => {
    clearOutreachCache(db);
    const scorer = scorerOf(getActiveModelVersion(db)!);
    const positions = getAccountPositionsAt(asOf, db);
    expect(positions.length).toBeGreaterThan(20);
    const expected = new Map<number, { expected: number; notDue: number; notDueExpected: number }>();
    forEachAccountOpenAt(asOf, positions.map((p) => p.accountId), db, (open) => {
      let sum = 0;
      let notDue = 0;
      let notDueExpected = 0;
      for (const invoice of open) {
        const { now } = scoreOpenInvoice(scorer, invoice);
        sum += now * invoice.amountCents;
        if (invoice.ageDays < TERMS_DAYS) {
          notDue += invoice.amountCents;
          notDueExpected += now * invoice.amountCents;
        }
      }
      expected.set(open[0]!.accountId, { expected: Math.round(sum), notDue, notDueExpected });
    });
    for (const p of positions) {
      const e = expected.get(p.accountId)!;
      expect(Math.abs(p.model!.expectedLateCents - e.expected)).toBeLessThanOrEqual(1);
      expect(p.model!.notDueCents).toBe(e.notDue);
      if (e.notDue > 0) expect(p.model!.notDueLateShare).toBeCloseTo(e.notDueExpected / e.notDue, 9);
      else expect(p.model!.notDueLateShare).toBeNull();
    }
    // The risk column tells accounts apart: the shares spread, unlike "100%" on every overdue account.
    const shares = positions.flatMap((p) => (p.model!.notDueLateShare === null ? [] : [p.model!.notDueLateShare]));
    expect(new Set(shares.map((s) => Math.round(s * 100))).size).toBeGreaterThan(10);
  });

  it("rescoring every invoice rewrites the rows that moved and drops the invoices that are gone", () => {
    const sqlite = db.$client;
    const version = getActiveModelVersion(db)!;
    const [gone, moved] = sqlite.prepare(`select invoice_id from mart_invoices order by invoice_id limit 2`).pluck().all() as number[];
    const before = storedAtIssue();
    sqlite.exec("savepoint rescore");
    try {
      sqlite.prepare(`delete from mart_invoices where invoice_id = ?`).run(gone);
      sqlite.prepare(`update mart_invoices set payment_date = '2099-01-01' where invoice_id = ?`).run(moved);
      const changed = scoreInvoicesAtIssue(db, version, "all");
      expect(changed).toBe(2);
      const after = storedAtIssue();
      expect(after.has(gone!)).toBe(false);
      expect(after.size).toBe(before.size - 1);
      expect(sqlite.prepare(`select payment_date from model_invoice_risk where invoice_id = ?`).pluck().get(moved)).toBe("2099-01-01");
      expect([...after].every(([id, p]) => before.get(id) === p)).toBe(true);
    } finally {
      sqlite.exec("rollback to rescore; release rescore");
    }
  });

  it("scores the invoices of the accounts a change batch touches", () => {
    const before = storedAtIssue();
    const result = applyChanges(db, [{ kind: "invoices", op: "upsert", row: { invoiceId: 70_000, accountId: 5, dateIssued: "2021-07-09", paymentDate: null } }]);
    expect(result.rejects).toEqual([]);
    const after = storedAtIssue();
    expect(after.size).toBe(before.size + 1);
    expect(after.get(70_000)).toBeGreaterThan(0);
    // Other accounts' invoices keep their probabilities.
    const others = db.$client.prepare(`select invoice_id from stg_invoices where account_id <> 5`).pluck().all() as number[];
    expect(others.every((id) => after.get(id) === before.get(id))).toBe(true);
  });
});

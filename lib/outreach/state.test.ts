import { describe, expect, it } from "vitest";
import { blankEntry } from "./log-entries";
import { deriveAccountState, type EntryForState } from "./state";

/* The derivation rules on hand-made entries: each case is one rule of docs/outreach.md. */

let nextId = 1;
/** Payments that add up to `cents` in any window. */
const paid = (cents: number) => () => cents;
function entry(kind: EntryForState["kind"], entryDate: string, fields: Partial<EntryForState> = {}): EntryForState {
  const contact = kind === "contact" ? ({ channel: "call", outcome: "no-answer" } as const) : {};
  return { entryId: nextId++, ...blankEntry(kind, 1, entryDate, { id: "u1", email: "staff@example.com" }), ...contact, invoiceIds: [], ...fields };
}

describe("deriveAccountState", () => {
  it("takes the follow-up from the latest contact or follow-up entry, so a contact without one completes it", () => {
    const set = entry("follow-up", "2021-01-01", { followUpDate: "2021-01-05" });
    expect(deriveAccountState(1, [set], "2021-01-02", paid(0)).followUpDate).toBe("2021-01-05");
    const call = entry("contact", "2021-01-05");
    expect(deriveAccountState(1, [set, call], "2021-01-05", paid(0)).followUpDate).toBeNull();
    const callWithNext = entry("contact", "2021-01-05", { followUpDate: "2021-01-09" });
    expect(deriveAccountState(1, [set, callWithNext], "2021-01-06", paid(0)).followUpDate).toBe("2021-01-09");
  });

  it("ends a snooze on its end date, or at once with an entry without one", () => {
    const snooze = entry("snooze", "2021-01-01", { snoozeUntil: "2021-01-10", snoozeReason: "Holiday" });
    expect(deriveAccountState(1, [snooze], "2021-01-09", paid(0)).snooze).toEqual({ until: "2021-01-10", reason: "Holiday" });
    expect(deriveAccountState(1, [snooze], "2021-01-10", paid(0)).snooze).toBeNull();
    expect(deriveAccountState(1, [snooze, entry("snooze", "2021-01-03")], "2021-01-04", paid(0)).snooze).toBeNull();
  });

  it("keeps the latest owner, and none after an unassignment", () => {
    const a = entry("owner", "2021-01-01", { ownerUserId: "u1", ownerEmail: "a@example.com" });
    const b = entry("owner", "2021-01-02", { ownerUserId: "u2", ownerEmail: "b@example.com" });
    expect(deriveAccountState(1, [a, b], "2021-01-02", paid(0)).owner).toEqual({ userId: "u2", email: "b@example.com" });
    expect(deriveAccountState(1, [a, b, entry("owner", "2021-01-03")], "2021-01-03", paid(0)).owner).toBeNull();
  });

  it("closes only the dispute a resolution names", () => {
    const one = entry("contact", "2021-01-01", { outcome: "disputed", disputeReason: "Price", invoiceIds: [10] });
    const two = entry("contact", "2021-01-01", { outcome: "disputed", disputeReason: "Damaged", invoiceIds: [11, 12] });
    const resolved = entry("dispute-resolved", "2021-01-02", { resolvesEntryId: one.entryId });
    expect(deriveAccountState(1, [one, two, resolved], "2021-01-02", paid(0)).disputes).toEqual([{ entryId: two.entryId, openedOn: "2021-01-01", reason: "Damaged", invoiceIds: [11, 12] }]);
  });

  it("judges only the latest promise: pending to its date, then kept or broken by the payments", () => {
    const old = entry("contact", "2021-01-01", { outcome: "promised", promiseDate: "2021-01-05", promiseCents: 100 });
    const latest = entry("contact", "2021-01-06", { outcome: "promised", promiseDate: "2021-01-10", promiseCents: 500 });
    expect(deriveAccountState(1, [old, latest], "2021-01-10", paid(499)).promise).toMatchObject({ entryId: latest.entryId, status: "pending" });
    expect(deriveAccountState(1, [old, latest], "2021-01-11", paid(499))).toMatchObject({ promise: { status: "broken" }, needsChase: true });
    expect(deriveAccountState(1, [old, latest], "2021-01-11", paid(500))).toMatchObject({ promise: { status: "kept" }, needsChase: false });
    // Kept as soon as the money is in, before the date.
    expect(deriveAccountState(1, [old, latest], "2021-01-07", paid(500)).promise!.status).toBe("kept");
  });

  it("asks for the payments after the day the promise was made, up to the earlier of the date and its promise date", () => {
    const promise = entry("contact", "2021-01-06", { outcome: "promised", promiseDate: "2021-01-10", promiseCents: 500 });
    const asked: [string, string][] = [];
    const spy = (after: string, upTo: string) => (asked.push([after, upTo]), 0);
    deriveAccountState(1, [promise], "2021-01-08", spy);
    deriveAccountState(1, [promise], "2021-01-20", spy);
    expect(asked).toEqual([
      ["2021-01-06", "2021-01-08"],
      ["2021-01-06", "2021-01-10"],
    ]);
    expect(deriveAccountState(1, [entry("contact", "2021-01-06")], "2021-01-20", () => {
      throw new Error("no promise, no payments needed");
    }).promise).toBeNull();
  });

  it("refuses an entry made after the as-of date: the caller must leave later entries out", () => {
    expect(() => deriveAccountState(1, [entry("contact", "2021-02-01")], "2021-01-31", paid(0))).toThrow(/after 2021-01-31/);
  });
});

import { describe, expect, it } from "vitest";
import { contactSchema, snoozeSchema } from "./entry-schemas";

/* The outreach forms' limits, as the server action parses the posted fields. */

const day = "2021-03-01";
const bounds = { earliest: "2020-01-01", latest: "2021-06-30" };
const contact = (fields: Record<string, unknown>) => contactSchema(bounds).safeParse({ accountId: "7", entryDate: day, channel: "call", outcome: "no-answer", ...fields });
const errors = (result: ReturnType<typeof contact>) => (result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message])));

describe("the contact form", () => {
  it("stores a promise as a future date and positive whole cents", () => {
    const ok = contact({ outcome: "promised", promiseDate: "2021-03-15", promiseAmount: "$1,250.50", note: "  spoke to AP  " });
    expect(ok.success && ok.data).toMatchObject({ promiseDate: "2021-03-15", promiseCents: 125_050, note: "spoke to AP", invoiceIds: [] });
  });

  it("names the field of every bad value", () => {
    expect(errors(contact({ outcome: "promised", promiseDate: day, promiseAmount: "0" }))).toEqual({
      promiseDate: "The promise date must be after 2021-03-01, the day this entry counts from",
      promiseAmount: "More than $0",
    });
    expect(errors(contact({ outcome: "promised", promiseDate: "2022-03-03", promiseAmount: "12.345" }))).toMatchObject({
      promiseDate: "The promise date must be within a year of 2021-03-01",
      promiseAmount: "An amount in dollars, like 1250.50",
    });
    expect(errors(contact({ outcome: "promised" }))).toMatchObject({ promiseDate: "When did they promise to pay?", promiseAmount: "How much did they promise?" });
    expect(errors(contact({ outcome: "disputed" }))).toMatchObject({ disputeReason: "Say what is disputed", invoiceIds: "Pick the invoices the dispute covers" });
    expect(errors(contact({ note: "x".repeat(2001) }))).toMatchObject({ note: "The note is at most 2000 characters" });
    expect(errors(contact({ channel: "fax", followUpDate: "2021-02-30" }))).toMatchObject({ channel: "Pick call, email or visit", followUpDate: "Not a calendar date" });
    expect(contact({ accountId: "0x10" }).success).toBe(false);
    expect(errors(contact({ entryDate: "2021-07-01" }))).toEqual({ entryDate: "Pick a date from 2020-01-01 to 2021-06-30, the data's range" });
  });

  it("drops the fields of another outcome instead of storing them", () => {
    const ok = contact({ outcome: "left-message", promiseDate: "2021-03-15", promiseAmount: "10", invoiceIds: ["3", "4"] });
    expect(ok.success && ok.data).toMatchObject({ promiseDate: null, promiseCents: null, invoiceIds: [] });
    const dispute = contact({ outcome: "disputed", disputeReason: "Wrong price", invoiceIds: ["3", "3", "4"] });
    expect(dispute.success && dispute.data.invoiceIds).toEqual([3, 4]);
  });
});

describe("the snooze form", () => {
  it("needs an end after today and a reason", () => {
    const bad = snoozeSchema(bounds).safeParse({ accountId: "7", entryDate: day, snoozeUntil: day, snoozeReason: " " });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual(["snoozeReason", "snoozeUntil"]);
  });
});

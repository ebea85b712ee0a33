import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validatedAction } from "./validated-action";

const schema = z.object({
  note: z.string().trim().min(1, "Write a note").max(20, "At most 20 characters"),
  amountCents: z.coerce.number().int().positive("A positive amount"),
  invoiceIds: z.array(z.coerce.number().int()).default([]),
});

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
  return data;
}

describe("validatedAction", () => {
  it("runs the action on parsed input, with repeated fields as arrays", async () => {
    const seen: unknown[] = [];
    const action = validatedAction(schema, async (input) => {
      seen.push(input);
      return "saved";
    });
    const state = await action({ status: "idle" }, form({ note: " called ", amountCents: "1250", invoiceIds: ["7", "9"] }));
    expect(state).toEqual({ status: "done", result: "saved" });
    expect(seen).toEqual([{ note: "called", amountCents: 1250, invoiceIds: [7, 9] }]);
  });

  it("returns an error per field and never runs the action on bad input", async () => {
    let ran = false;
    const action = validatedAction(schema, async () => {
      ran = true;
    });
    const state = await action({ status: "idle" }, form({ note: "", amountCents: "-5" }));
    expect(ran).toBe(false);
    expect(state).toMatchObject({ status: "invalid", fieldErrors: { note: ["Write a note"], amountCents: ["A positive amount"] } });
  });
});

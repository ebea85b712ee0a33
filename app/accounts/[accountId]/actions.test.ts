import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { importAllExtracts } from "@/etl/test-support";
import type { ActionState } from "@/lib/actions/validated-action";
import { openDb, type Db } from "@/lib/db/client";

/*
 * The outreach actions, called as Next calls a server action: with the request's headers
 * (next/headers) and a form, on a store imported from the real extracts. Sessions come from
 * better-auth's real sign-in endpoint.
 */

const state = vi.hoisted(() => {
  process.env.DATABASE_PATH = `${process.env.TMPDIR ?? "/tmp"}/pi-outreach-actions-${process.pid}-${Date.now()}/app.db`;
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  process.env.BETTER_AUTH_SECRET = "a-test-secret-that-is-long-enough-for-better-auth";
  return { headers: new Headers() };
});

vi.mock("next/headers", () => ({
  headers: async () => state.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const origin = "http://localhost:3000";
const password = "correct-horse-battery";
type Action = (previous: ActionState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) data.append(k, one);
  return data;
}

const cookies: Record<string, string> = {};
function as(who: string | null, requestOrigin = origin) {
  state.headers = new Headers({ origin: requestOrigin, ...(who ? { cookie: cookies[who]! } : {}) });
}

let db: Db;
/** The data's as-of date, and a day on which many invoices were open. */
const AS_OF = "2021-07-08";
let accountId: number;
let actions: Record<string, Action>;
const entryCount = () => db.$client.prepare(`select count(*) from outreach_entries`).pluck().get() as number;

beforeAll(async () => {
  db = openDb(process.env.DATABASE_PATH!);
  await importAllExtracts(db);
  accountId = db.$client.prepare(`select account_id from mart_accounts order by account_id limit 1`).pluck().get() as number;
  const auth = (await import("@/lib/auth/server")).getAuth();
  for (const role of ["staff", "manager"] as const) {
    await auth.api.createUser({ body: { email: `${role}@example.com`, password, name: `Test ${role}`, role } });
    const response = await auth.handler(
      new Request(`${origin}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, "x-forwarded-for": `198.51.100.${role.length}` },
        body: JSON.stringify({ email: `${role}@example.com`, password }),
      }),
    );
    cookies[role] = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }
  actions = (await import("./actions")) as unknown as Record<string, Action>;
});

describe("outreach actions", () => {
  it("refuses every exported action to the signed out and to another origin, storing nothing", async () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "actions.ts"), "utf8");
    const names = [...source.matchAll(/export const (\w+) = authorizedAction\("staff"/g)].map((m) => m[1]!);
    // Every exported value of a "use server" file is an action someone can call.
    expect(names.sort()).toEqual(Object.keys(actions).filter((k) => typeof actions[k] === "function").sort());
    for (const name of names) {
      for (const [who, requestOrigin] of [[null, origin], ["staff", "http://evil.example"]] as const) {
        as(who, requestOrigin);
        await expect(actions[name]!({ status: "idle" }, form({ accountId: String(accountId), channel: "call", outcome: "no-answer" })), `${name} as ${who}`).rejects.toThrow();
      }
    }
    expect(entryCount()).toBe(0);
  });

  it("logs a promise as the signed-in user on the data's as-of date, and audits it", async () => {
    as("staff");
    const done = await actions.logContact!({ status: "idle" }, form({ accountId: String(accountId), entryDate: AS_OF, channel: "call", outcome: "promised", promiseDate: "2021-07-20", promiseAmount: "1,200.00", note: "<b>AP</b> says Friday" }));
    expect(done).toEqual({ status: "done", result: { ok: true, message: "Logged a call: promised $1,200.00 by 2021-07-20." } });
    const row = db.$client.prepare(`select * from outreach_entries order by entry_id desc limit 1`).get() as Record<string, unknown>;
    expect(row).toMatchObject({ account_id: accountId, kind: "contact", entry_date: AS_OF, user_email: "staff@example.com", promise_cents: 120_000, note: "<b>AP</b> says Friday" });
    const audit = db.$client.prepare(`select action, actor_email, target from audit_events where action = 'outreach-entry'`).all();
    expect(audit).toEqual([{ action: "outreach-entry", actor_email: "staff@example.com", target: `account ${accountId}` }]);
  });

  it("answers a bad form with field errors and stores nothing", async () => {
    as("manager");
    const before = entryCount();
    const refused = await actions.logContact!({ status: "idle" }, form({ accountId: String(accountId), entryDate: AS_OF, channel: "call", outcome: "promised", promiseDate: "2021-07-01", promiseAmount: "-5" }));
    expect(refused).toMatchObject({ status: "invalid", fieldErrors: { promiseDate: ["The promise date must be after 2021-07-08, the day this entry counts from"], promiseAmount: ["An amount in dollars, like 1250.50"] } });
    const notOpen = await actions.logContact!({ status: "idle" }, form({ accountId: String(accountId), entryDate: AS_OF, channel: "email", outcome: "disputed", disputeReason: "Price", invoiceIds: ["1"] }));
    // Every invoice in the real extracts is paid by their as-of date, so none can be disputed then.
    expect(notOpen).toMatchObject({ status: "done", result: { ok: false, field: "invoiceIds" } });
    const beyond = await actions.setFollowUp!({ status: "idle" }, form({ accountId: String(accountId), entryDate: "2021-07-09", followUpDate: "2021-07-10" }));
    expect(beyond).toMatchObject({ status: "invalid", fieldErrors: { entryDate: [expect.stringMatching(/to 2021-07-08, the data's range/)] } });
    const unknownOwner = await actions.assignOwner!({ status: "idle" }, form({ accountId: String(accountId), entryDate: AS_OF, ownerUserId: "nobody" }));
    expect(unknownOwner).toMatchObject({ status: "done", result: { ok: false, field: "ownerUserId" } });
    const noAccount = await actions.setFollowUp!({ status: "idle" }, form({ accountId: "999999999", entryDate: AS_OF, followUpDate: "2021-07-09" }));
    expect(noAccount).toMatchObject({ status: "done", result: { ok: false } });
    const noDispute = await actions.resolveDispute!({ status: "idle" }, form({ accountId: String(accountId), entryDate: AS_OF, disputeEntryId: "1" }));
    expect(noDispute).toMatchObject({ status: "done", result: { ok: false } });
    expect(entryCount()).toBe(before);
  });

  it("snoozes, ends the snooze, assigns and sets a follow-up", async () => {
    as("staff");
    const staffId = db.$client.prepare(`select id from auth_users where email = 'staff@example.com'`).pluck().get() as string;
    for (const [name, fields] of [
      ["snoozeAccount", { snoozeUntil: "2021-07-15", snoozeReason: "Owner on holiday" }],
      ["endSnooze", {}],
      ["assignOwner", { ownerUserId: staffId }],
      ["setFollowUp", { followUpDate: "2021-07-08" }],
    ] as const) {
      const result = await actions[name]!({ status: "idle" }, form({ accountId: String(accountId), entryDate: AS_OF, ...fields }));
      expect(result, name).toMatchObject({ status: "done", result: { ok: true } });
    }
    const kinds = db.$client.prepare(`select kind, snooze_until, owner_email, follow_up_date from outreach_entries where kind <> 'contact' order by entry_id`).all();
    expect(kinds).toEqual([
      { kind: "snooze", snooze_until: "2021-07-15", owner_email: null, follow_up_date: null },
      { kind: "snooze", snooze_until: null, owner_email: null, follow_up_date: null },
      { kind: "owner", snooze_until: null, owner_email: "staff@example.com", follow_up_date: null },
      { kind: "follow-up", snooze_until: null, owner_email: null, follow_up_date: "2021-07-08" },
    ]);
  });
});

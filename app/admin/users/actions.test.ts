import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/actions/validated-action";

/*
 * The app's own writes about users, called as Next calls a server action: with the request's
 * headers (next/headers) and a form. Sessions come from better-auth's real sign-in endpoint.
 */

const state = vi.hoisted(() => {
  process.env.DATABASE_PATH = `${process.env.TMPDIR ?? "/tmp"}/pi-users-${process.pid}-${Date.now()}/app.db`;
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

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

let auth: Awaited<ReturnType<typeof loadAuth>>;
const cookies: Record<string, string> = {};
async function loadAuth() {
  return (await import("@/lib/auth/server")).getAuth();
}

async function signIn(email: string, secret = password, ip = "198.51.100.20"): Promise<Response> {
  return auth.handler(
    new Request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password: secret }),
    }),
  );
}

function as(who: string | null, requestOrigin = origin) {
  state.headers = new Headers({ origin: requestOrigin, ...(who ? { cookie: cookies[who]! } : {}) });
}

beforeAll(async () => {
  auth = await loadAuth();
  for (const role of ["staff", "manager", "admin"] as const) {
    await auth.api.createUser({ body: { email: `${role}@example.com`, password, name: `Test ${role}`, role } });
    const response = await signIn(`${role}@example.com`, password, `198.51.100.${role.length}`);
    cookies[role] = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }
});

async function emails(): Promise<string[]> {
  as("admin");
  const { users } = await auth.api.listUsers({ query: { limit: 100 }, headers: state.headers });
  return users.map((u) => u.email).sort();
}

describe("user management actions", () => {
  it("refuses every exported action to the signed out, staff, managers, and an admin on another origin, storing nothing", async () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "actions.ts"), "utf8");
    const actions = (await import("./actions")) as unknown as Record<string, Action>;
    const names = [...source.matchAll(/export const (\w+) = authorizedAction\("admin"/g)].map((m) => m[1]!);
    // Every exported value of a "use server" file is an action someone can call.
    expect(names.sort()).toEqual(Object.keys(actions).filter((k) => typeof actions[k] === "function").sort());
    const before = await emails();
    for (const name of names) {
      for (const [who, requestOrigin] of [[null, origin], ["staff", origin], ["manager", origin], ["admin", "http://evil.example"]] as const) {
        as(who, requestOrigin);
        await expect(actions[name]!({ status: "idle" }, form({ name: "Eve", email: "eve@example.com", password, role: "admin", region: "West", userId: "x" })), `${name} as ${who} from ${requestOrigin}`).rejects.toThrow();
      }
    }
    expect(await emails()).toEqual(before);
  });

  it("returns an error per field and creates nobody when the form is invalid", async () => {
    const { createUser } = await import("./actions");
    const before = await emails();
    as("admin");
    const state = await createUser({ status: "idle" }, form({ name: "", email: "not-an-email", password: "short", role: "owner", region: "Mars" }));
    expect(state.status).toBe("invalid");
    expect(Object.keys(state.status === "invalid" ? state.fieldErrors : {}).sort()).toEqual(["email", "name", "password", "region", "role"]);
    expect(await emails()).toEqual(before);
  });

  it("creates a user with a role and region who can then sign in, and says so beside the email when it is taken", async () => {
    const { createUser } = await import("./actions");
    as("admin");
    const created = await createUser({ status: "idle" }, form({ name: "Nora New", email: "Nora@Example.com", password: "a-new-password", role: "manager", region: "Midwest" }));
    expect(created).toMatchObject({ status: "done", result: { ok: true } });
    const users = (await auth.api.listUsers({ query: { limit: 100 }, headers: state.headers })).users as { email: string; role?: string | null; region?: string }[];
    expect(users.find((u) => u.email === "nora@example.com")).toMatchObject({ role: "manager", region: "Midwest" });
    expect((await signIn("nora@example.com", "a-new-password", "198.51.100.50")).status).toBe(200);

    as("admin");
    const again = await createUser({ status: "idle" }, form({ name: "Nora Two", email: "nora@example.com", password: "another-password", role: "staff", region: "West" }));
    expect(again).toMatchObject({ status: "done", result: { ok: false, field: "email" } });
  });

  it("resets a password, changes role and region, and a disabled user can no longer sign in", async () => {
    const { createUser, disableUser, enableUser, resetUserPassword, setUserRegion, setUserRole } = await import("./actions");
    as("admin");
    await createUser({ status: "idle" }, form({ name: "Omar", email: "omar@example.com", password: "first-password", role: "staff", region: "West" }));
    const omar = (await auth.api.listUsers({ query: { limit: 100 }, headers: state.headers })).users.find((u) => u.email === "omar@example.com")!;

    expect(await resetUserPassword({ status: "idle" }, form({ userId: omar.id, password: "second-password" }))).toMatchObject({ result: { ok: true } });
    expect((await signIn("omar@example.com", "first-password", "198.51.100.60")).status).toBe(401);
    expect((await signIn("omar@example.com", "second-password", "198.51.100.61")).status).toBe(200);

    as("admin");
    expect(await setUserRole({ status: "idle" }, form({ userId: omar.id, role: "manager" }))).toMatchObject({ result: { ok: true } });
    expect(await setUserRegion({ status: "idle" }, form({ userId: omar.id, region: "South" }))).toMatchObject({ result: { ok: true } });
    const updated = (await auth.api.listUsers({ query: { limit: 100 }, headers: state.headers })).users.find((u) => u.id === omar.id) as { role?: string | null; region?: string };
    expect(updated).toMatchObject({ role: "manager", region: "South" });

    expect(await disableUser({ status: "idle" }, form({ userId: omar.id }))).toMatchObject({ result: { ok: true } });
    expect((await signIn("omar@example.com", "second-password", "198.51.100.62")).status).toBe(403);
    as("admin");
    await enableUser({ status: "idle" }, form({ userId: omar.id }));
    expect((await signIn("omar@example.com", "second-password", "198.51.100.63")).status).toBe(200);
  });

  it("does not let an admin demote or disable themselves", async () => {
    const { disableUser, setUserRole } = await import("./actions");
    as("admin");
    const me = (await auth.api.getSession({ headers: state.headers }))!.user;
    expect(await setUserRole({ status: "idle" }, form({ userId: me.id, role: "staff" }))).toMatchObject({ result: { ok: false } });
    expect(await disableUser({ status: "idle" }, form({ userId: me.id }))).toMatchObject({ result: { ok: false } });
    expect((await auth.api.getSession({ headers: state.headers }))!.user.role).toBe("admin");
  });
});

describe("signing in", () => {
  it("rate-limits repeated failed sign-ins from one address, even once the password is right", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn("staff@example.com", "wrong-password", "192.0.2.99")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await signIn("staff@example.com", password, "192.0.2.99");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // Another address is not held back by the first one's failures.
    expect((await signIn("staff@example.com", password, "192.0.2.100")).status).toBe(200);
  });

  it("sets the session cookie http-only and SameSite=Lax, without Secure over plain http", async () => {
    const response = await signIn("manager@example.com", password, "192.0.2.120");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("pi.session_token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("refuses a sign-in posted from another origin", async () => {
    const response = await auth.handler(
      new Request(`${origin}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://evil.example", "x-forwarded-for": "192.0.2.130" },
        body: JSON.stringify({ email: "staff@example.com", password }),
      }),
    );
    expect(response.status).toBe(403);
  });
});

describe("the audit log", () => {
  it("holds the sign-ins (failed ones with the email given), and each user change with who made it", async () => {
    const { getAuditEvents } = await import("@/lib/queries/audit");
    const { getAuthDb } = await import("@/lib/auth/server");
    const db = getAuthDb();
    const all = getAuditEvents({ page: 1 }, 500, db).rows;
    const failed = getAuditEvents({ page: 1, action: "sign-in", outcome: "failed", actor: "staff@" }, 500, db);
    const fromOneAddress = failed.rows.filter((r) => r.ipAddress === "192.0.2.99");
    // Five wrong passwords; the sixth attempt was stopped by the rate limiter before better-auth ran.
    expect(fromOneAddress).toHaveLength(5);
    expect(fromOneAddress[0]).toMatchObject({ actorEmail: "staff@example.com", detail: expect.stringMatching(/invalid/i) });
    // The sign-in posted from another origin is a failure too.
    expect(failed.rows.find((r) => r.ipAddress === "192.0.2.130")).toBeDefined();
    expect(all.find((r) => r.action === "sign-in" && r.outcome === "ok" && r.actorEmail === "nora@example.com")).toBeDefined();
    expect(all.find((r) => r.action === "user-create" && r.target === "nora@example.com" && r.outcome === "ok")).toMatchObject({ actorEmail: "admin@example.com" });
    // A refused change is there too, and a target given as a user id reads as their email.
    expect(all.find((r) => r.action === "user-create" && r.outcome === "refused")).toMatchObject({ target: "nora@example.com" });
    expect(all.find((r) => r.action === "user-disable")).toMatchObject({ outcome: "ok", target: "omar@example.com" });
    expect(getAuditEvents({ page: 1, action: "user-reset-password" }, 500, db).rows.map((r) => r.target)).toEqual(["omar@example.com"]);
    expect(getAuditEvents({ page: 1, from: "2000-01-01", to: "2000-01-02" }, 500, db).total).toBe(0);
    // Nothing the refused callers tried at the start was recorded as done.
    expect(all.filter((r) => r.target === "eve@example.com")).toEqual([]);
  });
});

import { describe, expect, it, vi } from "vitest";

/* The first-start form: creates an admin only while no user exists, and only from the app's own origin. */

const state = vi.hoisted(() => {
  process.env.DATABASE_PATH = `${process.env.TMPDIR ?? "/tmp"}/pi-first-admin-${process.pid}-${Date.now()}/app.db`;
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  process.env.BETTER_AUTH_SECRET = "a-test-secret-that-is-long-enough-for-better-auth";
  return { headers: new Headers({ origin: "http://localhost:3000" }) };
});

vi.mock("next/headers", () => ({
  headers: async () => state.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
}));

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

async function users(): Promise<{ email: string; role: string }[]> {
  const { getDb } = await import("@/lib/db/client");
  return getDb().$client.prepare(`select email, role from auth_users order by email`).all() as { email: string; role: string }[];
}

describe("createFirstAdmin", () => {
  it("creates the first admin once, refuses bad forms and other origins, and refuses once anyone exists", async () => {
    const { createFirstAdmin } = await import("./actions");
    const valid = { name: "First", email: "first@example.com", password: "a-long-password", region: "West" };

    state.headers = new Headers({ origin: "http://evil.example" });
    await expect(createFirstAdmin({ status: "idle" }, form(valid))).rejects.toThrow(/own pages/);
    state.headers = new Headers({ origin: "http://localhost:3000" });
    const invalid = await createFirstAdmin({ status: "idle" }, form({ ...valid, password: "short" }));
    expect(invalid).toMatchObject({ status: "invalid", fieldErrors: { password: ["At least 10 characters"] } });
    expect(await users()).toEqual([]);

    expect(await createFirstAdmin({ status: "idle" }, form(valid))).toMatchObject({ status: "done", result: { ok: true } });
    expect(await users()).toEqual([{ email: "first@example.com", role: "admin" }]);

    const second = await createFirstAdmin({ status: "idle" }, form({ ...valid, email: "second@example.com" }));
    expect(second).toMatchObject({ status: "done", result: { ok: false } });
    expect(await users()).toEqual([{ email: "first@example.com", role: "admin" }]);
  });
});

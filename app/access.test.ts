import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Access } from "@/lib/auth/access";
import type { Role } from "@/lib/auth/roles";

/*
 * Every page and route handler under app/, found by walking the folder, called in-process as
 * each role (and signed out) with a real better-auth session cookie. What it did is compared with
 * the roles-by-page table of docs/access.md. A new page or route fails here until it has a row
 * below, and fails again if it does not check the session and role the row says.
 */

const state = vi.hoisted(() => {
  // Set before lib/env is imported, which the dynamic imports below do.
  process.env.DATABASE_PATH = `${process.env.TMPDIR ?? "/tmp"}/pi-access-${process.pid}-${Date.now()}/app.db`;
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  process.env.BETTER_AUTH_SECRET = "a-test-secret-that-is-long-enough-for-better-auth";
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
  process.env.CDC_TOKEN = "a-change-event-token-for-the-access-test";
  return { headers: new Headers() };
});

// A page reads its request through next/headers; outside a Next server the test supplies it.
vi.mock("next/headers", () => ({
  headers: async () => state.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
}));

/** docs/access.md's table, by route as the files name it. */
const expectedAccess: Record<string, Access> = {
  "/": "staff",
  "/follow-ups": "staff",
  "/sign-in": "public",
  "/accounts/[accountId]": "staff",
  "/invoices/[invoiceId]": "staff",
  "/outreach/export": "staff",
  "/trends": "manager",
  "/model": "manager",
  "/model/runs/[runId]": "manager",
  "/imports": "manager",
  "/imports/[importId]": "manager",
  "/imports/[importId]/rejects.csv": "manager",
  "/upload": "admin",
  "/upload/[jobId]": "admin",
  "/api/uploads": "admin",
  "/api/uploads/[jobId]": "admin",
  "/admin/users": "admin",
  "/admin/audit": "admin",
  "/admin/cdc": "admin",
  "/api/auth/[...all]": "public",
  "/api/health": "public",
  "/api/cdc/debezium": "token",
};

const sampleParams: Record<string, string> = { accountId: "1", invoiceId: "1", runId: "1", importId: "1", jobId: "20260101t000000-abcdef12" };

const appDir = path.resolve(import.meta.dirname);
type Entry = { file: string; route: string; kind: "page" | "route" };

function walk(dir: string): Entry[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return walk(full);
    if (d.name !== "page.tsx" && d.name !== "route.ts") return [];
    const route = `/${path.relative(appDir, dir).split(path.sep).join("/")}`.replace(/\/$/, "") || "/";
    return [{ file: full, route, kind: d.name === "page.tsx" ? ("page" as const) : ("route" as const) }];
  });
}

function concretePath(route: string): string {
  return route.replace(/\[\.\.\.(\w+)\]/g, "get-session").replace(/\[(\w+)\]/g, (_, name: string) => sampleParams[name] ?? "1");
}

function paramsOf(route: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [, spread, name] of route.matchAll(/\[(\.\.\.)?(\w+)\]/g)) params[name!] = spread ? ["get-session"] : (sampleParams[name!] ?? "1");
  return params;
}

type Outcome = "allowed" | "sign-in" | "not allowed" | "needs token";
const who = ["signed out", "staff", "manager", "admin"] as const;
type Who = (typeof who)[number];

function expectedOutcome(access: Access, user: Who): Outcome {
  if (access === "public") return "allowed";
  // A session of any role opens nothing here: only the configured token does.
  if (access === "token") return "needs token";
  if (user === "signed out") return "sign-in";
  const order: Role[] = ["staff", "manager", "admin"];
  return order.indexOf(user) >= order.indexOf(access) ? "allowed" : "not allowed";
}

const entries = walk(appDir);
const cookies: Partial<Record<Who, string>> = {};
const origin = "http://localhost:3000";

function requestHeaders(user: Who, extra: Record<string, string> = {}): Headers {
  const h = new Headers({ origin, ...extra });
  const cookie = cookies[user];
  if (cookie) h.set("cookie", cookie);
  return h;
}

/** Runs a page as a server component would be run, and reads the access decision from what it threw. */
async function visitPage(entry: Entry, user: Who): Promise<Outcome> {
  state.headers = requestHeaders(user, { "x-pi-return-path": concretePath(entry.route) });
  const page = (await import(entry.file)).default as (props: unknown) => Promise<unknown>;
  try {
    await page({ params: Promise.resolve(paramsOf(entry.route)), searchParams: Promise.resolve({}) });
    return "allowed";
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT") && digest.includes(";/sign-in")) return "sign-in";
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "not allowed";
    // Anything else (notFound, an empty database) happened after the check let the request through.
    return "allowed";
  }
}

async function callRoute(entry: Entry, method: string, user: Who, headers: Record<string, string> = {}): Promise<Response> {
  const mod = (await import(entry.file)) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
  const request = new Request(`${origin}${concretePath(entry.route)}`, { method, headers: requestHeaders(user, headers) });
  state.headers = request.headers;
  return mod[method]!(request, { params: Promise.resolve(paramsOf(entry.route)) });
}

async function routeOutcome(response: Response): Promise<Outcome> {
  const body = (await response.clone().json().catch(() => null)) as { error?: string } | null;
  if (response.status === 401 && body?.error === "Sign in first.") return "sign-in";
  if (response.status === 401 && body?.error === "This needs the change-event token.") return "needs token";
  if (response.status === 403 && body?.error?.startsWith("This needs the")) return "not allowed";
  return "allowed";
}

const methods = (file: string) => ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export (async )?function ${m}\\b`).test(fs.readFileSync(file, "utf8")));

beforeAll(async () => {
  const { getAuth } = await import("@/lib/auth/server");
  const auth = getAuth();
  for (const role of ["staff", "manager", "admin"] as const) {
    await auth.api.createUser({ body: { email: `${role}@example.com`, password: "correct-horse-battery", name: `Test ${role}`, role } });
    const { signInCookie } = await import("@/lib/auth/test-support");
    cookies[role] = await signInCookie((r) => auth.handler(r), `${role}@example.com`, "correct-horse-battery", `198.51.100.${role.length}`);
  }
});

describe("access to every page and route under app/", () => {
  it("finds the pages and routes, and each has an expected access that lib/auth/access.ts agrees with", () => {
    expect(entries.length).toBeGreaterThanOrEqual(19);
    for (const entry of entries) {
      expect(expectedAccess, `${entry.route} (${path.relative(appDir, entry.file)}) has no row in this test's table: add it, and a check in the file`).toHaveProperty([entry.route]);
      expect(accessForPath(concretePath(entry.route)), `lib/auth/access.ts for ${entry.route}`).toBe(expectedAccess[entry.route]);
    }
  });

  for (const entry of entries) {
    for (const method of entry.kind === "page" ? ["page"] : methods(entry.file)) {
      it(`${method === "page" ? "page" : method} ${entry.route}`, async () => {
        const access = expectedAccess[entry.route];
        expect(access, `no row for ${entry.route}`).toBeDefined();
        const seen: Record<string, Outcome> = {};
        const wanted: Record<string, Outcome> = {};
        for (const user of who) {
          wanted[user] = expectedOutcome(access!, user);
          seen[user] = method === "page" ? await visitPage(entry, user) : await routeOutcome(await callRoute(entry, method, user));
        }
        expect(seen).toEqual(wanted);
      });
    }
  }

  it("refuses every state-changing route from another origin, even with an admin's session", async () => {
    // Token routes read no cookie, so another origin's page has no credential of ours to borrow.
    const writes = entries.filter((e) => e.kind === "route" && expectedAccess[e.route] !== "public" && expectedAccess[e.route] !== "token").flatMap((e) => methods(e.file).filter((m) => m !== "GET").map((m) => ({ e, m })));
    expect(writes.length).toBeGreaterThan(0);
    for (const { e, m } of writes) {
      for (const foreign of ["http://evil.example", "null"]) {
        const response = await callRoute(e, m, "admin", { origin: foreign, "content-type": "multipart/form-data; boundary=x" });
        expect(response.status, `${m} ${e.route} from ${foreign}`).toBe(403);
      }
      const noOrigin = new Request(`${origin}${concretePath(e.route)}`, { method: m, headers: { cookie: cookies.admin! } });
      const mod = (await import(e.file)) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
      expect((await mod[m]!(noOrigin, { params: Promise.resolve(paramsOf(e.route)) })).status, `${m} ${e.route} with no Origin`).toBe(403);
    }
  });
});

let accessForPath: (p: string) => Access;
beforeAll(async () => {
  accessForPath = (await import("@/lib/auth/access")).accessFor;
});

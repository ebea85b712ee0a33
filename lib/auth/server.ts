import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { nextCookies } from "better-auth/next-js";
import { openDb, type Db } from "../db/client";
import { env, resolveDatabasePath } from "../env";
import { createAuth, type Auth } from "./create-auth";
import { appBaseURL, appOrigins, isSameOrigin } from "./origins";
import { RETURN_PATH_HEADER } from "./return-path";
import { hasRole, isRole, type Role } from "./roles";
import { secretBesideDatabase } from "./secret";
import { regionSchema, type Region } from "../regions";

/*
 * The access checks every page, route handler and server action makes first. The proxy may
 * redirect earlier, but these are what decide: each reads the session from the request's cookie
 * through better-auth and compares the user's role with the one the caller needs.
 */

export type SessionUser = { id: string; name: string; email: string; role: Role; region: string };

const globalForAuth = globalThis as unknown as { paymentInsightsAuth?: Auth; paymentInsightsAuthDb?: Db };

/** The write handle sign-in uses: sessions, rate-limit counts and the audit log. */
export function getAuthDb(): Db {
  globalForAuth.paymentInsightsAuthDb ??= openDb(resolveDatabasePath());
  return globalForAuth.paymentInsightsAuthDb;
}

/**
 * The dashboard's better-auth instance. It writes sessions and rate-limit counts, so it has a
 * handle of its own rather than the query-only getDb().
 */
export function getAuth(): Auth {
  if (!globalForAuth.paymentInsightsAuth) {
    const dbFile = resolveDatabasePath();
    globalForAuth.paymentInsightsAuth = createAuth({
      db: getAuthDb(),
      secret: env.BETTER_AUTH_SECRET ?? secretBesideDatabase(dbFile),
      baseURL: appBaseURL(),
      trustedOrigins: appOrigins(),
      plugins: [nextCookies()],
    });
  }
  return globalForAuth.paymentInsightsAuth;
}

/** The region a user's lists open on: their own, or every region when theirs is unknown. */
export function homeRegion(user: SessionUser): Region | undefined {
  const parsed = regionSchema.safeParse(user.region);
  return parsed.success && parsed.data !== "Unknown" ? parsed.data : undefined;
}

/** The signed-in user of a request, or null (no cookie, an expired session, a banned user). */
export async function getSessionUser(requestHeaders: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session || session.user.banned) return null;
  const { id, name, email, role, region } = session.user as typeof session.user & { region?: string };
  return { id, name, email, role: isRole(role) ? role : "staff", region: region ?? "Unknown" };
}

/**
 * For pages: the signed-in user if their role is at least `required`. Signed out, it redirects
 * to the sign-in page with a return path; with too small a role it renders app/forbidden.tsx (403).
 */
export async function requireRole(required: Role): Promise<SessionUser> {
  const requestHeaders = await headers();
  const user = await getSessionUser(requestHeaders);
  if (!user) {
    const returnPath = requestHeaders.get(RETURN_PATH_HEADER);
    redirect(returnPath && returnPath !== "/" ? `/sign-in?next=${encodeURIComponent(returnPath)}` : "/sign-in");
  }
  if (!hasRole(user.role, required)) forbidden();
  return user;
}

export type RequestAuthorization = { ok: true; user: SessionUser } | { ok: false; response: Response };

function refuse(status: 401 | 403, error: string): { ok: false; response: Response } {
  return { ok: false, response: Response.json({ error }, { status, headers: { "cache-control": "no-store" } }) };
}

/**
 * For route handlers: 401 JSON without a session, 403 JSON for too small a role, and 403 for a
 * state-changing request from another origin (a page elsewhere can make the browser send our
 * cookie with a no-cors POST; its Origin header gives it away).
 */
export async function authorizeRequest(request: Request, required: Role, options: { isWrite?: boolean } = {}): Promise<RequestAuthorization> {
  if (options.isWrite && !isSameOrigin(request.headers)) return refuse(403, "This request did not come from the dashboard's own pages, so it was refused.");
  const user = await getSessionUser(request.headers);
  if (!user) return refuse(401, "Sign in first.");
  if (!hasRole(user.role, required)) return refuse(403, `This needs the ${required} role.`);
  return { ok: true, user };
}

/** For server actions: the same checks as authorizeRequest, on the action's request. Throws when refused. */
export async function requireActionRole(required: Role): Promise<SessionUser> {
  const requestHeaders = await headers();
  if (!isSameOrigin(requestHeaders)) throw new Error("This request did not come from the dashboard's own pages, so it was refused.");
  const user = await getSessionUser(requestHeaders);
  if (!user || !hasRole(user.role, required)) throw new Error(`This needs the ${required} role.`);
  return user;
}

import { betterAuth, type BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { admin } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, userAc } from "better-auth/plugins/admin/access";
import type { Db } from "../db/client";
import { authSchema } from "../db/auth-schema";
import { clientAddress, recordAudit } from "./audit";

/*
 * The one better-auth configuration, built around a database handle that may write (better-auth
 * stores sessions and rate-limit counters itself). The dashboard builds it once in
 * lib/auth/server.ts; the users CLI and the tests build their own on their own handles.
 */

const ac = createAccessControl(defaultStatements);
// Only admins manage users; staff and managers differ in what pages they see, not here.
const roles = { staff: ac.newRole(userAc.statements), manager: ac.newRole(userAc.statements), admin: ac.newRole(adminAc.statements) };

export type AuthOptions = {
  db: Db;
  secret: string;
  baseURL: string;
  trustedOrigins?: string[];
  plugins?: BetterAuthPlugin[];
};

export function createAuth({ db, secret, baseURL, trustedOrigins = [], plugins = [] }: AuthOptions) {
  return betterAuth({
    appName: "Payment Insights",
    baseURL,
    secret,
    trustedOrigins,
    database: drizzleAdapter(db, { provider: "sqlite", schema: authSchema }),
    // Accounts are made by an admin (or the first-start form), never by signing up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    user: { additionalFields: { region: { type: "string", required: false, defaultValue: "Unknown", input: false } } },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    // better-auth sets cookies httpOnly and SameSite=Lax, and Secure with a __Secure- prefix when baseURL is https.
    // Origin checks stated outright: better-auth skips them by default when NODE_ENV is "test".
    advanced: { cookiePrefix: "pi", disableOriginCheck: false, disableCSRFCheck: false },
    rateLimit: {
      enabled: true,
      // SQLite storage: one `next start` process, and the counts survive its restart.
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 5 } },
    },
    telemetry: { enabled: false },
    hooks: {
      // Every sign-in attempt and sign-out into the audit log (a rate-limited one never gets here).
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email" && ctx.path !== "/sign-out") return;
        const returned = ctx.context.returned;
        const failed = returned instanceof APIError;
        const user = ctx.path === "/sign-in/email" ? ctx.context.newSession?.user : ctx.context.session?.user;
        recordAudit(db, {
          action: ctx.path === "/sign-in/email" ? "sign-in" : "sign-out",
          outcome: failed ? "failed" : "ok",
          actorEmail: user?.email ?? (typeof ctx.body?.email === "string" ? ctx.body.email.slice(0, 200) : null),
          actorUserId: user?.id ?? null,
          detail: failed ? (returned.body?.message ?? returned.message) : null,
          ipAddress: clientAddress(ctx.request?.headers ?? ctx.headers),
        });
      }),
    },
    plugins: [admin({ ac, roles, defaultRole: "staff", adminRoles: ["admin"] }), ...plugins],
  });
}

export type Auth = ReturnType<typeof createAuth>;

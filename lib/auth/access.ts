import type { Role } from "./roles";

/*
 * Who may open which address, as one table: the proxy's early redirect and the navigation read it;
 * the checks that decide are the requireRole calls in each page, route and action
 * (lib/auth/server.ts), and app/access.test.ts proves that they agree with it. "token" routes take
 * no session at all: a machine calls them with a bearer token (lib/auth/bearer-token.ts).
 */
export type Access = "public" | "token" | Role;

const RULES: readonly { prefix: string; access: Access }[] = [
  { prefix: "/sign-in", access: "public" },
  { prefix: "/api/auth", access: "public" },
  { prefix: "/api/health", access: "public" },
  { prefix: "/api/cdc", access: "token" },
  { prefix: "/upload", access: "admin" },
  { prefix: "/api/uploads", access: "admin" },
  { prefix: "/admin", access: "admin" },
  { prefix: "/trends", access: "manager" },
  { prefix: "/model", access: "manager" },
  { prefix: "/imports", access: "manager" },
  { prefix: "/outreach", access: "staff" },
  { prefix: "/follow-ups", access: "staff" },
  { prefix: "/accounts", access: "staff" },
  { prefix: "/invoices", access: "staff" },
];

/** The access an address needs; anything not listed needs an admin, so a forgotten page is closed. */
export function accessFor(pathname: string): Access {
  if (pathname === "/") return "staff";
  const rule = RULES.find((r) => pathname === r.prefix || pathname.startsWith(`${r.prefix}/`) || pathname.startsWith(`${r.prefix}.`));
  return rule?.access ?? "admin";
}

/** A return path from the sign-in page: only a path on this site, never another origin. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}

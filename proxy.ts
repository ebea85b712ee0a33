import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { accessFor } from "@/lib/auth/access";
import { contentSecurityPolicy, newNonce } from "@/lib/auth/content-security-policy";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";

/*
 * An early, cheap redirect for people who are plainly signed out (no session cookie at all).
 * It is not the access control: every page, route and action checks the session and role
 * itself (lib/auth/server.ts), because a cookie that is present may still be expired or forged.
 * It also gives each page response its Content-Security-Policy with a fresh nonce.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const policy = contentSecurityPolicy({ nonce: newNonce(), isDev: process.env.NODE_ENV === "development" });
  const access = accessFor(pathname);
  if (access !== "public" && access !== "token" && !getSessionCookie(request, { cookiePrefix: "pi" })) {
    const isDownload = pathname.endsWith(".csv") || pathname === "/outreach/export";
    const refused = isDownload
      ? NextResponse.json({ error: "Sign in first." }, { status: 401, headers: { "cache-control": "no-store" } })
      : NextResponse.redirect(signInUrl(request, pathname, search));
    refused.headers.set("content-security-policy", policy);
    return refused;
  }
  const forwarded = new Headers(request.headers);
  forwarded.set(RETURN_PATH_HEADER, `${pathname}${search}`);
  // Next takes the nonce for its own scripts from the request's policy.
  forwarded.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", policy);
  return response;
}

function signInUrl(request: NextRequest, pathname: string, search: string): URL {
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/") signIn.searchParams.set("next", `${pathname}${search}`);
  return signIn;
}

export const config = {
  // Not for build output and static files, nor for /api: Next buffers the body of every request
  // a proxy sees (10 MB at most), which would cut an upload short. The routes check for themselves.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};

import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { accessFor } from "@/lib/auth/access";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";

/*
 * An early, cheap redirect for people who are plainly signed out (no session cookie at all).
 * It is not the access control: every page, route and action checks the session and role
 * itself (lib/auth/server.ts), because a cookie that is present may still be expired or forged.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const access = accessFor(pathname);
  if (access !== "public" && access !== "token" && !getSessionCookie(request, { cookiePrefix: "pi" })) {
    const isDownload = pathname.endsWith(".csv") || pathname === "/outreach/export";
    if (isDownload) return NextResponse.json({ error: "Sign in first." }, { status: 401, headers: { "cache-control": "no-store" } });
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  const forwarded = new Headers(request.headers);
  forwarded.set(RETURN_PATH_HEADER, `${pathname}${search}`);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  // Not for build output and static files, nor for /api: Next buffers the body of every request
  // a proxy sees (10 MB at most), which would cut an upload short. The routes check for themselves.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};

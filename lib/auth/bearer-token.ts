import { createHash, timingSafeEqual } from "node:crypto";

/*
 * Machine-to-machine access for routes a service calls (the access table's "token" routes):
 * no session and no cookie, so a page on another origin has nothing of ours to send.
 */

export type TokenAuthorization = { ok: true } | { ok: false; response: Response };

export const TOKEN_REFUSED = "This needs the change-event token.";

/**
 * The token of `Authorization: Bearer <token>`, or of the `Bearer: <token>` header Debezium
 * Server's HTTP sink sends in its JWT mode.
 */
export function bearerTokenOf(headers: Headers): string | null {
  const authorization = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  if (authorization) return authorization[1]!;
  const jwtMode = headers.get("bearer")?.trim();
  return jwtMode ? jwtMode : null;
}

/** Compares in constant time; hashing first gives equal-length buffers and hides the token's length. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function refuse(status: 401 | 503, error: string): TokenAuthorization {
  return { ok: false, response: Response.json({ error }, { status, headers: { "cache-control": "no-store", "www-authenticate": "Bearer" } }) };
}

/** 401 JSON for a missing or wrong token; 503 when no token is configured, so the route is off. */
export function authorizeToken(request: Request, expected: string | undefined, variable = "CDC_TOKEN"): TokenAuthorization {
  if (!expected) return refuse(503, `Change events are off: set ${variable} to turn them on.`);
  const given = bearerTokenOf(request.headers);
  if (given === null || !tokensMatch(given, expected)) return refuse(401, TOKEN_REFUSED);
  return { ok: true };
}

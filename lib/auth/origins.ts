import { env } from "../env";

/*
 * The origins the app answers to. Sign-in (better-auth's trustedOrigins) and every write of the
 * app's own (the Origin check) accept requests from these only.
 */
export function appBaseURL(): string {
  return env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`;
}

export function appOrigins(): string[] {
  const base = new URL(appBaseURL()).origin;
  // Unconfigured, the local default also answers on the loopback address people type.
  return env.BETTER_AUTH_URL ? [base] : [base, `http://127.0.0.1:${env.PORT}`];
}

/**
 * Whether a state-changing request comes from one of the app's own pages. Browsers send Origin on
 * every cross-origin request and on same-origin POSTs, so a missing Origin is refused too.
 */
export function isSameOrigin(headers: Headers, origins: readonly string[] = appOrigins()): boolean {
  const origin = headers.get("origin");
  return origin !== null && origins.includes(origin);
}

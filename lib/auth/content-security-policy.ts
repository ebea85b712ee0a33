/*
 * The Content-Security-Policy of every response. Pages get a fresh nonce per request from the
 * proxy: Next reads it from the request's policy and puts it on its own inline scripts (the
 * streamed page data), so no other inline script can run. Responses the proxy does not see
 * (route handlers, build output) carry the policy without a nonce; they render no HTML that
 * runs scripts. Styles keep 'unsafe-inline': React and the charts set style attributes.
 */
export function contentSecurityPolicy({ nonce, isDev = false }: { nonce?: string; isDev?: boolean } = {}): string {
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV === "development";

// Next's App Router streams its page data in inline <script> tags and inlines some styles, so
// both need 'unsafe-inline' without a per-request nonce (docs/access.md, "Headers"). Nothing is
// loaded from another origin, and no one may frame the dashboard. Dev mode's refresh needs eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden(): a signed-in user whose role is too small gets app/forbidden.tsx with a 403.
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  // Native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3"],
  // The SQL models and migrations are read from disk by the ETL the upload route runs.
  outputFileTracingIncludes: { "/**": ["./etl/sql-models/**/*.sql", "./drizzle/**/*"] },
  // The outreach list is the home page, but "/outreach" is the address its nav label suggests.
  // Next passes the query string on, so a link with filters keeps them.
  async redirects() {
    return [{ source: "/outreach", destination: "/", permanent: false }];
  },
};

export default nextConfig;

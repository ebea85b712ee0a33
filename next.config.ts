import type { NextConfig } from "next";
import { contentSecurityPolicy } from "./lib/auth/content-security-policy";

const isDev = process.env.NODE_ENV === "development";

const securityHeaders = [
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden(): a signed-in user whose role is too small gets app/forbidden.tsx with a 403.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Pages get theirs, with a nonce, from the proxy (proxy.ts); these paths never reach it.
      ...["/api/:path*", "/_next/:path*", "/favicon.ico", "/icon.svg"].map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: contentSecurityPolicy({ isDev }) }],
      })),
    ];
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

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
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

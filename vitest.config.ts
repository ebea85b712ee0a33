import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    // data/ holds scratch databases, bench copies and generated extracts, never tests.
    exclude: ["**/node_modules/**", "e2e/**", ".next/**", "data/**"],
    environment: "node",
    // better-sqlite3 is a native addon; separate processes keep each file's handles apart.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

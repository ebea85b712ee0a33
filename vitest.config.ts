import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    environment: "node",
    // better-sqlite3 is a native addon; separate processes keep each file's handles apart.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

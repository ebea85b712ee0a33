import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const root = path.dirname(fileURLToPath(import.meta.url));

// lib/queries modules that never reach lib/db, so a client component may import their values.
const clientSafeQueries = new Set(["lib/queries/outreach-params"]);

// The repo path ("lib/db/client") an import source points at, or null for a package.
function repoPath(source, filename) {
  let abs;
  if (source.startsWith("@/")) abs = path.join(root, source.slice(2));
  else if (source.startsWith(".")) abs = path.resolve(path.dirname(filename), source);
  else return null;
  return path.relative(root, abs).split(path.sep).join("/").replace(/\.(ts|tsx|js|mjs)$/, "");
}

function serverOnlyReason(source, filename) {
  if (/^node:|^(fs|path|child_process|os|worker_threads)(\/|$)|^better-sqlite3$/.test(source)) return "a Node/server module";
  const p = repoPath(source, filename);
  if (!p) return null;
  if (p.startsWith("lib/db/") || p === "lib/db") return "lib/db (the database handle)";
  if (p.startsWith("lib/queries/") && !clientSafeQueries.has(p.replace(/\/index$/, ""))) return "lib/queries (reads the database)";
  if (p.startsWith("etl/") || p === "etl") return "etl/";
  return null;
}

// Type-only imports/exports are erased by the compiler, so they never reach the browser bundle.
const isTypeOnly = (node) =>
  node.importKind === "type" ||
  node.exportKind === "type" ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));

const clientBoundary = {
  meta: { type: "problem", messages: { serverOnly: '"use client" file imports {{reason}} as a value: "{{source}}". Use `import type`, or move the shared code to a client-safe lib/ module.' } },
  create(context) {
    let isClient = false;
    const check = (node) => {
      if (!isClient || !node.source || typeof node.source.value !== "string" || isTypeOnly(node)) return;
      const reason = serverOnlyReason(node.source.value, context.filename);
      if (reason) context.report({ node: node.source, messageId: "serverOnly", data: { reason, source: node.source.value } });
    };
    return {
      Program(program) {
        // Only the directive prologue counts: "use client" must come before any import.
        for (const stmt of program.body) {
          if (stmt.type !== "ExpressionStatement" || typeof stmt.directive !== "string") break;
          if (stmt.directive === "use client") isClient = true;
        }
      },
      ImportDeclaration: check,
      ImportExpression: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};

const libZone = { target: "./lib", from: ["./etl", "./app", "./components"], message: "lib/ must not import etl/, app/ or components/ (layers: app -> lib <- etl)." };
const otherZones = [
  { target: "./components", from: "./etl", message: "components/ must not import etl/; shared specs belong in lib/." },
  { target: "./etl", from: ["./app", "./components"], message: "etl/ must not import app/ or components/." },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "node_modules/**", "test-results/**", "playwright-report/**", "data/**", "drizzle/meta/**"]),
  {
    plugins: { local: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      // `const { omitted: _omitted, ...rest } = row` is how this code drops a key from a copy.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
      "local/client-boundary": "error",
      // Layers: app -> lib <- etl. Paths are resolved (relative and @/ alias) before matching.
      "import/no-restricted-paths": ["error", { zones: [libZone, ...otherZones] }],
    },
  },
  {
    // A test of a read builds its database through the real import, so lib's tests may import
    // etl; what they test may not.
    files: ["lib/**/*.test.ts"],
    rules: { "import/no-restricted-paths": ["error", { zones: [{ ...libZone, from: ["./app", "./components"] }, ...otherZones] }] },
  },
]);

import path from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { importExtracts } from "@/etl/import/import-extracts";
import { openDb } from "@/lib/db/client";

// lib/env.ts reads DATABASE_PATH when first imported, so it is set before any import runs.
const dbFile = vi.hoisted(() => {
  const file = `${process.env.TMPDIR ?? "/tmp"}/pi-export-${process.pid}-${Date.now()}/test.db`;
  process.env.DATABASE_PATH = file;
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  process.env.BETTER_AUTH_SECRET = "a-test-secret-that-is-long-enough-for-better-auth";
  return file;
});

const extractsDir = path.resolve(process.cwd(), "..", "shared", "extracts");
let GET: (request: Request) => Promise<Response>;
// The export is for staff and up: a staff member's session cookie, from better-auth's sign-in.
let cookie = "";

beforeAll(async () => {
  const db = openDb(dbFile);
  await importExtracts(db, ["accounts.csv", "skus.csv", "invoices.csv", "invoice_line_items.csv"].map((f) => ({ path: path.join(extractsDir, f) })));
  // A hostile name as a live extract could carry it: a spreadsheet must not run it.
  db.$client.prepare(`update mart_accounts set company_name = '=HYPERLINK("http://evil","x")', contact_person = '@SUM(A1)' where account_id = 162`).run();
  db.$client.close();
  ({ GET } = await import("./route"));
  const { getAuth } = await import("@/lib/auth/server");
  const { signInCookie } = await import("@/lib/auth/test-support");
  await getAuth().api.createUser({ body: { email: "sam@example.com", password: "sam-password-1", name: "Sam", role: "staff" } });
  cookie = await signInCookie((r) => getAuth().handler(r), "sam@example.com", "sam-password-1");
});

async function exportCsv(query: string) {
  const response = await GET(new Request(`http://localhost/outreach/export?${query}`, { headers: { cookie } }));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  const text = await response.text();
  return { response, rows: Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data };
}

describe("the outreach CSV export", () => {
  it("exports every row of the current view in its order", async () => {
    const { rows, response } = await exportCsv("asOf=2021-05-12&region=South&sort=overdue&dir=desc");
    expect(response.headers.get("content-disposition")).toContain("outreach-2021-05-12.csv");
    expect(rows.length).toBeGreaterThan(25);
    expect(rows.every((r) => r.region === "South")).toBe(true);
    const overdue = rows.map((r) => Number(r.overdue_usd));
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));
  });

  it("neutralises cells that a spreadsheet would run as formulas", async () => {
    const { rows } = await exportCsv("asOf=2021-05-12&q=162");
    const row = rows.find((r) => r.account_id === "162")!;
    expect(row.company).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(row.contact_person).toBe("'@SUM(A1)");
    expect(row.reasons).not.toMatch(/^[=+\-@]/);
  });

  it("defaults to the data's as-of date, the last payment, when nothing is open", async () => {
    const { rows, response } = await exportCsv("sort=priority");
    expect(response.headers.get("content-disposition")).toContain("outreach-2021-07-08.csv");
    expect(rows).toEqual([]);
  });

  it("uses the as-of date from the URL", async () => {
    const { rows, response } = await exportCsv("asOf=2020-11-12&overdueOnly=1");
    expect(response.headers.get("content-disposition")).toContain("outreach-2020-11-12.csv");
    expect(rows.every((r) => Number(r.overdue_usd) > 0)).toBe(true);
  });
});

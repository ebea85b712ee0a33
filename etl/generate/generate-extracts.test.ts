import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addYears, parseEpochDay } from "./dates";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { type GeneratedCounts, DEFAULT_END, generateExtracts } from "./generate-extracts";
import { skuCountForScale } from "./skus";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const realExtracts = path.join(repoRoot, "..", "shared", "extracts");
const FILES = fileKinds.map((kind) => fileSpecs[kind].fileName);

type Row = Record<string, string>;
interface Extract {
  dir: string;
  counts: GeneratedCounts;
  text: Record<string, string>;
  accounts: Row[];
  skus: Row[];
  invoices: Row[];
  lines: Row[];
}

let workDir = "";

async function generate(name: string, scale: number, seed: number, end = DEFAULT_END): Promise<Extract> {
  const dir = path.join(workDir, name);
  const counts = await generateExtracts({ outDir: dir, scale, seed, end });
  const text: Record<string, string> = {};
  for (const file of FILES) text[file] = await readFile(path.join(dir, file), "utf8");
  const parse = (file: string): Row[] => {
    const result = Papa.parse<Row>(text[file] ?? "", { header: true, skipEmptyLines: true });
    expect(result.errors).toEqual([]);
    return result.data;
  };
  return {
    dir,
    counts,
    text,
    accounts: parse(fileSpecs.accounts.fileName),
    skus: parse(fileSpecs.skus.fileName),
    invoices: parse(fileSpecs.invoices.fileName),
    lines: parse(fileSpecs.invoice_line_items.fileName),
  };
}

function day(iso: string | undefined): number {
  const d = parseEpochDay(iso ?? "");
  if (d === undefined) throw new Error(`not a date: ${iso}`);
  return d;
}

const END = day(DEFAULT_END);
let main: Extract; // scale 1, seed 7: big enough for the distribution checks
let again: Extract; // same options as main
let otherSeed: Extract;
let tenth: Extract;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "generate-extracts-"));
  [main, again, otherSeed, tenth] = await Promise.all([
    generate("main", 1, 7),
    generate("again", 1, 7),
    generate("other-seed", 1, 8),
    generate("tenth", 0.1, 7),
  ]);
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("determinism", () => {
  it("writes byte-identical files for the same seed, scale and end", () => {
    for (const file of FILES) expect(again.text[file], file).toBe(main.text[file]);
  });

  it("writes different files for a different seed", () => {
    for (const file of FILES) expect(otherSeed.text[file], file).not.toBe(main.text[file]);
  });
});

describe("file format", () => {
  it("uses exactly the real extracts' header lines", async () => {
    for (const file of FILES) {
      const real = await readFile(path.join(realExtracts, file), "utf8");
      const realHeader = real.slice(0, real.indexOf("\n"));
      const ours = main.text[file] ?? "";
      expect(ours.slice(0, ours.indexOf("\n")), file).toBe(realHeader);
    }
    expect(Object.keys(main.accounts[0] ?? {})).toEqual([...fileSpecs.accounts.columns]);
  });

  it("uses LF line endings with a final newline, and every record has all columns", () => {
    for (const file of FILES) {
      const text = main.text[file] ?? "";
      expect(text.includes("\r"), file).toBe(false);
      expect(text.endsWith("\n"), file).toBe(true);
      const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      const width = rows[0]?.length;
      expect(rows.every((r) => r.length === width), file).toBe(true);
    }
  });

  it("quotes addresses with newlines and names with commas, and they parse back", () => {
    const withNewline = main.accounts.filter((a) => a.company_address?.includes("\n"));
    expect(withNewline.length).toBe(main.accounts.length);
    const withComma = main.accounts.filter((a) => a.company_name?.includes(","));
    expect(withComma.length).toBeGreaterThan(30);
    const first = withComma[0]?.company_name ?? "";
    expect(main.text[fileSpecs.accounts.fileName]).toContain(`,"${first}",`);
    // A line-based reader would see more lines than records: that is the trap the real files set.
    const physicalLines = (main.text[fileSpecs.accounts.fileName] ?? "").split("\n").length - 1;
    expect(physicalLines).toBe(1 + 2 * main.accounts.length);
  });

  it("writes the row counts it reports", () => {
    expect(main.accounts.length).toBe(main.counts.accounts);
    expect(main.skus.length).toBe(main.counts.skus);
    expect(main.invoices.length).toBe(main.counts.invoices);
    expect(main.lines.length).toBe(main.counts.lines);
  });
});

describe("keys", () => {
  const unique = (values: string[]) => new Set(values).size === values.length;

  it("has unique primary keys, including (invoice_id, item_id)", () => {
    expect(unique(main.accounts.map((a) => a.account_id ?? ""))).toBe(true);
    expect(unique(main.skus.map((s) => s.item_id ?? ""))).toBe(true);
    expect(unique(main.invoices.map((i) => i.invoice_id ?? ""))).toBe(true);
    expect(unique(main.lines.map((l) => `${l.invoice_id}|${l.item_id}`))).toBe(true);
  });

  it("has no orphan keys and no invoice without lines", () => {
    const accountIds = new Set(main.accounts.map((a) => a.account_id));
    const itemIds = new Set(main.skus.map((s) => s.item_id));
    const invoiceIds = new Set(main.invoices.map((i) => i.invoice_id));
    expect(main.invoices.filter((i) => !accountIds.has(i.account_id))).toEqual([]);
    expect(main.lines.filter((l) => !invoiceIds.has(l.invoice_id))).toEqual([]);
    expect(main.lines.filter((l) => !itemIds.has(l.item_id))).toEqual([]);
    const invoicedLines = new Set(main.lines.map((l) => l.invoice_id));
    expect(invoicedLines.size).toBe(invoiceIds.size);
  });

  it("has ISBN-10 item ids with valid check digits, some ending in X", () => {
    for (const { item_id: id = "" } of main.skus) {
      expect(id).toMatch(/^[01]-\d+-\d+-[\dX]$/);
      const chars = id.replaceAll("-", "");
      expect(chars).toHaveLength(10);
      let sum = 0;
      for (let i = 0; i < 10; i++) sum += (chars[i] === "X" ? 10 : Number(chars[i])) * (10 - i);
      expect(sum % 11, id).toBe(0);
    }
    expect(main.skus.filter((s) => s.item_id?.endsWith("X")).length).toBeGreaterThan(0);
  });
});

describe("accounts", () => {
  it("has M/F genders, joining dates 5 to 2 years before the end, and military addresses", () => {
    expect(new Set(main.accounts.map((a) => a.gender))).toEqual(new Set(["M", "F"]));
    const joinFrom = addYears(END, -5);
    const joinTo = addYears(END, -2);
    for (const a of main.accounts) {
      expect(day(a.joining_date)).toBeGreaterThanOrEqual(joinFrom);
      expect(day(a.joining_date)).toBeLessThanOrEqual(joinTo);
    }
    const lastLines = main.accounts.map((a) => a.company_address?.split("\n")[1] ?? "");
    const military = lastLines.filter((l) => /^(APO|FPO|DPO) (AA|AE|AP) \d{5}$/.test(l));
    const civilian = lastLines.filter((l) => /^[^,]+, [A-Z]{2} \d{5}$/.test(l));
    expect(military.length + civilian.length).toBe(main.accounts.length);
    expect(military.length).toBeGreaterThan(5);
    expect(military.length).toBeLessThan(40);
  });

  it("has unique company names in the real mix of forms", async () => {
    // Scale 5: 1,000 accounts, enough that plain draws would repeat "<surname> LLC".
    const larger = await generate("scale-5", 5, 7);
    const largerNames = larger.accounts.map((a) => a.company_name ?? "");
    expect(new Set(largerNames).size).toBe(largerNames.length);
    const names = main.accounts.map((a) => a.company_name ?? "");
    const threeNames = names.filter((n) => /^[^,]+, [^,]+ and .+$/.test(n)).length;
    const suffixed = names.filter((n) => / (Inc|and Sons|LLC|Group|PLC|Ltd)$/.test(n)).length;
    expect(threeNames).toBeGreaterThan(40);
    expect(suffixed).toBeGreaterThan(40);
  });

  it("has phones in many formats", () => {
    const shapes = new Set(main.accounts.map((a) => a.contact_phone?.replace(/\d/g, "9")));
    expect(shapes.size).toBeGreaterThanOrEqual(15);
    expect(shapes).toContain("999.999.9999");
    expect(shapes).toContain("(999)999-9999");
  });
});

describe("skus", () => {
  it("has cent prices with retail above cost", () => {
    for (const s of main.skus) {
      expect(s.item_cost_price).toMatch(/^\d+\.\d{1,2}$/);
      expect(s.item_retail_price).toMatch(/^\d+\.\d{1,2}$/);
      const cost = Number(s.item_cost_price);
      expect(cost).toBeGreaterThanOrEqual(100);
      expect(cost).toBeLessThanOrEqual(10_000);
      expect(Number(s.item_retail_price) / cost).toBeGreaterThanOrEqual(1.099);
    }
  });
});

describe("invoices and payments", () => {
  const delayOf = (i: Row) => day(i.payment_dates) - day(i.date_issued);

  it("issues invoices over the year up to the end date", () => {
    const issued = main.invoices.map((i) => day(i.date_issued));
    expect(Math.min(...issued)).toBe(addYears(END, -1));
    expect(Math.max(...issued)).toBe(END);
  });

  it("pays 25 to 60 days after issue, never on day 31, and never after the end date", () => {
    const paid = main.invoices.filter((i) => i.payment_dates !== "");
    expect(paid.length).toBeGreaterThan(main.invoices.length * 0.85);
    const delays = new Set(paid.map(delayOf));
    expect(Math.min(...delays)).toBe(25);
    expect(Math.max(...delays)).toBe(60);
    expect(delays.has(31)).toBe(false);
    expect(paid.filter((i) => day(i.payment_dates) > END)).toEqual([]);
  });

  it("leaves invoices unpaid mostly near the end date, plus a few long-overdue accounts", () => {
    const unpaid = main.invoices.filter((i) => i.payment_dates === "");
    const age = (i: Row) => END - day(i.date_issued);
    // Nothing issued within the last 25 days can be paid yet.
    expect(main.invoices.filter((i) => age(i) < 25 && i.payment_dates !== "")).toEqual([]);
    const recent = unpaid.filter((i) => age(i) <= 60);
    expect(recent.length / unpaid.length).toBeGreaterThan(0.9);
    const overdue = unpaid.filter((i) => age(i) > 30);
    expect(overdue.length).toBeGreaterThan(20);
    const longOverdue = unpaid.filter((i) => age(i) > 60);
    expect(longOverdue.length).toBeGreaterThan(0);
    expect(new Set(longOverdue.map((i) => i.account_id)).size).toBeLessThanOrEqual(2);
    expect(Math.max(...unpaid.map(age))).toBeLessThanOrEqual(180);
  });

  it("has about 15% late payments, with a persistent, widely varying tendency per account", () => {
    // Invoices old enough that every payment is known (or known to be missing).
    const settled = main.invoices.filter((i) => END - day(i.date_issued) > 60);
    const isLate = (i: Row) => i.payment_dates === "" || delayOf(i) > 30;
    const share = settled.filter(isLate).length / settled.length;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.18);

    const byAccount = new Map<string, { n: number; late: number }>();
    for (const i of settled) {
      const a = byAccount.get(i.account_id ?? "") ?? { n: 0, late: 0 };
      a.n++;
      if (isLate(i)) a.late++;
      byAccount.set(i.account_id ?? "", a);
    }
    const active = [...byAccount.values()].filter((a) => a.n >= 10);
    const rates = active.map((a) => a.late / a.n);
    expect(rates.filter((r) => r === 0).length / rates.length).toBeGreaterThan(0.1);
    expect(rates.filter((r) => r > 0.6).length).toBeGreaterThan(3);
    // Frequent buyers pay on time; rare buyers are the late ones (as in the real extract).
    const frequent = active.filter((a) => a.n >= 50);
    const rare = active.filter((a) => a.n < 25);
    const pooled = (g: typeof active) => g.reduce((s, a) => s + a.late, 0) / g.reduce((s, a) => s + a.n, 0);
    expect(pooled(rare)).toBeGreaterThan(3 * pooled(frequent));
  });

  it("has 2–9 lines per invoice, about 5.5 on average, and quantities 1–4", () => {
    const perInvoice = new Map<string, number>();
    for (const l of main.lines) perInvoice.set(l.invoice_id ?? "", (perInvoice.get(l.invoice_id ?? "") ?? 0) + 1);
    const counts = [...perInvoice.values()];
    expect(Math.min(...counts)).toBe(2);
    expect(Math.max(...counts)).toBe(9);
    const mean = main.lines.length / main.invoices.length;
    expect(mean).toBeGreaterThan(5.35);
    expect(mean).toBeLessThan(5.65);
    expect(new Set(main.lines.map((l) => l.quantity))).toEqual(new Set(["1", "2", "3", "4"]));
  });
});

describe("scale", () => {
  it("grows accounts, invoices and lines linearly, and the catalogue only past scale 1", () => {
    expect(main.counts.accounts).toBe(200);
    expect(tenth.counts.accounts).toBe(20);
    expect(main.counts.invoices).toBeGreaterThan(8_500);
    expect(main.counts.invoices).toBeLessThan(11_500);
    expect(tenth.counts.invoices / main.counts.invoices).toBeGreaterThan(0.07);
    expect(tenth.counts.invoices / main.counts.invoices).toBeLessThan(0.13);
    expect(tenth.counts.lines / main.counts.lines).toBeGreaterThan(0.07);
    expect(tenth.counts.lines / main.counts.lines).toBeLessThan(0.13);
    expect(tenth.counts.skus).toBe(100);
    expect(skuCountForScale(100)).toBe(1000);
  });

  it("moves the whole timeline with --end", async () => {
    const end = "2023-02-28";
    const shifted = await generate("shifted", 0.2, 7, end);
    const endDay = day(end);
    const issued = shifted.invoices.map((i) => day(i.date_issued));
    expect(Math.min(...issued)).toBeGreaterThanOrEqual(addYears(endDay, -1));
    expect(Math.max(...issued)).toBeLessThanOrEqual(endDay);
    const paid = shifted.invoices.filter((i) => i.payment_dates !== "").map((i) => day(i.payment_dates));
    expect(Math.max(...paid)).toBeLessThanOrEqual(endDay);
    expect(shifted.invoices.some((i) => i.payment_dates === "")).toBe(true);
  });
});

describe("argument checks", () => {
  it("rejects bad options in the API", async () => {
    const outDir = path.join(workDir, "never");
    await expect(generateExtracts({ outDir, scale: 0, seed: 1, end: DEFAULT_END })).rejects.toThrow(/scale/);
    await expect(generateExtracts({ outDir, scale: 1, seed: 1.5, end: DEFAULT_END })).rejects.toThrow(/seed/);
    await expect(generateExtracts({ outDir, scale: 1, seed: 1, end: "2021-02-30" })).rejects.toThrow(/end/);
  });

  it("exits 2 with usage on bad CLI arguments", () => {
    const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
    const cli = path.join(repoRoot, "etl", "generate", "cli.ts");
    const run = spawnSync(tsx, [cli, "--out", path.join(workDir, "cli"), "--scale", "lots"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--scale/);
    expect(run.stderr).toMatch(/Usage: npm run generate/);
  });
});

import { z } from "zod";
import { DEFAULT_END, DEFAULT_SCALE, DEFAULT_SEED, MAX_SCALE, generateExtracts } from "./generate-extracts";
import { parseEpochDay } from "./dates";
import { fileSpecs } from "../../lib/imports/file-specs";

const USAGE = `Usage: npm run generate -- --out DIR [--scale N] [--seed S] [--end YYYY-MM-DD]

Writes accounts.csv, skus.csv, invoices.csv and invoice_line_items.csv into DIR.
  --out DIR      output folder (created if missing; existing extract files are replaced)
  --scale N      size relative to the real extracts, > 0 and <= ${MAX_SCALE} (default ${DEFAULT_SCALE}; 100 ≈ 1M invoices)
  --seed S       integer 0..4294967295 (default ${DEFAULT_SEED}); same seed, scale and end give identical files
  --end DATE     extract date (default ${DEFAULT_END}); invoices cover the year up to it`;

const argsSchema = z.object({
  out: z.string({ error: "is required" }).min(1, "is required"),
  scale: z.coerce.number().positive().max(MAX_SCALE).default(DEFAULT_SCALE),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(DEFAULT_SEED),
  end: z
    .string()
    .refine((s) => parseEpochDay(s) !== undefined, "must be a real date YYYY-MM-DD")
    .default(DEFAULT_END),
});

const KNOWN = new Set(["out", "scale", "seed", "end"]);

class UsageError extends Error {}

/** Accepts `--name value` and `--name=value`. */
function readArgs(argv: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!m || m[1] === undefined) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const name = m[1];
    if (!KNOWN.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith("--"))) {
      throw new UsageError(`--${name} needs a value`);
    }
    raw[name] = value;
  }
  return raw;
}

function fail(message: string): never {
  process.stderr.write(`generate: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let raw: Record<string, string>;
  try {
    raw = readArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const options = { outDir: parsed.data.out, scale: parsed.data.scale, seed: parsed.data.seed, end: parsed.data.end };

  const started = performance.now();
  const counts = await generateExtracts(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const rows: [string, number][] = [
    [fileSpecs.accounts.fileName, counts.accounts],
    [fileSpecs.skus.fileName, counts.skus],
    [fileSpecs.invoices.fileName, counts.invoices],
    [fileSpecs.invoice_line_items.fileName, counts.lines],
  ];
  process.stdout.write(
    `Wrote ${options.outDir} (scale ${options.scale}, seed ${options.seed}, end ${options.end}) in ${seconds}s\n` +
      rows.map(([file, n]) => `  ${file.padEnd(24)} ${n.toLocaleString("en-US").padStart(11)} rows\n`).join(""),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileSpecs } from "../../lib/imports/file-specs";
import { addDays } from "../../lib/dates";

/*
 * The extracts as the source system would have written them a day earlier: what a store holds
 * the night before a steady-state import of `dir`. The last day's invoices and their lines are
 * not issued yet, and its payments not made. The accounts and the catalogue are copied as they
 * are. The invoice and line files are read line by line, which suits the generator's files: they
 * quote no field (a quote is refused rather than misread).
 */

async function* dataLines(file: string): AsyncGenerator<string> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.includes('"')) throw new Error(`${file}: a quoted field; previous-day extracts read unquoted files only`);
    if (line !== "") yield line;
  }
}

async function writeLines(file: string, lines: AsyncIterable<string>): Promise<void> {
  const out = fs.createWriteStream(file);
  for await (const line of lines) if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** The last day on which an invoice was issued or paid in an invoices file. */
async function lastDay(file: string): Promise<string> {
  let last = "";
  let header = true;
  for await (const line of dataLines(file)) {
    if (header) {
      header = false;
      continue;
    }
    const [, , issued = "", paid = ""] = line.split(",");
    if (issued > last) last = issued;
    if (paid > last) last = paid;
  }
  return last;
}

/** Writes `outDir`'s four extracts as `dir`'s stood the day before its last day; returns that day. */
export async function writePreviousDayExtracts(dir: string, outDir: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const invoicesFile = path.join(dir, fileSpecs.invoices.fileName);
  const day = addDays(await lastDay(invoicesFile), -1);
  for (const kind of ["accounts", "skus"] as const) fs.copyFileSync(path.join(dir, fileSpecs[kind].fileName), path.join(outDir, fileSpecs[kind].fileName));

  const issued = new Set<number>();
  await writeLines(
    path.join(outDir, fileSpecs.invoices.fileName),
    (async function* () {
      let header = true;
      for await (const line of dataLines(invoicesFile)) {
        if (header) {
          header = false;
          yield line;
          continue;
        }
        const [id = "", account = "", date = "", paid = ""] = line.split(",");
        if (date > day) continue;
        issued.add(Number(id));
        yield paid > day ? `${id},${account},${date},` : line;
      }
    })(),
  );
  await writeLines(
    path.join(outDir, fileSpecs.invoice_line_items.fileName),
    (async function* () {
      let header = true;
      for await (const line of dataLines(path.join(dir, fileSpecs.invoice_line_items.fileName))) {
        if (header) {
          header = false;
          yield line;
        } else if (issued.has(Number(line.slice(0, line.indexOf(","))))) yield line;
      }
    })(),
  );
  return day;
}

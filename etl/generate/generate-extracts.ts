import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Faker, base, en, en_US } from "@faker-js/faker";
import {
  type AccountProfile,
  companyAddress,
  companyName,
  contactPerson,
  contactPhone,
  drawAccountProfile,
} from "./accounts";
import { BufferedFileWriter, csvRow } from "./csv-writer";
import { DayLabels, addYears, formatEpochDay, parseEpochDay } from "./dates";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import {
  DELINQUENT_MIN_LATE_PROBABILITY,
  DELINQUENT_SHARE,
  LINES_PER_INVOICE,
  QUANTITY,
  STOPPED_PAYING_DAYS_BEFORE_END,
  accountLateIntercept,
  drawPaymentDelay,
  invoiceLateProbability,
} from "./payment-behaviour";
import { createStream } from "./prng";
import { type Sku, formatPrice, generateSkus, skuCountForScale } from "./skus";

export interface GenerateOptions {
  /** Created if missing; the four CSV files in it are replaced. */
  outDir: string;
  /** 1 ≈ the real extracts (200 accounts); fractions make small fixtures. */
  scale: number;
  /** Unsigned 32-bit integer. */
  seed: number;
  /** Extract date `YYYY-MM-DD`: invoices cover the year up to it; later payments are not known yet. */
  end: string;
}

export interface GeneratedCounts {
  accounts: number;
  skus: number;
  invoices: number;
  lines: number;
}

export const DEFAULT_SCALE = 1;
export const DEFAULT_SEED = 1;
/** The real extract's date. */
export const DEFAULT_END = "2021-05-12";
export const MAX_SCALE = 1000;
const BASE_ACCOUNT_COUNT = 200;

export function accountCountForScale(scale: number): number {
  return Math.max(1, Math.round(BASE_ACCOUNT_COUNT * scale));
}

// Separate streams per table, so that e.g. growing the catalogue does not reshuffle accounts.
const ACCOUNT_TEXT_STREAM = 10;
const SKU_TEXT_STREAM = 11;
const INVOICE_STREAM = 12;
const DELINQUENCY_STREAM = 13;

function seededFaker(seed: number, stream: number): Faker {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed([seed, stream]);
  return faker;
}

/**
 * Writes accounts.csv, skus.csv, invoices.csv and invoice_line_items.csv, shaped like the real
 * extracts. The same options always give byte-identical files (for a given @faker-js/faker version).
 */
export async function generateExtracts(options: GenerateOptions): Promise<GeneratedCounts> {
  const { outDir, scale, seed, end } = options;
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new RangeError(`scale must be > 0 and <= ${MAX_SCALE}, got ${scale}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..${0xffffffff}, got ${seed}`);
  }
  const endDay = parseEpochDay(end);
  if (endDay === undefined) throw new RangeError(`end must be a real date YYYY-MM-DD, got ${JSON.stringify(end)}`);

  await mkdir(outDir, { recursive: true });
  const profiles = Array.from({ length: accountCountForScale(scale) }, (_, i) =>
    drawAccountProfile(seed, i + 1, endDay),
  );
  const skus = generateSkus(seededFaker(seed, SKU_TEXT_STREAM), seed, skuCountForScale(scale));

  // Write under temporary names and rename at the end, so a crash never leaves a plausible-looking
  // but truncated extract behind.
  const tmp = (name: string) => path.join(outDir, `${name}.partial`);
  try {
    const skuFile = await BufferedFileWriter.open(tmp(fileSpecs.skus.fileName));
    skuFile.write(csvRow(fileSpecs.skus.columns));
    for (const s of skus) {
      skuFile.write(
        csvRow([s.itemId, s.itemName, s.itemDescription, formatPrice(s.costCents), formatPrice(s.retailCents)]),
      );
    }
    await skuFile.close();

    await writeAccounts(tmp(fileSpecs.accounts.fileName), profiles, seed);
    const { invoices, lines } = await writeInvoices(
      tmp(fileSpecs.invoices.fileName),
      tmp(fileSpecs.invoice_line_items.fileName),
      profiles,
      skus,
      seed,
      endDay,
    );
    for (const name of fileKinds.map((kind) => fileSpecs[kind].fileName)) await rename(tmp(name), path.join(outDir, name));
    return { accounts: profiles.length, skus: skus.length, invoices, lines };
  } catch (error) {
    await Promise.all(fileKinds.map((kind) => fileSpecs[kind].fileName).map((name) => rm(tmp(name), { force: true })));
    throw error;
  }
}

async function writeAccounts(filePath: string, profiles: readonly AccountProfile[], seed: number): Promise<void> {
  const faker = seededFaker(seed, ACCOUNT_TEXT_STREAM);
  const file = await BufferedFileWriter.open(filePath);
  file.write(csvRow(fileSpecs.accounts.columns));
  const usedNames = new Set<string>();
  for (const p of profiles) {
    const row = csvRow([
      String(p.id),
      uniqueCompanyName(faker, usedNames),
      companyAddress(faker),
      contactPerson(faker, p.gender),
      contactPhone(faker),
      p.gender,
      formatEpochDay(p.joiningDay),
    ]);
    if (file.write(row)) await file.flush();
  }
  await file.close();
}

/**
 * The real extract has no two accounts with one name, and the dashboard lists accounts by name.
 * Faker's surname list is short enough that "Smith LLC" would recur thousands of times at scale
 * 100, so redraw; the three-surname form alone has ~10^8 combinations, so this ends quickly.
 */
function uniqueCompanyName(faker: Faker, used: Set<string>): string {
  for (;;) {
    const name = companyName(faker);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/**
 * Picks the accounts that stopped paying: the most active of the chronic late payers, so their
 * unpaid invoices are numerous enough to show up. At least one at every scale, so even a small
 * fixture has long-overdue debt. Returns account id → last day on which it still paid.
 */
export function chooseDelinquents(
  profiles: readonly AccountProfile[],
  seed: number,
  endDay: number,
): Map<number, number> {
  const count = Math.max(1, Math.round(profiles.length * DELINQUENT_SHARE));
  const qualifies = (p: AccountProfile) => (p.lateProbability >= DELINQUENT_MIN_LATE_PROBABILITY ? 1 : 0);
  const ranked = [...profiles].sort(
    (a, b) =>
      qualifies(b) - qualifies(a) ||
      b.invoiceCount - a.invoiceCount ||
      b.lateProbability - a.lateProbability ||
      a.id - b.id,
  );
  const stops = new Map<number, number>();
  for (const p of ranked.slice(0, count)) {
    const rng = createStream(seed, DELINQUENCY_STREAM, p.id);
    stops.set(p.id, endDay - rng.int(STOPPED_PAYING_DAYS_BEFORE_END.min, STOPPED_PAYING_DAYS_BEFORE_END.max));
  }
  return stops;
}

async function writeInvoices(
  invoicePath: string,
  linePath: string,
  profiles: readonly AccountProfile[],
  skus: readonly Sku[],
  seed: number,
  endDay: number,
): Promise<{ invoices: number; lines: number }> {
  const startDay = addYears(endDay, -1);
  const windowDays = endDay - startDay + 1;
  const labels = new DayLabels(startDay, endDay);
  const stoppedPaying = chooseDelinquents(profiles, seed, endDay);
  const itemIds = skus.map((s) => s.itemId);
  const retailCents = skus.map((s) => s.retailCents);
  const maxLines = Math.min(LINES_PER_INVOICE.max, itemIds.length);
  const minLines = Math.min(LINES_PER_INVOICE.min, maxLines);
  const midLines = (minLines + maxLines) / 2;
  const chosen = new Int32Array(maxLines);
  const meanRetailCents = retailCents.reduce((sum, c) => sum + c, 0) / retailCents.length;
  const typicalLineCents = meanRetailCents * ((QUANTITY.min + QUANTITY.max) / 2);

  const invoiceFile = await BufferedFileWriter.open(invoicePath);
  const lineFile = await BufferedFileWriter.open(linePath);
  invoiceFile.write(csvRow(fileSpecs.invoices.columns));
  lineFile.write(csvRow(fileSpecs.invoice_line_items.columns));

  let invoiceId = 0;
  let lineCount = 0;
  // Like the real extract, ids run account by account and dates within an account are unordered.
  for (const account of profiles) {
    const rng = createStream(seed, INVOICE_STREAM, account.id);
    const lastPaymentDay = stoppedPaying.get(account.id) ?? endDay;
    const intercept = accountLateIntercept(account.lateProbability, { min: minLines, max: maxLines });
    for (let n = 0; n < account.invoiceCount; n++) {
      invoiceId++;
      const issueDay = startDay + Math.floor(rng.float() * windowDays);

      // The lines come first: how many there are and what they are worth decide the lateness.
      const lineTotal = rng.int(minLines, maxLines);
      let lineText = "";
      let totalCents = 0;
      for (let k = 0; k < lineTotal; k++) {
        // Rejection sampling: at most 9 picks from ≥100 items, so a repeat is rare and cheap.
        let item = Math.floor(rng.float() * itemIds.length);
        for (let j = 0; j < k; j++) {
          if (chosen[j] === item) {
            item = Math.floor(rng.float() * itemIds.length);
            j = -1;
          }
        }
        chosen[k] = item;
        const quantity = rng.int(QUANTITY.min, QUANTITY.max);
        totalCents += quantity * retailCents[item]!;
        lineText += `${invoiceId},${itemIds[item]},${quantity}\n`;
      }
      lineCount += lineTotal;

      const lateProbability = invoiceLateProbability(intercept, lineTotal, midLines, totalCents / (lineTotal * typicalLineCents));
      const paymentDay = issueDay + drawPaymentDelay(rng, lateProbability);
      // A payment after the extract date has not happened yet: the invoice is open.
      const paid = paymentDay <= lastPaymentDay ? labels.label(paymentDay) : "";
      // Ids, dates, ISBNs and quantities never contain , " or newlines, so no quoting is needed.
      let flush = invoiceFile.write(`${invoiceId},${account.id},${labels.label(issueDay)},${paid}\n`);
      flush = lineFile.write(lineText) || flush;
      if (flush) {
        await invoiceFile.flush();
        await lineFile.flush();
      }
    }
  }
  await invoiceFile.close();
  await lineFile.close();
  return { invoices: invoiceId, lines: lineCount };
}

import type { Faker } from "@faker-js/faker";
import { createStream } from "./prng";

export interface Sku {
  itemId: string;
  itemName: string;
  itemDescription: string;
  costCents: number;
  retailCents: number;
}

/** The real catalogue has 100 items; see `skuCountForScale`. */
export const BASE_SKU_COUNT = 100;

/**
 * A trade supplier with 100× the customers does not stock 100× the items, so the catalogue stays
 * at 100 up to scale 1 and then grows with √scale (1,000 items at scale 100).
 */
export function skuCountForScale(scale: number): number {
  return scale <= 1 ? BASE_SKU_COUNT : Math.round(BASE_SKU_COUNT * Math.sqrt(scale));
}

const PRICE_STREAM = 2;

/**
 * Cost uniform in $100–$10,000 and retail = cost × U(1.1, 3.0), as measured (real cost 115.67–
 * 9,956.46, markup 1.106–2.998). Ids are ISBN-10 with valid check digits, so about 1 in 11 ends
 * in X; names (catch phrases) and descriptions (buzz phrases) use the same word lists as the
 * real ones. Ids and names are unique, as in the real catalogue.
 */
export function generateSkus(faker: Faker, seed: number, count: number): Sku[] {
  const rng = createStream(seed, PRICE_STREAM);
  const ids = new Set<string>();
  const names = new Set<string>();
  const skus: Sku[] = [];
  while (skus.length < count) {
    const itemId = faker.commerce.isbn({ variant: 10, separator: "-" });
    const itemName = faker.company.catchPhrase();
    const itemDescription = faker.company.buzzPhrase();
    if (ids.has(itemId) || names.has(itemName)) continue;
    ids.add(itemId);
    names.add(itemName);
    const costCents = rng.int(10_000, 1_000_000);
    const retailCents = Math.round(costCents * (1.1 + 1.9 * rng.float()));
    skus.push({ itemId, itemName, itemDescription, costCents, retailCents });
  }
  return skus;
}

/**
 * Prices are written the way the real extract writes them: the shortest decimal, keeping at least
 * one fraction digit, so 2028.00 is "2028.0" and 4715.40 is "4715.4" (17 of 200 real prices).
 * The importer must cope with that, so fixtures should exercise it.
 */
export function formatPrice(cents: number): string {
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  if (fraction === 0) return `${whole}.0`;
  if (fraction % 10 === 0) return `${whole}.${fraction / 10}`;
  return `${whole}.${String(fraction).padStart(2, "0")}`;
}

import type { Faker } from "@faker-js/faker";
import { addYears } from "./dates";
import { INVOICES_PER_ACCOUNT, drawLateProbability, tenureFactor } from "./payment-behaviour";
import { createStream } from "./prng";

export type Gender = "M" | "F";

/** The numeric traits of an account, which decide its invoices. */
export interface AccountProfile {
  id: number;
  gender: Gender;
  joiningDay: number;
  invoiceCount: number;
  /** The share of its invoices the account pays late, on average over its invoices' line counts. */
  lateProbability: number;
}

const PROFILE_STREAM = 1;

/**
 * Joining dates in the real extract run from 5 to 2 years before the extract date (2016-05-23 to
 * 2019-05-03 for an extract of 2021-05-12), evenly: every account joined before the invoice year.
 */
export function drawAccountProfile(seed: number, id: number, endDay: number): AccountProfile {
  const rng = createStream(seed, PROFILE_STREAM, id);
  const joinFrom = addYears(endDay, -5);
  const joinTo = addYears(endDay, -2);
  const gender: Gender = rng.chance(0.5) ? "M" : "F";
  const joiningDay = rng.int(joinFrom, joinTo);
  const invoiceCount = rng.int(INVOICES_PER_ACCOUNT.min, INVOICES_PER_ACCOUNT.max);
  const tenureYears = (endDay - joiningDay) / 365.25;
  const lateProbability = Math.min(1, drawLateProbability(rng, invoiceCount) * tenureFactor(tenureYears));
  return { id, gender, joiningDay, invoiceCount, lateProbability };
}

// The 50 states and DC: the real addresses use these and the military AA/AE/AP, never territories.
const STATES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
  "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
  "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
] as const;
const MILITARY_STATES = ["AA", "AE", "AP"] as const;
const SHIP_PREFIXES = ["USNS", "USNV", "USS", "USCGC"] as const;

/**
 * Two-line address. About 1 in 10 real addresses is military (19 of 200): ship/FPO, PSC/APO or
 * Unit/DPO in equal parts; civilian ones carry an Apt./Suite half the time (82 of 181).
 */
export function companyAddress(faker: Faker): string {
  const kind = faker.helpers.weightedArrayElement([
    { weight: 25, value: "civilian" },
    { weight: 1, value: "ship" },
    { weight: 1, value: "apo" },
    { weight: 1, value: "dpo" },
  ] as const);
  const zip = faker.string.numeric({ length: 5, allowLeadingZeros: true });
  switch (kind) {
    case "ship":
      return `${faker.helpers.arrayElement(SHIP_PREFIXES)} ${faker.person.lastName()}\nFPO ${faker.helpers.arrayElement(MILITARY_STATES)} ${zip}`;
    case "apo":
      return `PSC ${faker.string.numeric(4)}, Box ${faker.string.numeric(4)}\nAPO ${faker.helpers.arrayElement(MILITARY_STATES)} ${zip}`;
    case "dpo":
      return `Unit ${faker.string.numeric(4)} Box ${faker.string.numeric(4)}\nDPO ${faker.helpers.arrayElement(MILITARY_STATES)} ${zip}`;
    case "civilian": {
      const secondary = faker.datatype.boolean() ? ` ${faker.location.secondaryAddress()}` : "";
      const street = `${faker.location.buildingNumber()} ${faker.location.street()}${secondary}`;
      return `${street}\n${faker.location.city()}, ${faker.helpers.arrayElement(STATES)} ${zip}`;
    }
  }
}

const COMPANY_SUFFIXES = ["Inc", "and Sons", "LLC", "Group", "PLC", "Ltd"] as const;

/** Real mix: "A, B and C" 37%, "A-B" 33%, "A <suffix>" 31% — a third each. */
export function companyName(faker: Faker): string {
  const last = () => faker.person.lastName();
  switch (faker.number.int({ min: 0, max: 2 })) {
    case 0:
      return `${last()}, ${last()} and ${last()}`;
    case 1:
      return `${last()}-${last()}`;
    default:
      return `${last()} ${faker.helpers.arrayElement(COMPANY_SUFFIXES)}`;
  }
}

/** 10 of 200 real contacts have a title and/or suffix ("Dr. Tammy Martin", "Ross Lewis Jr."). */
export function contactPerson(faker: Faker, gender: Gender): string {
  const sex = gender === "M" ? "male" : "female";
  const name = `${faker.person.firstName(sex)} ${faker.person.lastName()}`;
  const extra = faker.number.int({ min: 0, max: 199 });
  if (extra < 4) return `${faker.person.prefix(sex)} ${name}`;
  if (extra < 9) return `${name} ${faker.person.suffix()}`;
  if (extra < 10) return `${faker.person.prefix(sex)} ${name} ${faker.person.suffix()}`;
  return name;
}

/**
 * The 21 phone shapes seen in the real extract (plain 10-digit shapes are twice as common as the
 * rest). Digits are random, so area codes like 096 appear, as they do in the real data.
 */
const PHONE_SHAPES: readonly { weight: number; value: string }[] = [
  ...["##########", "###-###-####", "(###)###-####", "###.###.####"].map((value) => ({ weight: 2, value })),
  ...["###-###-####", "(###)###-####", "###.###.####", "+1-###-###-####", "001-###-###-####"].flatMap((base) =>
    ["x###", "x####", "x#####"].map((ext) => ({ weight: 1, value: base + ext })),
  ),
  { weight: 1, value: "+1-###-###-####" },
  { weight: 1, value: "001-###-###-####" },
];

export function contactPhone(faker: Faker): string {
  return faker.helpers.replaceSymbols(faker.helpers.weightedArrayElement(PHONE_SHAPES));
}

import { z } from "zod";
import { isoDateSchema } from "../dates";
import { regionSchema } from "../regions";

/*
 * The outreach list's URL state. Every field falls back to its default instead of failing,
 * so a hand-edited or stale link still opens the list.
 */

export const OUTREACH_SORTS = [
  "priority",
  "company",
  "region",
  "open",
  "overdue",
  "openCount",
  "oldestAge",
  "shareLate",
  "avgDaysToPay",
  "risk",
] as const;
export type OutreachSort = (typeof OUTREACH_SORTS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

export const outreachParamsSchema = z.object({
  asOf: z.preprocess(first, isoDateSchema.optional()).catch(undefined),
  /** A region, "all", or absent for the user's own region. */
  region: z.preprocess(first, z.union([regionSchema, z.literal("all")]).optional()).catch(undefined),
  showHeld: z.preprocess((v) => first(v) === "1" || first(v) === "true", z.boolean()).catch(false),
  overdueOnly: z.preprocess((v) => first(v) === "1" || first(v) === "true", z.boolean()).catch(false),
  /** Dollars in the URL (what people type); cents inside. */
  minBalance: z.preprocess(first, z.coerce.number().int().min(0).max(1_000_000_000).optional()).catch(undefined),
  q: z.preprocess(first, z.string().trim().max(100).optional()).catch(undefined),
  sort: z.preprocess(first, z.enum(OUTREACH_SORTS).default("priority")).catch("priority"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).optional()).catch(undefined),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
  pageSize: z
    .preprocess(
      first,
      z.coerce
        .number()
        .int()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
        .default(25),
    )
    .catch(25),
});

export type OutreachParams = z.infer<typeof outreachParamsSchema>;

export function parseOutreachParams(searchParams: Record<string, string | string[] | undefined>): OutreachParams {
  return outreachParamsSchema.parse(searchParams);
}

/** Ascending for names and the priority number, descending for amounts and ages: the useful first click. */
export function defaultDirection(sort: OutreachSort): "asc" | "desc" {
  return sort === "priority" || sort === "company" || sort === "region" ? "asc" : "desc";
}

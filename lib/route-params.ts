import { z } from "zod";
import { isoDateSchema } from "./dates";

type SearchParams = Record<string, string | string[] | undefined>;

/** A positive integer id from a route segment, or null (the page then calls notFound()). */
export function parseId(value: string): number | null {
  const parsed = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The `asOf` URL parameter when it is a real date; anything else falls back to the cut-off. */
export function parseAsOf(searchParams: SearchParams): string | undefined {
  const raw = searchParams.asOf;
  const parsed = isoDateSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? parsed.data : undefined;
}

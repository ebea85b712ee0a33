import { z } from "zod";
import { isoDateSchema } from "./dates";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * A route segment's id: a plain positive decimal integer as the app writes it ("16", never
 * "0x10", "1e1", "+16" or "016"), or null (the page then calls notFound()).
 */
export const idSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER));

export function parseId(value: string): number | null {
  const parsed = idSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The `asOf` URL parameter when it is a real date; anything else falls back to the cut-off. */
export function parseAsOf(searchParams: SearchParams): string | undefined {
  const raw = searchParams.asOf;
  const parsed = isoDateSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? parsed.data : undefined;
}

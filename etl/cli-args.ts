import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";

/** A command line that cannot be run as typed: the CLIs print it with their usage and exit 2. */
export class UsageError extends Error {}

/** node:util's parseArgs with positionals allowed, its errors turned into usage errors. */
export function parseCliArgs<const O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Validates parsed arguments; every problem zod finds goes into one usage message. */
export function validateArgs<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "));
  }
  return result.data;
}

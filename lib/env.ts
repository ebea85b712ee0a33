import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
});

export type Env = z.infer<typeof envSchema>;

/** Parsed once per process; a bad value fails loudly at start rather than deep inside a query. */
export const env: Env = envSchema.parse(process.env);

export function resolveDatabasePath(override?: string): string {
  return path.resolve(override ?? env.DATABASE_PATH);
}

import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  /** The address people open the dashboard at; sign-in and writes accept requests from it only. */
  BETTER_AUTH_URL: z.url().optional(),
  /** Signs session cookies. Without it, a random one is kept in a file beside the database. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  /** The address the production server listens on; 0.0.0.0 to accept other machines. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** The bearer token Debezium Server sends to POST /api/cdc/debezium; unset, the endpoint is off. */
  CDC_TOKEN: z.string().min(16, "CDC_TOKEN must be at least 16 characters").optional(),
  /** The largest change-event request body accepted, in bytes. */
  CDC_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5_000_000),
});

export type Env = z.infer<typeof envSchema>;

/** Parsed once per process; a bad value fails loudly at start rather than deep inside a query. */
export const env: Env = envSchema.parse(process.env);

export function resolveDatabasePath(override?: string): string {
  return path.resolve(override ?? env.DATABASE_PATH);
}

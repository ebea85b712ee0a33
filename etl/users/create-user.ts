import { createAuth, type Auth } from "../../lib/auth/create-auth";
import { appBaseURL } from "../../lib/auth/origins";
import { secretBesideDatabase } from "../../lib/auth/secret";
import { createUserSchema, type CreateUserInput } from "../../lib/auth/user-schemas";
import type { Db } from "../../lib/db/client";
import { env } from "../../lib/env";

/** better-auth on a handle of the CLI's own, for making users outside the server. */
export function authForDb(db: Db, dbFile: string): Auth {
  return createAuth({ db, secret: env.BETTER_AUTH_SECRET ?? secretBesideDatabase(dbFile), baseURL: appBaseURL() });
}

/**
 * Makes a user through better-auth's admin API (which hashes the password), after the same zod
 * schema as the admin page. An email already taken is left as it is.
 */
export async function createUserIfMissing(auth: Auth, db: Db, fields: Partial<CreateUserInput>): Promise<"created" | "exists"> {
  const input = createUserSchema.parse(fields);
  const taken = db.$client.prepare(`select 1 from auth_users where email = ?`).get(input.email);
  if (taken) return "exists";
  await auth.api.createUser({ body: { email: input.email, password: input.password, name: input.name, role: input.role, data: { region: input.region } } });
  return "created";
}

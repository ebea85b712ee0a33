"use server";

import { headers } from "next/headers";
import { validatedAction } from "@/lib/actions/validated-action";
import { isSameOrigin } from "@/lib/auth/origins";
import { clientAddress, recordAudit } from "@/lib/auth/audit";
import { getAuth, getAuthDb } from "@/lib/auth/server";
import { firstAdminSchema } from "@/lib/auth/user-schemas";
import { hasAnyUser } from "@/lib/queries/users";

export type FirstAdminResult = { ok: boolean; message: string };

/**
 * First start only: with no user at all, whoever reaches the sign-in page may create the first
 * admin. Once anyone exists this refuses, and users come from an admin or the users CLI.
 */
export const createFirstAdmin = validatedAction(firstAdminSchema, async (input): Promise<FirstAdminResult> => {
  if (!isSameOrigin(await headers())) throw new Error("This request did not come from the dashboard's own pages, so it was refused.");
  if (hasAnyUser()) return { ok: false, message: "An admin already exists: sign in, or ask them for an account." };
  // Called without request headers, better-auth's admin API runs as the server itself.
  const { user } = await getAuth().api.createUser({ body: { email: input.email, password: input.password, name: input.name, role: "admin", data: { region: input.region } } });
  recordAudit(getAuthDb(), { action: "first-admin", outcome: "ok", actorEmail: user.email, actorUserId: user.id, target: user.email, ipAddress: clientAddress(await headers()) });
  return { ok: true, message: `Created the admin ${input.email}. Sign in with it below.` };
});

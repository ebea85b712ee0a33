"use server";

import { APIError } from "better-auth/api";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientAddress, recordAudit, type AuditAction } from "@/lib/auth/audit";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { getAuth, getAuthDb, type SessionUser } from "@/lib/auth/server";
import { createUserSchema, resetPasswordSchema, setRegionSchema, setRoleSchema, userIdSchema } from "@/lib/auth/user-schemas";

/*
 * User management: each action is an admin-only validated action calling better-auth's admin API
 * with the admin's own request headers, so better-auth checks the admin's session a second time.
 */

export type UserActionResult = { ok: boolean; message: string; field?: string };

type Audit = { action: AuditAction; admin: SessionUser; target: string };

/** Calls the admin API and records the change, done or refused, in the audit log. */
async function viaAdminApi(audit: Audit, call: () => Promise<unknown>, done: string, field?: string): Promise<UserActionResult> {
  const record = async (outcome: "ok" | "refused", detail: string) =>
    recordAudit(getAuthDb(), { action: audit.action, outcome, actorEmail: audit.admin.email, actorUserId: audit.admin.id, target: audit.target, detail, ipAddress: clientAddress(await headers()) });
  try {
    await call();
  } catch (error) {
    if (error instanceof APIError) {
      const message = error.body?.message ?? error.message;
      await record("refused", message);
      return { ok: false, message, field };
    }
    throw error;
  }
  await record("ok", done);
  revalidatePath("/admin/users");
  return { ok: true, message: done };
}

export const createUser = authorizedAction("admin", createUserSchema, async (input, admin) =>
  viaAdminApi(
    { action: "user-create", admin, target: input.email },
    async () =>
      getAuth().api.createUser({
        body: { email: input.email, password: input.password, name: input.name, role: input.role, data: { region: input.region } },
        headers: await headers(),
      }),
    `Created ${input.email} (${input.role}, ${input.region}).`,
    "email",
  ),
);

export const setUserRole = authorizedAction("admin", setRoleSchema, async (input, admin) => {
  // An admin who demoted themselves could leave nobody able to manage users.
  if (input.userId === admin.id) return { ok: false, message: "You cannot change your own role.", field: "role" };
  return viaAdminApi({ action: "user-set-role", admin, target: input.userId }, async () => getAuth().api.setRole({ body: { userId: input.userId, role: input.role }, headers: await headers() }), `Role set to ${input.role}.`, "role");
});

export const setUserRegion = authorizedAction("admin", setRegionSchema, async (input, admin) =>
  viaAdminApi(
    { action: "user-set-region", admin, target: input.userId },
    async () => getAuth().api.adminUpdateUser({ body: { userId: input.userId, data: { region: input.region } }, headers: await headers() }),
    `Region set to ${input.region}.`,
    "region",
  ),
);

export const resetUserPassword = authorizedAction("admin", resetPasswordSchema, async (input, admin) =>
  viaAdminApi(
    { action: "user-reset-password", admin, target: input.userId },
    async () => getAuth().api.setUserPassword({ body: { userId: input.userId, newPassword: input.password }, headers: await headers() }),
    "Password reset; tell them the new one yourself.",
    "password",
  ),
);

export const disableUser = authorizedAction("admin", userIdSchema, async (input, admin) => {
  if (input.userId === admin.id) return { ok: false, message: "You cannot disable yourself." };
  // Banning also ends every session the user has.
  return viaAdminApi({ action: "user-disable", admin, target: input.userId }, async () => getAuth().api.banUser({ body: { userId: input.userId, banReason: "Disabled by an admin" }, headers: await headers() }), "Disabled; their sessions were ended.");
});

export const enableUser = authorizedAction("admin", userIdSchema, async (input, admin) =>
  viaAdminApi({ action: "user-enable", admin, target: input.userId }, async () => getAuth().api.unbanUser({ body: { userId: input.userId }, headers: await headers() }), "Enabled again."),
);

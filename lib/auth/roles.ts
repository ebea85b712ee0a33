import { z } from "zod";

/*
 * The three roles, each a superset of the one before it. Shared by the server checks, the
 * admin page's forms and the navigation, so it touches no database.
 */
export const ROLES = ["staff", "manager", "admin"] as const;

export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether a user with `role` may use what needs `required`; an unknown role may use nothing. */
export function hasRole(role: unknown, required: Role): boolean {
  return isRole(role) && ROLES.indexOf(role) >= ROLES.indexOf(required);
}

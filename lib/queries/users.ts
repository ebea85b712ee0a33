import { getDb, type Db } from "../db/client";

/** Whether anyone can sign in yet; with no users the sign-in page offers to create the first admin. */
export function hasAnyUser(db: Db = getDb()): boolean {
  return db.$client.prepare(`select exists (select 1 from auth_users)`).pluck().get() === 1;
}

export type AssignableUser = { id: string; email: string; name: string; region: string };

/** The users an account can be assigned to: everyone who can still sign in. */
export function getAssignableUsers(db: Db = getDb()): AssignableUser[] {
  return db.$client
    .prepare(`select id, email, name, region from auth_users where coalesce(banned, 0) = 0 order by name, email`)
    .all() as AssignableUser[];
}

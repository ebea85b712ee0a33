import { getDb, type Db } from "../db/client";

/** Whether anyone can sign in yet; with no users the sign-in page offers to create the first admin. */
export function hasAnyUser(db: Db = getDb()): boolean {
  return db.$client.prepare(`select exists (select 1 from auth_users)`).pluck().get() === 1;
}

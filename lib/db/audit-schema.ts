import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Grain: one row per security-relevant event: a sign-in (or a failed one), a sign-out, an upload
 * and each change to a user. Written by lib/auth/audit.ts, read by the admin's audit page.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    eventId: integer("event_id").primaryKey({ autoIncrement: true }),
    /** ISO timestamp, UTC. */
    at: text("at").notNull(),
    action: text("action").notNull(),
    /** Who did it, when known: the signed-in user, or the email a failed sign-in gave. */
    actorEmail: text("actor_email"),
    actorUserId: text("actor_user_id"),
    /** What it was done to: a user's email, an upload job id. */
    target: text("target"),
    outcome: text("outcome").notNull(),
    detail: text("detail"),
    ipAddress: text("ip_address"),
  },
  (t) => [index("audit_events_at_idx").on(t.at), index("audit_events_action_at_idx").on(t.action, t.at)],
);

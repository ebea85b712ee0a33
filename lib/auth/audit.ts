import { z } from "zod";
import type { Db } from "../db/client";
import { auditEvents } from "../db/audit-schema";

/*
 * The audit log: who signed in (or failed to), who uploaded, every change to a user and every
 * outreach entry. Written on the same write handle as the sessions; a failure to record never
 * hides the event's own outcome, so it is logged and swallowed only here.
 */

export const AUDIT_ACTIONS = ["sign-in", "sign-out", "upload", "first-admin", "user-create", "user-set-role", "user-set-region", "user-reset-password", "user-disable", "user-enable", "outreach-entry"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const auditActionSchema = z.enum(AUDIT_ACTIONS);

export type AuditEvent = {
  action: AuditAction;
  outcome: "ok" | "refused" | "failed";
  actorEmail?: string | null;
  actorUserId?: string | null;
  target?: string | null;
  detail?: string | null;
  ipAddress?: string | null;
};

export function recordAudit(db: Db, event: AuditEvent): void {
  try {
    db.insert(auditEvents)
      .values({ at: new Date().toISOString(), ...event })
      .run();
  } catch (error) {
    console.error(`audit: could not record ${event.action} (${event.outcome}):`, error);
  }
}

/** The client address as the rate limiter sees it (docs/access.md, "Failed sign-ins"). */
export function clientAddress(headers: Headers | undefined): string | null {
  return headers?.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}

import { z } from "zod";
import { auditActionSchema } from "../auth/audit";
import { getDb, type Db } from "../db/client";

/** The audit page's filters, from the URL; a bad value is dropped rather than failing the page. */
export const auditParamsSchema = z.object({
  action: auditActionSchema.optional().catch(undefined),
  actor: z.string().trim().max(200).optional().catch(undefined),
  outcome: z.enum(["ok", "refused", "failed"]).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditParams = z.infer<typeof auditParamsSchema>;

export type AuditRow = {
  eventId: number;
  at: string;
  action: string;
  outcome: string;
  actorEmail: string | null;
  target: string | null;
  detail: string | null;
  ipAddress: string | null;
};

/** Audit events, newest first, filtered; a target that is a user id is shown as their email. */
export function getAuditEvents(params: AuditParams, pageSize = 50, db: Db = getDb()): { rows: AuditRow[]; total: number } {
  const where: string[] = [];
  const args: Record<string, string> = {};
  const add = (condition: string, key: string, value: string) => {
    where.push(condition);
    args[key] = value;
  };
  if (params.action) add("e.action = @action", "action", params.action);
  if (params.outcome) add("e.outcome = @outcome", "outcome", params.outcome);
  if (params.actor) add("e.actor_email like @actor escape '\\'", "actor", `%${params.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  // Dates are whole UTC days, both ends included.
  if (params.from) add("e.at >= @from", "from", params.from);
  if (params.to) add("e.at < date(@to, '+1 day')", "to", params.to);
  const clause = where.length > 0 ? `where ${where.join(" and ")}` : "";
  const total = db.$client.prepare(`select count(*) from audit_events e ${clause}`).pluck().get(args) as number;
  const rows = db.$client
    .prepare(
      `select e.event_id as eventId, e.at, e.action, e.outcome, e.actor_email as actorEmail, coalesce(u.email, e.target) as target,
              e.detail, e.ip_address as ipAddress
       from audit_events e left join auth_users u on u.id = e.target
       ${clause} order by e.event_id desc limit @limit offset @offset`,
    )
    .all({ ...args, limit: pageSize, offset: (params.page - 1) * pageSize }) as AuditRow[];
  return { rows, total };
}

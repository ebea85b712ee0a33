import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { AUDIT_ACTIONS } from "@/lib/auth/audit";
import { requireRole } from "@/lib/auth/server";
import { formatTimestamp } from "@/lib/format";
import { auditParamsSchema, getAuditEvents, type AuditParams } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log · Payment Insights" };

const pageSize = 50;
const fieldClass = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

function pageHref(params: AuditParams, page: number): string {
  const query = new URLSearchParams();
  for (const key of ["action", "actor", "outcome", "from", "to"] as const) if (params[key]) query.set(key, params[key]!);
  if (page > 1) query.set("page", String(page));
  return `/admin/audit${query.size > 0 ? `?${query}` : ""}`;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("admin");
  const params = auditParamsSchema.parse(await searchParams);
  const { rows, total } = getAuditEvents(params, pageSize);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins (failed ones too), sign-outs, uploads, every change to a user and every outreach entry, newest first. Times are UTC." />
      {/* A plain GET form: the filters live in the address, and work without JavaScript. */}
      <form method="get" action="/admin/audit" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm" aria-label="Filter the audit log">
        <label className="font-medium text-slate-800">
          Action
          <select name="action" defaultValue={params.action ?? ""} className={fieldClass}>
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="font-medium text-slate-800">
          Outcome
          <select name="outcome" defaultValue={params.outcome ?? ""} className={fieldClass}>
            <option value="">any</option>
            <option>ok</option>
            <option>refused</option>
            <option>failed</option>
          </select>
        </label>
        <label className="font-medium text-slate-800">
          Who (email contains)
          <input name="actor" defaultValue={params.actor ?? ""} className={fieldClass} />
        </label>
        <label className="font-medium text-slate-800">
          From
          <input type="date" name="from" defaultValue={params.from ?? ""} className={fieldClass} />
        </label>
        <label className="font-medium text-slate-800">
          To
          <input type="date" name="to" defaultValue={params.to ?? ""} className={fieldClass} />
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-800">
          Filter
        </button>
        <Link href="/admin/audit" className="pb-2 font-medium text-blue-700 underline">
          Clear
        </Link>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No events match">Change or clear the filters.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-sm" aria-label="Audit events, newest first">
            <TableHead columns={["When", "Action", "Outcome", "Who", "Target", "Detail", "Address"]} />
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.eventId} data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2">{formatTimestamp(r.at)}</td>
                  <td className="px-3 py-2">{r.action}</td>
                  <td className="px-3 py-2">{r.outcome}</td>
                  <td className="px-3 py-2">{r.actorEmail ?? "—"}</td>
                  <td className="px-3 py-2">{r.target ?? "—"}</td>
                  <td className="px-3 py-2 text-slate-700">{r.detail ?? ""}</td>
                  <td className="px-3 py-2 text-slate-600">{r.ipAddress ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="flex items-center gap-3 text-sm text-slate-700">
        {total.toLocaleString()} event{total === 1 ? "" : "s"} · page {params.page} of {pages}
        {params.page > 1 ? (
          <Link href={pageHref(params, params.page - 1)} className="font-medium text-blue-700 underline">
            Newer
          </Link>
        ) : null}
        {params.page < pages ? (
          <Link href={pageHref(params, params.page + 1)} className="font-medium text-blue-700 underline">
            Older
          </Link>
        ) : null}
      </p>
    </>
  );
}

import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat, StatGrid } from "@/components/ui/stat";
import { TableHead } from "@/components/ui/table-head";
import { requireRole } from "@/lib/auth/server";
import { formatDuration, formatInteger, formatTimestamp } from "@/lib/format";
import { getCdcLag, getCdcRejects, getCdcTables, type CdcPosition } from "@/lib/queries/cdc";

export const dynamic = "force-dynamic";
export const metadata = { title: "Change events · Payment Insights" };

const errorLimit = 50;
// A rejected value is shown as the event sent it, which may be a whole row image.
const valueLimit = 200;

const cellClass = "px-3 py-2";

function positionText(position: CdcPosition | null): string {
  return position ? `${position.binlogFile}:${position.pos} row ${position.row}` : "—";
}

function clipped(value: string | null): string {
  if (value === null) return "—";
  return value.length > valueLimit ? `${value.slice(0, valueLimit)}…` : value;
}

export default async function CdcPage() {
  await requireRole("admin");
  const tables = getCdcTables();
  const rejects = getCdcRejects(errorLimit);
  const lag = getCdcLag();
  const totals = tables.reduce(
    (t, r) => ({ applied: t.applied + r.applied, skipped: t.skipped + r.skipped, ignored: t.ignored + r.ignored, rejected: t.rejected + r.rejected }),
    { applied: 0, skipped: 0, ignored: 0, rejected: 0 },
  );
  return (
    <>
      <PageHeader
        title="Change events"
        description="What the Debezium consumer (POST /api/cdc/debezium and npm run cdc -- replay) did with the events it received: per source table, the last change applied and the counts, then the last rejected events. Times are UTC."
      />
      {tables.length === 0 && rejects.total === 0 ? (
        <EmptyState title="No change events yet">
          Nothing has arrived from Debezium. Point Debezium Server&apos;s HTTP sink at <code>/api/cdc/debezium</code> with the <code>CDC_TOKEN</code>, or replay a dump with{" "}
          <code>npm run cdc -- replay FILE</code> (docs/cdc.md).
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-700" data-testid="cdc-lag">
            {lag.lastEventAt === null || lag.lagMs === null ? (
              "No event has been applied yet."
            ) : (
              <>
                The newest change applied was made at the source <strong className="font-semibold text-slate-900">{formatTimestamp(lag.lastEventAt)}</strong>,{" "}
                {formatDuration(lag.lagMs)} ago (the lag <code>/api/health</code> reports).
              </>
            )}
          </p>
          <StatGrid>
            <Stat label="Applied" value={formatInteger(totals.applied)} />
            <Stat label="Skipped as duplicates" value={formatInteger(totals.skipped)} />
            <Stat label="Ignored" value={formatInteger(totals.ignored)} hint="tombstones, transaction markers, schema changes" />
            <Stat label="Rejected" value={formatInteger(totals.rejected)} tone={totals.rejected > 0 ? "danger" : "default"} />
          </StatGrid>
          <Card title="By source table" description="The position and source time are those of the last event applied to the table; a reject or a duplicate moves neither.">
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm" aria-label="Change events by source table">
                <TableHead
                  columns={[
                    "Table",
                    "Last change at the source",
                    "Last position applied",
                    { label: "Applied", numeric: true },
                    { label: "Skipped", numeric: true },
                    { label: "Ignored", numeric: true },
                    { label: "Rejected", numeric: true },
                    "Last received",
                  ]}
                />
                <tbody className="divide-y divide-slate-100">
                  {tables.map((t) => (
                    <tr key={t.tableName ?? ""} data-testid="cdc-table-row">
                      <th scope="row" className={`${cellClass} text-left font-medium`}>
                        {t.tableName ?? <span className="font-normal text-slate-600">no table</span>}
                      </th>
                      <td className={`${cellClass} whitespace-nowrap`}>{t.lastEventAt ? formatTimestamp(t.lastEventAt) : "—"}</td>
                      <td className={`${cellClass} whitespace-nowrap font-mono text-xs`}>{positionText(t.lastPosition)}</td>
                      <td className={`${cellClass} text-right tabular-nums`}>{formatInteger(t.applied)}</td>
                      <td className={`${cellClass} text-right tabular-nums`}>{formatInteger(t.skipped)}</td>
                      <td className={`${cellClass} text-right tabular-nums`}>{formatInteger(t.ignored)}</td>
                      <td className={`${cellClass} text-right tabular-nums ${t.rejected > 0 ? "font-semibold text-red-700" : ""}`}>{formatInteger(t.rejected)}</td>
                      <td className={`${cellClass} whitespace-nowrap`}>{formatTimestamp(t.lastReceivedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card
            title="Last errors"
            description={
              rejects.total > rejects.rows.length
                ? `The newest ${formatInteger(rejects.rows.length)} of ${formatInteger(rejects.total)} rejected events (cdc_rejects). A redelivery of one is counted as a duplicate, not again.`
                : "Every rejected event, newest first (cdc_rejects). A redelivery of one is counted as a duplicate, not again."
            }
          >
            {rejects.rows.length === 0 ? (
              <p className="text-sm text-slate-700">No event has been rejected.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="min-w-full text-sm" aria-label="Rejected change events, newest first">
                  <TableHead columns={["Received", "Table", "Position", "Key", "Field", "Value", "Reason"]} />
                  <tbody className="divide-y divide-slate-100">
                    {rejects.rows.map((r) => (
                      <tr key={r.rejectId} data-testid="cdc-reject-row" className="align-top">
                        <td className={`${cellClass} whitespace-nowrap`}>{formatTimestamp(r.receivedAt)}</td>
                        <td className={cellClass}>{r.tableName ?? "—"}</td>
                        <td className={`${cellClass} whitespace-nowrap font-mono text-xs`}>{positionText(r.position)}</td>
                        <td className={`${cellClass} font-mono text-xs`}>{r.rowKey ?? "—"}</td>
                        <td className={cellClass}>{r.field ?? "—"}</td>
                        <td className={`${cellClass} min-w-40 max-w-xs break-all font-mono text-xs`}>{clipped(r.value)}</td>
                        <td className={`${cellClass} min-w-64 text-slate-800`}>{r.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      )}
    </>
  );
}

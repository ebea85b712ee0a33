import { formatInteger, formatTimestamp } from "@/lib/format";
import type { ImportDetail, RejectReasonGroup } from "@/lib/queries/imports";
import { ImportFilesTable } from "./import-files-table";
import { ImportStatusBadge } from "./import-status-badge";
import { QualitySummary } from "./quality-summary";

const sourceLabels: Record<string, string> = { upload: "browser upload", cli: "command line", cdc: "change events" };

/** Who, when, how long, the outcome and its error, the files, and the data-quality summary. */
export function ImportOverview({ detail, reasons }: { detail: ImportDetail; reasons: RejectReasonGroup[] }) {
  const totals = detail.files.reduce((t, f) => ({ read: t.read + f.rowsRead, rejected: t.rejected + f.rowsRejected }), { read: 0, rejected: 0 });
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm md:grid-cols-4">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Status</dt>
          <dd className="mt-1">
            <ImportStatusBadge status={detail.status} />
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Started by</dt>
          <dd className="mt-1 font-medium">
            {detail.startedBy ?? "unknown"} <span className="font-normal text-slate-600">({sourceLabels[detail.source] ?? detail.source})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Started</dt>
          <dd className="mt-1">{formatTimestamp(detail.startedAt)}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Duration</dt>
          <dd className="mt-1 tabular-nums">{detail.durationMs === null ? "—" : `${(detail.durationMs / 1000).toFixed(1)} s`}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Mode</dt>
          <dd className="mt-1">{detail.mode === "replace" ? "full replace" : "merge"}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Rows read</dt>
          <dd className="mt-1 tabular-nums">{formatInteger(totals.read)}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Rows rejected</dt>
          <dd className={`mt-1 tabular-nums ${totals.rejected > 0 ? "font-semibold text-red-700" : ""}`}>{formatInteger(totals.rejected)}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Reject limit</dt>
          <dd className="mt-1 tabular-nums">{(detail.maxRejectRate * 100).toFixed(2)}% per file</dd>
        </div>
      </dl>
      {detail.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="import-error">
          <strong className="font-semibold">Why it was {detail.status === "refused" ? "refused" : "stopped"}:</strong> {detail.error}
        </p>
      ) : null}
      {detail.status === "interrupted" ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          The process running this import stopped before it committed, so nothing from it was stored.
        </p>
      ) : null}
      {detail.files.length > 0 ? <ImportFilesTable files={detail.files} /> : null}
      <QualitySummary summary={detail.summary} reasons={reasons} isSummaryMissing={detail.source === "upload" && detail.status === "accepted"} />
    </div>
  );
}

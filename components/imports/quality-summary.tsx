import { Card } from "@/components/ui/card";
import { formatInteger } from "@/lib/format";
import type { RejectReasonGroup } from "@/lib/queries/imports";
import type { ImportSummary } from "@/lib/imports/import-summary";

function delta(now: number, before: number | null): string {
  if (before === null) return "first import of this file";
  const d = now - before;
  if (d === 0) return "same as before";
  return `${d > 0 ? "+" : "−"}${formatInteger(Math.abs(d))} (${before > 0 ? `${d > 0 ? "+" : "−"}${Math.round((Math.abs(d) / before) * 100)}%` : "new"})`;
}

/** What the import did to the stored data, and what deserves a second look. */
export function QualitySummary({ summary, reasons }: { summary: ImportSummary | null; reasons: RejectReasonGroup[] }) {
  return (
    <Card title="Data quality" description="What this import changed, compared with the data before it and with the previous import of each file.">
      <div className="space-y-4" data-testid="quality-summary">
        {summary ? (
          <>
            {summary.warnings.length > 0 ? (
              <ul className="list-disc space-y-1 rounded-md border border-amber-200 bg-amber-50 py-2 pl-8 pr-3 text-sm text-amber-900" aria-label="Warnings">
                {summary.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-emerald-800">No warnings.</p>
            )}
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">Stored rows before and after the import</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-700">
                  <tr>
                    <th scope="col" className="py-1 pr-3 text-left">Table</th>
                    <th scope="col" className="px-3 py-1 text-right">Before</th>
                    <th scope="col" className="px-3 py-1 text-right">After</th>
                    <th scope="col" className="px-3 py-1 text-right">New</th>
                    <th scope="col" className="px-3 py-1 text-right">Changed</th>
                    <th scope="col" className="px-3 py-1 text-right">Removed</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.tables.map((t) => (
                    <tr key={t.kind} className="border-t border-slate-100">
                      <th scope="row" className="py-1 pr-3 text-left font-medium">{t.kind.replace(/_/g, " ")}</th>
                      <td className="px-3 py-1 text-right tabular-nums">{formatInteger(t.before)}</td>
                      <td className="px-3 py-1 text-right tabular-nums">{formatInteger(t.after)}</td>
                      <td className="px-3 py-1 text-right tabular-nums">{formatInteger(t.added)}</td>
                      <td className="px-3 py-1 text-right tabular-nums">{t.changed === null ? <span title="not in this upload">—</span> : formatInteger(t.changed)}</td>
                      <td className={`px-3 py-1 text-right tabular-nums ${t.removed > 0 ? "font-semibold text-red-700" : ""}`}>{formatInteger(t.removed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ul className="space-y-1 text-sm text-slate-700">
              {summary.files.map((f) => (
                <li key={f.kind}>
                  <span className="font-medium text-slate-900">{f.fileName}</span>: {formatInteger(f.rowsRead)} rows,{" "}
                  {f.previousImportId === null ? "first import of this file" : `${delta(f.rowsRead, f.previousRowsRead)} against import #${f.previousImportId}`}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-sm text-slate-600">No summary was recorded for this import (only accepted uploads get one).</p>
        )}
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Rejected rows by reason</h3>
          {reasons.length === 0 ? (
            <p className="text-sm text-slate-600">No rows were rejected.</p>
          ) : (
            <table className="mt-1 w-full text-sm" data-testid="reject-reasons">
              <caption className="sr-only">Rejected rows grouped by reason</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-700">
                <tr>
                  <th scope="col" className="py-1 pr-3 text-left">File</th>
                  <th scope="col" className="px-3 py-1 text-left">Column</th>
                  <th scope="col" className="px-3 py-1 text-left">Reason</th>
                  <th scope="col" className="px-3 py-1 text-right">Rows</th>
                  <th scope="col" className="px-3 py-1 text-right">First line</th>
                </tr>
              </thead>
              <tbody>
                {reasons.map((r) => (
                  <tr key={`${r.fileName}-${r.column}-${r.reason}`} className="border-t border-slate-100">
                    <td className="py-1 pr-3">{r.fileName}</td>
                    <td className="px-3 py-1">{r.column ?? "—"}</td>
                    <td className="px-3 py-1">{r.reason}</td>
                    <td className="px-3 py-1 text-right tabular-nums">{formatInteger(r.count)}</td>
                    <td className="px-3 py-1 text-right tabular-nums">{r.firstLine ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </Card>
  );
}

"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import { Card } from "@/components/ui/card";
import { formatInteger } from "@/lib/format";
import type { RejectReasonGroup } from "@/lib/queries/imports";
import type { ImportSummary } from "@/lib/imports/import-summary";
import { rejectReasonColumns, storedRowsColumns, type StoredRows } from "./quality-summary-columns";

function delta(now: number, before: number | null): string {
  if (before === null) return "first import of this file";
  const d = now - before;
  if (d === 0) return "same as before";
  return `${d > 0 ? "+" : "−"}${formatInteger(Math.abs(d))} (${before > 0 ? `${d > 0 ? "+" : "−"}${Math.round((Math.abs(d) / before) * 100)}%` : "new"})`;
}

/** What the import did to the stored data, and what deserves a second look. */
export function QualitySummary({
  summary,
  reasons,
  isSummaryMissing = false,
}: {
  summary: ImportSummary | null;
  reasons: RejectReasonGroup[];
  /** An accepted upload without a summary: its worker stopped after the import was stored. */
  isSummaryMissing?: boolean;
}) {
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
            <StoredRowsTable tables={summary.tables} />
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
          <p className="text-sm text-slate-600">
            {isSummaryMissing
              ? "The import was stored, but its process stopped before it wrote this summary, so there is none."
              : "No summary was recorded for this import (only accepted uploads get one)."}
          </p>
        )}
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Rejected rows by reason</h3>
          {reasons.length === 0 ? (
            <p className="text-sm text-slate-600">No rows were rejected.</p>
          ) : (
            <RejectReasonsTable reasons={reasons} />
          )}
        </div>
      </div>
    </Card>
  );
}

function StoredRowsTable({ tables }: { tables: StoredRows[] }) {
  const table = useClientTable({ data: tables, columns: storedRowsColumns, getRowId: (t) => t.kind, enableSorting: false });
  return <DataTable table={table} variant="plain" caption="Stored rows before and after the import" />;
}

function RejectReasonsTable({ reasons }: { reasons: RejectReasonGroup[] }) {
  const table = useClientTable({
    data: reasons,
    columns: rejectReasonColumns,
    getRowId: (r) => `${r.fileName}-${r.column}-${r.reason}`,
    enableSorting: false,
  });
  return (
    <div className="mt-1">
      <DataTable table={table} variant="plain" caption="Rejected rows grouped by reason" testId="reject-reasons" />
    </div>
  );
}

"use client";

import Link from "next/link";
import { numberColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { formatTimestamp } from "@/lib/format";
import type { ImportListItem } from "@/lib/queries/imports";
import { ImportStatusBadge } from "./import-status-badge";

const redWhenAny = (n: number) => (n > 0 ? "text-red-700" : "");

export const importsColumns: DataTableColumnDef<ImportListItem>[] = [
  {
    id: "importId",
    header: "#",
    cell: ({ row: { original: r } }) => (
      <Link href={`/imports/${r.importId}`} className="font-medium text-blue-700 underline hover:text-blue-900">
        {r.importId}
      </Link>
    ),
  },
  { id: "status", header: "Status", cell: ({ row }) => <ImportStatusBadge status={row.original.status} /> },
  { id: "startedAt", header: "Started", cell: ({ row }) => <span className="whitespace-nowrap">{formatTimestamp(row.original.startedAt)}</span> },
  {
    id: "startedBy",
    header: "By",
    cell: ({ row: { original: r } }) => (
      <>
        {r.startedBy ?? "unknown"} <span className="text-slate-600">({r.source})</span>
      </>
    ),
  },
  {
    id: "files",
    header: "Files",
    cell: ({ row: { original: r } }) => (
      <>
        {r.fileNames || (r.source === "cdc" ? "change events" : "—")}
        {r.error ? <p className="mt-0.5 max-w-md text-xs text-red-700">{r.error}</p> : null}
      </>
    ),
  },
  numberColumn("rowsRead", "Rows read"),
  numberColumn("rowsRejected", "Rejected", { className: (r) => redWhenAny(r.rowsRejected) }),
  {
    id: "durationMs",
    header: "Duration",
    meta: { align: "right" },
    cell: ({ row: { original: r } }) => (r.durationMs === null ? "—" : `${(r.durationMs / 1000).toFixed(1)} s`),
  },
];

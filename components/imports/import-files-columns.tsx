"use client";

import { numberColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import type { ImportFile } from "@/lib/queries/imports";
import { formatSize } from "@/lib/format";

export const importFileColumns: DataTableColumnDef<ImportFile>[] = [
  { id: "fileName", header: "File", cell: ({ row }) => <span className="font-medium">{row.original.fileName}</span> },
  { id: "fileKind", header: "Extract", cell: ({ row }) => row.original.fileKind.replace(/_/g, " ") },
  numberColumn("sizeBytes", "Size", { format: formatSize }),
  {
    id: "sha256",
    header: "SHA-256",
    cell: ({ row }) => (
      <code className="break-all font-mono text-xs text-slate-700" title={row.original.sha256}>
        {row.original.sha256}
      </code>
    ),
  },
  numberColumn("rowsRead", "Read"),
  numberColumn("rowsAccepted", "Accepted"),
  numberColumn("rowsRejected", "Rejected", { className: (f) => (f.rowsRejected > 0 ? "font-semibold text-red-700" : "") }),
];

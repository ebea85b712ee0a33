"use client";

import type { DataTableColumnDef } from "@/components/data-table/features";
import type { RejectRow } from "@/lib/queries/imports";

export const rejectColumns: DataTableColumnDef<RejectRow>[] = [
  { id: "fileName", accessorKey: "fileName", header: "File", enableSorting: false },
  { id: "line", accessorKey: "line", header: "Line", enableSorting: false, meta: { align: "right" } },
  { id: "column", accessorKey: "column", header: "Column", enableSorting: false, cell: ({ row }) => row.original.column ?? "—" },
  {
    id: "value",
    accessorKey: "value",
    header: "Value",
    enableSorting: false,
    cell: ({ row }) => (
      <code className="block max-w-64 truncate font-mono text-xs" title={row.original.value ?? ""}>
        {row.original.value ?? ""}
      </code>
    ),
  },
  { id: "reason", accessorKey: "reason", header: "Reason", enableSorting: false },
];

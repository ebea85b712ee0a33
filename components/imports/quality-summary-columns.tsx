"use client";

import { numberColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import type { RejectReasonGroup } from "@/lib/queries/imports";
import type { ImportSummary } from "@/lib/imports/import-summary";

export type StoredRows = ImportSummary["tables"][number];

export const storedRowsColumns: DataTableColumnDef<StoredRows>[] = [
  { id: "kind", header: "Table", meta: { isRowHeader: true }, cell: ({ row }) => <span className="font-medium">{row.original.kind.replace(/_/g, " ")}</span> },
  numberColumn("before", "Before"),
  numberColumn("after", "After"),
  numberColumn("added", "New"),
  numberColumn("changed", "Changed", { empty: <span title="not in this upload">—</span> }),
  numberColumn("removed", "Removed", { className: (t) => (t.removed > 0 ? "font-semibold text-red-700" : "") }),
];

export const rejectReasonColumns: DataTableColumnDef<RejectReasonGroup>[] = [
  { id: "fileName", header: "File", cell: ({ row }) => row.original.fileName },
  { id: "column", header: "Column", cell: ({ row }) => row.original.column ?? "—" },
  { id: "reason", header: "Reason", cell: ({ row }) => row.original.reason },
  numberColumn("count", "Rows"),
  numberColumn("firstLine", "First line", { format: String }),
];

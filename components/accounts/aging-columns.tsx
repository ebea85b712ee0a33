"use client";

import { moneyColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";

export type AgingRow = { key: string; label: string; color: string; cents: number; share: number };

export const agingColumns: DataTableColumnDef<AgingRow>[] = [
  {
    id: "bucket",
    header: "Bucket",
    meta: { isRowHeader: true },
    cell: ({ row: { original: b } }) => (
      <>
        <span className="mr-2 inline-block size-2.5 rounded-sm" style={{ background: b.color }} aria-hidden="true" />
        {b.label}
      </>
    ),
  },
  moneyColumn("cents", "Amount"),
  {
    id: "share",
    header: () => <span className="sr-only">Share</span>,
    meta: { headerClassName: "w-1/3" },
    cell: ({ row: { original: b } }) => (
      <div className="h-2 rounded bg-slate-100">
        <div className="h-2 rounded" style={{ width: `${b.share * 100}%`, background: b.color }} />
      </div>
    ),
  },
];

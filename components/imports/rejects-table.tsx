"use client";

import { DataTable } from "@/components/data-table/data-table";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { useServerTable } from "@/components/data-table/use-server-table";
import type { RejectRow } from "@/lib/queries/imports";
import { rejectColumns } from "./rejects-table-columns";

const getRowId = (row: RejectRow) => String(row.rejectId);

/** Rejected rows in file and line order, a page at a time from the server. */
export function RejectsTable({ rows, total, page, pageSize }: { rows: RejectRow[]; total: number; page: number; pageSize: number }) {
  const { table, isPending } = useServerTable({ data: rows, columns: rejectColumns, rowCount: total, sort: "line", dir: "asc", page, pageSize, getRowId });
  return (
    <div>
      <DataTable table={table} caption="Rejected rows" emptyMessage="No rows were rejected." isPending={isPending} />
      <DataTablePagination table={table} pageSizes={[50, 100, 250]} itemLabel="rejected rows" />
    </div>
  );
}

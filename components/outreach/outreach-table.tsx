"use client";

import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { useServerTable } from "@/components/data-table/use-server-table";
import { PAGE_SIZES, type OutreachSort } from "@/lib/queries/outreach-params";
import type { OutreachRow } from "@/lib/queries/outreach";
import { getOutreachColumns } from "./outreach-table-columns";

const getRowId = (row: OutreachRow) => String(row.accountId);

export function OutreachTable({
  rows,
  totalRows,
  sort,
  dir,
  page,
  pageSize,
  asOf,
}: {
  rows: OutreachRow[];
  totalRows: number;
  sort: OutreachSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
  /** Only set when the user picked a date, so links stay short at the default. */
  asOf: string | undefined;
}) {
  const columns = useMemo(() => getOutreachColumns(asOf), [asOf]);
  const { table, isPending } = useServerTable({
    data: rows,
    columns,
    rowCount: totalRows,
    sort,
    dir,
    page,
    pageSize,
    getRowId,
  });
  return (
    <div>
      <DataTable
        table={table}
        caption="Accounts with open invoices, most urgent first"
        isPending={isPending}
        emptyMessage="No account with open invoices matches these filters."
      />
      <DataTablePagination table={table} pageSizes={PAGE_SIZES} itemLabel="accounts" />
    </div>
  );
}

"use client";

import { useTable, type RowData, type SortingState } from "@tanstack/react-table";
import { useState } from "react";
import { dataTableFeatures, type DataTableColumnDef } from "./features";

/** A small table sorted in the browser: every row is already on the page (an account's invoices, an invoice's lines). */
export function useClientTable<TData extends RowData>({
  data,
  columns,
  initialSorting = [],
  getRowId,
}: {
  data: TData[];
  columns: DataTableColumnDef<TData>[];
  initialSorting?: SortingState;
  getRowId: (row: TData) => string;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  return useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    enableMultiSort: false,
    state: { sorting, pagination: { pageIndex: 0, pageSize: Math.max(data.length, 1) } },
    onSortingChange: setSorting,
  });
}

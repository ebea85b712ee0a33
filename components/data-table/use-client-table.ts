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
  enableSorting = true,
}: {
  data: TData[];
  columns: DataTableColumnDef<TData>[];
  initialSorting?: SortingState;
  getRowId: (row: TData) => string;
  /** Off for tables whose order is the point (a ranking, buckets in age order, months). */
  enableSorting?: boolean;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  return useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    enableMultiSort: false,
    enableSorting,
    state: { sorting, pagination: { pageIndex: 0, pageSize: Math.max(data.length, 1) } },
    onSortingChange: setSorting,
  });
}

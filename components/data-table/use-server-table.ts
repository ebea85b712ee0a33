"use client";

import { useTable, type PaginationState, type RowData, type SortingState, type Updater } from "@tanstack/react-table";
import { useMemo } from "react";
import { dataTableFeatures, type DataTableColumnDef } from "./features";
import { useUrlState } from "./use-url-state";

function resolve<T>(updater: Updater<T>, current: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(current) : updater;
}

/**
 * A TanStack table whose sorting and paging are done by the server: state comes from the URL
 * (`sort`, `dir`, `page`, `pageSize`) and every change navigates, so the server renders the new page.
 */
export function useServerTable<TData extends RowData>({
  data,
  columns,
  rowCount,
  sort,
  dir,
  page,
  pageSize,
  getRowId,
}: {
  data: TData[];
  columns: DataTableColumnDef<TData>[];
  rowCount: number;
  sort: string;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
  getRowId: (row: TData) => string;
}) {
  const { setParams, isPending } = useUrlState();
  const sorting = useMemo<SortingState>(() => [{ id: sort, desc: dir === "desc" }], [sort, dir]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    rowCount,
    getRowId,
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const next = resolve(updater, sorting)[0];
      setParams({ sort: next?.id ?? null, dir: next ? (next.desc ? "desc" : "asc") : null }, { resetPage: true });
    },
    onPaginationChange: (updater) => {
      const next = resolve(updater, pagination);
      setParams(
        { page: next.pageIndex > 0 ? String(next.pageIndex + 1) : null, pageSize: String(next.pageSize) },
        { resetPage: next.pageSize !== pageSize },
      );
    },
  });

  return { table, isPending };
}

"use client";

import type { ReactTable, RowData } from "@tanstack/react-table";
import { formatInteger } from "@/lib/format";
import type { DataTableFeatures } from "./features";

export function DataTablePagination<TData extends RowData>({
  table,
  pageSizes,
  itemLabel = "rows",
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any selected state shape
  table: ReactTable<DataTableFeatures, TData, any>;
  pageSizes: readonly number[];
  itemLabel?: string;
}) {
  const { pageIndex, pageSize } = table.state.pagination;
  const rowCount = table.getRowCount();
  const pageCount = Math.max(table.getPageCount(), 1);
  const from = rowCount === 0 ? 0 : pageIndex * pageSize + 1;
  const to = Math.min(rowCount, (pageIndex + 1) * pageSize);
  const buttonClass =
    "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm text-slate-700">
      <p aria-live="polite">
        {formatInteger(from)}–{formatInteger(to)} of {formatInteger(rowCount)} {itemLabel}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2">
          <span>Rows per page</span>
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
            value={pageSize}
            onChange={(e) => table.setPageSize(Number(e.target.value))}
          >
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={buttonClass} onClick={() => table.firstPage()} disabled={!table.getCanPreviousPage()}>
          First
        </button>
        <button type="button" className={buttonClass} onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          Previous
        </button>
        <span className="px-1 tabular-nums">
          Page {formatInteger(pageIndex + 1)} of {formatInteger(pageCount)}
        </span>
        <button type="button" className={buttonClass} onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          Next
        </button>
      </div>
    </nav>
  );
}

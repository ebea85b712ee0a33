"use client";

import type { ReactTable, RowData } from "@tanstack/react-table";
import type { DataTableFeatures } from "./features";

/**
 * The one table shell: semantic markup, sortable headers as buttons with aria-sort, numbers
 * right-aligned, and an empty state. It renders whatever table a use*Table hook built.
 */
export function DataTable<TData extends RowData>({
  table,
  caption,
  emptyMessage = "Nothing to show.",
  isPending = false,
  footer,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any selected state shape
  table: ReactTable<DataTableFeatures, TData, any>;
  caption: string;
  emptyMessage?: React.ReactNode;
  isPending?: boolean;
  footer?: React.ReactNode;
}) {
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className={`overflow-x-auto transition-opacity ${isPending ? "opacity-60" : ""}`} aria-busy={isPending}>
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  const alignRight = meta?.align === "right";
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      className={`whitespace-nowrap border-b border-slate-200 px-2.5 py-2 text-xs font-semibold uppercase tracking-wide text-slate-700 ${alignRight ? "text-right" : "text-left"}`}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className={`inline-flex items-center gap-1 rounded uppercase hover:text-slate-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${alignRight ? "flex-row-reverse" : ""}`}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true" className="text-slate-500">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="px-3 py-10 text-center text-slate-600">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  {row.getAllCells().map((cell) => (
                    <td
                      key={cell.id}
                      data-column={cell.column.id}
                      className={`px-2.5 py-2 align-top ${cell.column.columnDef.meta?.align === "right" ? "text-right tabular-nums" : ""}`}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
          {footer ? <tfoot className="border-t-2 border-slate-200 bg-slate-50 font-semibold">{footer}</tfoot> : null}
        </table>
      </div>
    </div>
  );
}

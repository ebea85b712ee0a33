"use client";

import type { ReactTable, RowData } from "@tanstack/react-table";
import type { DataTableFeatures } from "./features";

/**
 * "card" is a table standing on its own, in a bordered box with a shaded header; "plain" sits
 * inside a Card, which already draws the box. "compact" is for small print (a file preview).
 */
export type DataTableVariant = "card" | "plain";
export type DataTableDensity = "normal" | "compact";

const frame = {
  card: {
    box: "overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm",
    thead: "bg-slate-50",
    headRow: "",
    th: "whitespace-nowrap border-b border-slate-200 font-semibold text-slate-700",
    row: "border-b border-slate-100 last:border-0 hover:bg-slate-50",
    cell: "align-top",
    foot: "border-t-2 border-slate-200 bg-slate-50 font-semibold",
  },
  plain: {
    box: "",
    thead: "",
    headRow: "border-b border-slate-200",
    th: "font-medium text-slate-600",
    row: "border-b border-slate-100",
    cell: "",
    foot: "",
  },
} as const;

const compact = { th: "px-2 py-1", td: "px-2 py-1" };
const spacing = {
  card: { normal: { th: "px-2.5 py-2", td: "px-2.5 py-2" }, compact },
  // Flush with the card's padding on the left, so the columns line up with the card's title.
  plain: { normal: { th: "py-2 pr-3 last:pr-0", td: "py-1.5 pr-3 last:pr-0" }, compact },
} as const;

type RowProps = { className?: string; "data-testid"?: string };

/**
 * The one table shell: semantic markup, sortable headers as buttons with aria-sort, numbers
 * right-aligned, row headers where a column says so, and an empty state. It renders whatever
 * table a use*Table hook built.
 */
export function DataTable<TData extends RowData>({
  table,
  caption,
  emptyMessage = "Nothing to show.",
  isPending = false,
  footer,
  variant = "card",
  density = "normal",
  testId,
  getRowProps,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any selected state shape
  table: ReactTable<DataTableFeatures, TData, any>;
  caption: string;
  emptyMessage?: React.ReactNode;
  isPending?: boolean;
  footer?: React.ReactNode;
  variant?: DataTableVariant;
  density?: DataTableDensity;
  testId?: string;
  getRowProps?: (row: TData) => RowProps;
}) {
  const rows = table.getRowModel().rows;
  const columnCount = table.getAllLeafColumns().length;
  const look = frame[variant];
  const pad = spacing[variant][density];
  return (
    <div className={look.box}>
      <div className={`overflow-x-auto transition-opacity ${isPending ? "opacity-60" : ""}`} aria-busy={isPending}>
        <table className={`w-full border-collapse ${density === "compact" ? "text-xs" : "text-sm"}`} data-testid={testId}>
          <caption className="sr-only">{caption}</caption>
          <thead className={look.thead}>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} className={look.headRow}>
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
                      className={`text-xs uppercase tracking-wide ${look.th} ${pad.th} ${alignRight ? "text-right" : "text-left"} ${meta?.headerClassName ?? ""}`}
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
              rows.map((row) => {
                const { className: rowClassName = "", ...rowProps } = getRowProps?.(row.original) ?? {};
                return (
                  <tr key={row.id} className={`${look.row} ${rowClassName}`} {...rowProps}>
                    {row.getAllCells().map((cell) => {
                      const meta = cell.column.columnDef.meta;
                      const className = `${pad.td} ${look.cell} ${meta?.align === "right" ? "text-right tabular-nums" : "text-left"}`;
                      return meta?.isRowHeader ? (
                        <th key={cell.id} scope="row" data-column={cell.column.id} className={`${className} font-normal`}>
                          <table.FlexRender cell={cell} />
                        </th>
                      ) : (
                        <td key={cell.id} data-column={cell.column.id} className={className}>
                          <table.FlexRender cell={cell} />
                        </td>
                      );
                    })}
                  </tr>
                );
              })
            )}
          </tbody>
          {footer ? <tfoot className={look.foot}>{footer}</tfoot> : null}
        </table>
      </div>
    </div>
  );
}

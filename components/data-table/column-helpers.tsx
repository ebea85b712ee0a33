"use client";

import type { RowData } from "@tanstack/react-table";
import { formatDate, formatInteger, formatMoney, formatMoneyWhole } from "@/lib/format";
import type { DataTableColumnDef } from "./features";

type KeysOf<TData, TValue> = { [K in keyof TData]-?: TData[K] extends TValue ? K : never }[keyof TData] & string;

type ColumnOptions<TData> = {
  /** Defaults to the key; server tables use their sort key here. */
  id?: string;
  /** Header text for screen readers and CSV when the visible header is abbreviated. */
  label?: string;
  enableSorting?: boolean;
  sortDescFirst?: boolean;
  sortUndefined?: false | -1 | 1 | "first" | "last";
  isRowHeader?: boolean;
  /** Classes for the value, from the row (a red count when something was rejected). */
  className?: string | ((row: TData) => string);
};

function classFor<TData>(className: ColumnOptions<TData>["className"], row: TData): string {
  return typeof className === "function" ? className(row) : (className ?? "");
}

function styled(text: React.ReactNode, className: string): React.ReactNode {
  return className ? <span className={className}>{text}</span> : text;
}

/** What every helper's column shares: the id, the sorting options and a cell shown through `show`. */
function valueColumn<TData extends RowData, TValue>(
  key: string,
  header: string,
  options: ColumnOptions<TData>,
  meta: DataTableColumnDef<TData>["meta"],
  show: (value: TValue) => React.ReactNode,
  empty: React.ReactNode,
): DataTableColumnDef<TData> {
  const value = (row: TData) => (row as Record<string, unknown>)[key] as TValue | null;
  return {
    id: options.id ?? key,
    accessorFn: value,
    header,
    enableSorting: options.enableSorting,
    sortDescFirst: options.sortDescFirst,
    sortUndefined: options.sortUndefined,
    meta: { ...meta, label: options.label, isRowHeader: options.isRowHeader },
    cell: ({ row }) => {
      const v = value(row.original);
      return v === null ? empty : styled(show(v), classFor(options.className, row.original));
    },
  };
}

/** A right-aligned number column; `format` defaults to a grouped integer. */
export function numberColumn<TData extends RowData, TKey extends KeysOf<TData, number | null>>(
  key: TKey,
  header: string,
  { format = formatInteger, empty = "—", ...options }: ColumnOptions<TData> & { format?: (value: number) => string; empty?: React.ReactNode } = {},
): DataTableColumnDef<TData> {
  return valueColumn<TData, number>(key, header, options, { align: "right" }, format, empty);
}

/** Money stored as cents, shown in dollars: with cents, or `whole` dollars where the list is about size. */
export function moneyColumn<TData extends RowData, TKey extends KeysOf<TData, number | null>>(
  key: TKey,
  header: string,
  { whole = false, ...options }: ColumnOptions<TData> & { whole?: boolean } = {},
): DataTableColumnDef<TData> {
  return numberColumn(key, header, { ...options, format: whole ? formatMoneyWhole : formatMoney });
}

/** An ISO date shown as "May 12, 2021"; `empty` stands in for a missing one. */
export function dateColumn<TData extends RowData, TKey extends KeysOf<TData, string | null>>(
  key: TKey,
  header: string,
  { empty = "—", ...options }: ColumnOptions<TData> & { empty?: React.ReactNode } = {},
): DataTableColumnDef<TData> {
  return valueColumn<TData, string>(key, header, options, {}, formatDate, empty);
}

import {
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

export type DataTableColumnMeta = {
  /** Numbers align right so digits line up. */
  align?: "left" | "right";
  /** Header text for screen readers and CSV when the visible header is abbreviated. */
  label?: string;
  /** The column names its row (a `<th scope="row">`), as a list's first column usually does. */
  isRowHeader?: boolean;
  /** Extra classes for the header cell, such as a width. */
  headerClassName?: string;
};

/**
 * One feature set for every table: server tables switch client sorting and paging off with
 * manualSorting/manualPagination; small client tables use the sorted row model.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, text: sortFn_text },
  rowPaginationFeature,
  columnMeta: {} as DataTableColumnMeta,
});

export type DataTableFeatures = typeof dataTableFeatures;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of one table hold different value types
export type DataTableColumnDef<TData extends RowData> = ColumnDef<DataTableFeatures, TData, any>;

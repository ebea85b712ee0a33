"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import type { ImportListItem } from "@/lib/queries/imports";
import { importsColumns } from "./imports-table-columns";

const getRowId = (r: ImportListItem) => String(r.importId);

/** One page of the import history, newest first; the pages are links, so it does not sort. */
export function ImportsTable({ rows }: { rows: ImportListItem[] }) {
  const table = useClientTable({ data: rows, columns: importsColumns, getRowId, enableSorting: false });
  return <DataTable table={table} caption="Imports, newest first" emptyMessage="No imports yet." />;
}

"use client";

import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { useClientTable } from "@/components/data-table/use-client-table";

type PreviewRow = { index: number; values: string[] };

const getRowId = (r: PreviewRow) => String(r.index);

/** The first rows of a chosen file as the file has them: headers keep their case, long values are cut. */
export function CsvPreviewTable({ fileName, header, rows }: { fileName: string; header: string[]; rows: string[][] }) {
  const columns = useMemo<DataTableColumnDef<PreviewRow>[]>(
    () =>
      header.map((name, c) => ({
        id: String(c),
        header: () => <span className="font-semibold normal-case tracking-normal text-slate-700">{name}</span>,
        cell: ({ row }) => (
          <span className="block max-w-56 truncate text-slate-800" title={row.original.values[c]}>
            {row.original.values[c]}
          </span>
        ),
      })),
    [header],
  );
  const data = useMemo(() => rows.map((values, index) => ({ index, values })), [rows]);
  const table = useClientTable({ data, columns, getRowId, enableSorting: false });
  return <DataTable table={table} variant="plain" density="compact" caption={`First rows of ${fileName}`} />;
}

"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import type { ImportFile } from "@/lib/queries/imports";
import { importFileColumns } from "./import-files-columns";

const getRowId = (f: ImportFile) => f.fileKind;
const rowProps = () => ({ "data-testid": "import-file" });

export function ImportFilesTable({ files }: { files: ImportFile[] }) {
  const table = useClientTable({ data: files, columns: importFileColumns, getRowId, enableSorting: false });
  return <DataTable table={table} caption="Files of this import" emptyMessage="No files were recorded for this import." getRowProps={rowProps} />;
}

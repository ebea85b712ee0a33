"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import { backtestColumns, type BacktestRow } from "./backtest-columns";

const getRowId = (m: BacktestRow) => m.asOf;

export function BacktestDataTable({ rows }: { rows: BacktestRow[] }) {
  const table = useClientTable({ data: rows, columns: backtestColumns, getRowId, enableSorting: false });
  return <DataTable table={table} variant="plain" caption="Past flags and how they turned out, by month end" testId="backtest-table" />;
}

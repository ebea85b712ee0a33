"use client";

import { dateColumn, numberColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { formatInteger } from "@/lib/format";
import type { BacktestMonth } from "@/lib/queries/risk-model";

const share = (late: number, n: number) => (n > 0 ? `${Math.round((late / n) * 100)}%` : "—");

/** `lateAmounts` comes formatted from the server: see backtest-table.tsx. */
export type BacktestRow = BacktestMonth & { lateAmounts: string };

export const backtestColumns: DataTableColumnDef<BacktestRow>[] = [
  dateColumn("asOf", "As of", { isRowHeader: true }),
  numberColumn("accounts", "Accounts"),
  numberColumn("highAccounts", "Flagged high"),
  {
    id: "highLate",
    header: "Paid late",
    meta: { align: "right" },
    cell: ({ row: { original: m } }) => (
      <span className="font-semibold">
        {formatInteger(m.highLate)} <span className="font-normal text-slate-600">({share(m.highLate, m.highAccounts)})</span>
      </span>
    ),
  },
  numberColumn("highNotOverdue", "High, not yet overdue"),
  {
    id: "highNotOverdueLate",
    header: "Paid late",
    meta: { align: "right" },
    cell: ({ row: { original: m } }) => (
      <>
        {formatInteger(m.highNotOverdueLate)} <span className="text-slate-600">({share(m.highNotOverdueLate, m.highNotOverdue)})</span>
      </>
    ),
  },
  {
    id: "mediumLate",
    header: "Medium: late",
    meta: { align: "right" },
    cell: ({ row: { original: m } }) => `${formatInteger(m.mediumLate)} of ${formatInteger(m.mediumAccounts)}`,
  },
  {
    id: "lowLate",
    header: "Low: late",
    meta: { align: "right" },
    cell: ({ row: { original: m } }) => `${formatInteger(m.lowLate)} of ${formatInteger(m.lowAccounts)}`,
  },
  {
    id: "lateCents",
    header: "Expected / actual late",
    meta: { align: "right" },
    cell: ({ row }) => row.original.lateAmounts,
  },
  {
    id: "pendingAccounts",
    header: "Pending",
    meta: { align: "right" },
    cell: ({ row: { original: m } }) => (m.pendingAccounts > 0 ? formatInteger(m.pendingAccounts) : "—"),
  },
];

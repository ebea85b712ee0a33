"use client";

import Link from "next/link";
import { dateColumn, moneyColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import type { AccountInvoice } from "@/lib/queries/accounts";

const STATUS_LABEL: Record<AccountInvoice["status"], string> = {
  paid: "Paid",
  "paid-late": "Paid late",
  open: "Open",
  overdue: "Overdue",
};

const STATUS_STYLE: Record<AccountInvoice["status"], string> = {
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  "paid-late": "bg-amber-100 text-amber-900 ring-amber-200",
  open: "bg-slate-100 text-slate-800 ring-slate-200",
  overdue: "bg-red-100 text-red-800 ring-red-200",
};

export function getAccountInvoiceColumns(asOf: string | undefined): DataTableColumnDef<AccountInvoice>[] {
  const suffix = asOf ? `?asOf=${asOf}` : "";
  return [
    {
      id: "invoiceId",
      accessorKey: "invoiceId",
      header: "Invoice",
      cell: ({ row }) => (
        <Link href={`/invoices/${row.original.invoiceId}${suffix}`} className="font-medium text-blue-700 underline-offset-2 hover:underline">
          {row.original.invoiceId}
        </Link>
      ),
    },
    dateColumn("dateIssued", "Issued"),
    dateColumn("dueDate", "Due"),
    dateColumn("paymentDate", "Paid", { sortUndefined: "last", empty: <span className="text-slate-600">not yet</span> }),
    {
      id: "daysToPay",
      accessorKey: "daysToPay",
      header: "Days to pay",
      meta: { align: "right" },
      cell: ({ row }) =>
        row.original.daysToPay !== null
          ? row.original.daysToPay
          : row.original.daysPastDue !== null && row.original.daysPastDue > 0
            ? <span className="text-red-700">{row.original.daysPastDue} d past due</span>
            : "—",
    },
    moneyColumn("totalCents", "Total"),
    {
      id: "status",
      accessorKey: "status",
      header: "Status",
      cell: ({ row }) => (
        <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[row.original.status]}`}>
          {STATUS_LABEL[row.original.status]}
          {row.original.isLate ? <span className="sr-only"> (late)</span> : null}
        </span>
      ),
    },
  ];
}

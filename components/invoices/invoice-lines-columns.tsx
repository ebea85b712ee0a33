"use client";

import { moneyColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { formatMoney, formatPercent } from "@/lib/format";
import type { InvoiceLine } from "@/lib/queries/invoices";

export const invoiceLineColumns: DataTableColumnDef<InvoiceLine>[] = [
  { id: "itemId", accessorKey: "itemId", header: "SKU", cell: ({ row }) => <span className="font-mono text-xs">{row.original.itemId}</span> },
  {
    id: "itemName",
    accessorKey: "itemName",
    header: "Item",
    cell: ({ row }) => (
      <div className="min-w-48">
        <div className="font-medium">{row.original.itemName ?? <span className="text-red-700">Unknown SKU</span>}</div>
        <div className="text-xs text-slate-600">{row.original.itemDescription}</div>
      </div>
    ),
  },
  { id: "quantity", accessorKey: "quantity", header: "Qty", meta: { align: "right", label: "Quantity" } },
  moneyColumn("unitPriceCents", "Unit price"),
  moneyColumn("lineTotalCents", "Line total", { className: "font-medium" }),
  moneyColumn("lineCostCents", "Cost"),
  {
    id: "marginCents",
    accessorKey: "marginCents",
    header: "Margin",
    meta: { align: "right" },
    cell: ({ row }) => (
      <span>
        {formatMoney(row.original.marginCents)}{" "}
        <span className="text-xs text-slate-600">({formatPercent(row.original.marginShare)})</span>
      </span>
    ),
  },
];

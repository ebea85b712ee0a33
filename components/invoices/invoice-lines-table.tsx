"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import { formatMoney, formatPercent } from "@/lib/format";
import type { InvoiceLine } from "@/lib/queries/invoices";
import { invoiceLineColumns } from "./invoice-lines-columns";

const getRowId = (row: InvoiceLine) => row.itemId;

export function InvoiceLinesTable({ lines }: { lines: InvoiceLine[] }) {
  const table = useClientTable({ data: lines, columns: invoiceLineColumns, getRowId });
  const totalCents = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
  const costCents = lines.reduce((sum, l) => sum + l.lineCostCents, 0);
  const marginCents = totalCents - costCents;
  return (
    <DataTable
      table={table}
      caption="Invoice lines"
      emptyMessage="This invoice has no lines."
      footer={
        <tr>
          <th scope="row" colSpan={4} className="px-3 py-2 text-left">
            Total ({lines.length} lines)
          </th>
          <td className="px-3 py-2 text-right tabular-nums" data-testid="lines-total">
            {formatMoney(totalCents)}
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{formatMoney(costCents)}</td>
          <td className="px-3 py-2 text-right tabular-nums">
            {formatMoney(marginCents)}{" "}
            <span className="text-xs font-normal text-slate-600">({formatPercent(totalCents > 0 ? marginCents / totalCents : null)})</span>
          </td>
        </tr>
      }
    />
  );
}

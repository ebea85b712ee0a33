"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import { formatMoney } from "@/lib/format";
import type { AgingBuckets } from "@/lib/queries/accounts";
import { agingColumns, type AgingRow } from "./aging-columns";
import { AGING_BUCKETS } from "./aging-buckets";

const getRowId = (r: AgingRow) => r.key;

/** Open balance by days past due; the buckets add up to the total shown in the footer. */
export function AgingTable({ aging, openCents }: { aging: AgingBuckets; openCents: number }) {
  const rows = AGING_BUCKETS.map((b) => ({ ...b, cents: aging[b.key], share: openCents > 0 ? aging[b.key] / openCents : 0 }));
  const table = useClientTable({ data: rows, columns: agingColumns, getRowId, enableSorting: false });
  return (
    <DataTable
      table={table}
      variant="plain"
      caption="Open balance by days past due"
      testId="aging-table"
      footer={
        <tr className="font-semibold">
          <th scope="row" className="py-1.5 text-left">
            Open balance
          </th>
          <td className="py-1.5 pr-3 text-right tabular-nums" data-testid="aging-total">
            {formatMoney(openCents)}
          </td>
          <td />
        </tr>
      }
    />
  );
}

"use client";

import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import type { StoredAccountScore } from "@/lib/queries/risk-model";
import { getStoredRankingColumns } from "./stored-ranking-columns";

const getRowId = (s: StoredAccountScore) => String(s.accountId);

/** One page of a stored ranking, in rank order: the order is the point, so it does not sort. */
export function StoredRankingTable({ scores, asOf }: { scores: StoredAccountScore[]; asOf: string }) {
  const columns = useMemo(() => getStoredRankingColumns(asOf), [asOf]);
  const table = useClientTable({ data: scores, columns, getRowId, enableSorting: false });
  return (
    <DataTable
      table={table}
      variant="plain"
      caption="Accounts of this ranking, by expected late amount"
      testId="stored-ranking"
      getRowProps={() => ({ className: "align-top" })}
    />
  );
}

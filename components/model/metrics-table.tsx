"use client";

import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import type { Evaluation } from "@/lib/risk-model/evaluation";
import { metricsColumns, pct, type PredictorRow } from "./metrics-columns";

const getRowId = (r: PredictorRow) => r.name;

/** The model beside its two baselines, all fitted and tested on the same invoices. */
export function MetricsTable({ evaluation }: { evaluation: Evaluation }) {
  const rows: PredictorRow[] = [
    { name: "This model", detail: "all point-in-time features", summary: evaluation.model, isModel: true },
    { name: "Baseline: required columns", detail: "invoice total, items, account age, invoices in 120 days, invoices so far", summary: evaluation.baselines.required },
    { name: "Baseline: prior late rate", detail: "the account's smoothed share of earlier invoices paid late", summary: evaluation.baselines.prior_rate },
  ];
  const table = useClientTable({ data: rows, columns: metricsColumns, getRowId, enableSorting: false });
  return (
    <DataTable
      table={table}
      variant="plain"
      caption="Holdout metrics of the model and the baselines"
      testId="metrics-table"
      getRowProps={(r) => ({ className: r.isModel ? "bg-blue-50 font-semibold" : "" })}
      footer={
        <tr>
          <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-600">
            Base rate (share of test invoices paid late)
          </th>
          <td colSpan={3} />
          <td className="py-2 text-right tabular-nums text-slate-600">{pct(evaluation.test.lateRate)}</td>
        </tr>
      }
    />
  );
}

"use client";

import type { DataTableColumnDef } from "@/components/data-table/features";
import type { ScoreSummary } from "@/lib/risk-model/evaluation";

export type PredictorRow = { name: string; detail: string; summary: ScoreSummary; isModel?: boolean };

const f3 = (x: number) => x.toFixed(3);
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function metricColumn(id: string, label: string, hint: string, value: (s: ScoreSummary) => string): DataTableColumnDef<PredictorRow> {
  return {
    id,
    header: () => (
      <>
        {label}
        <span className="block text-[11px] normal-case tracking-normal text-slate-500">{hint}</span>
      </>
    ),
    meta: { align: "right", label },
    cell: ({ row }) => value(row.original.summary),
  };
}

export const metricsColumns: DataTableColumnDef<PredictorRow>[] = [
  {
    id: "predictor",
    header: "Predictor",
    meta: { isRowHeader: true },
    cell: ({ row: { original: r } }) => (
      <>
        <span className="font-medium">{r.name}</span>
        <span className="block text-xs font-normal text-slate-600">{r.detail}</span>
      </>
    ),
  },
  metricColumn("auc", "ROC AUC", "higher is better", (s) => f3(s.auc)),
  metricColumn("prAuc", "PR AUC", "higher is better", (s) => f3(s.prAuc)),
  metricColumn("brier", "Brier score", "lower is better", (s) => f3(s.brier)),
  metricColumn("top", "Late share, top 10%", "higher is better", (s) => pct(s.topDecileRate)),
];

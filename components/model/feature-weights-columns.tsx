"use client";

import type { DataTableColumnDef } from "@/components/data-table/features";

export type FeatureWeight = { name: string; label: string; weight: number };

/** Bars are scaled to the largest weight, so the columns need it. */
export function getFeatureWeightColumns(largest: number): DataTableColumnDef<FeatureWeight>[] {
  return [
    {
      id: "label",
      header: "Input",
      meta: { isRowHeader: true },
      cell: ({ row: { original: r } }) => (
        <>
          {r.label}
          <span className="block font-mono text-xs text-slate-500">{r.name}</span>
        </>
      ),
    },
    {
      id: "weight",
      header: "Weight",
      meta: { align: "right" },
      cell: ({ row: { original: r } }) => `${r.weight >= 0 ? "+" : "−"}${Math.abs(r.weight).toFixed(2)}`,
    },
    {
      id: "bar",
      header: () => <span className="sr-only">Size and direction</span>,
      meta: { headerClassName: "w-2/5" },
      cell: ({ row: { original: r } }) => {
        const raises = r.weight > 0;
        return (
          <div className="relative h-3 w-full" aria-label={raises ? "raises the risk" : "lowers the risk"} role="img">
            <div className="absolute inset-y-0 left-1/2 w-px bg-slate-300" />
            <div
              className={`absolute inset-y-0 rounded-sm ${raises ? "left-1/2 bg-red-500" : "right-1/2 bg-emerald-500"}`}
              style={{ width: `${(Math.abs(r.weight) / largest) * 50}%` }}
            />
          </div>
        );
      },
    },
  ];
}

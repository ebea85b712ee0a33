"use client";

import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import { featureSpec } from "@/lib/risk-model/features";
import type { FittedModel } from "@/lib/risk-model/logistic";
import { getFeatureWeightColumns, type FeatureWeight } from "./feature-weights-columns";

const getRowId = (r: FeatureWeight) => r.name;

/**
 * The model's inputs and their weights on the standardised scale: how much one standard
 * deviation more of the feature moves the log-odds of paying late. Longest bar first.
 */
export function FeatureWeights({ model }: { model: FittedModel }) {
  const rows = useMemo(
    () =>
      model.features
        .map((name, j) => ({ name, label: featureSpec(name)?.label ?? name, weight: model.weights[j]! }))
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.name.localeCompare(b.name)),
    [model],
  );
  const columns = useMemo(() => getFeatureWeightColumns(Math.max(...rows.map((r) => Math.abs(r.weight)), 1e-9)), [rows]);
  const table = useClientTable({ data: rows, columns, getRowId, enableSorting: false });
  return <DataTable table={table} variant="plain" caption="Feature weights of the current model" testId="feature-weights" />;
}

import { featureSpec } from "@/lib/risk-model/features";
import type { FittedModel } from "@/lib/risk-model/logistic";

/**
 * The model's inputs and their weights on the standardised scale: how much one standard
 * deviation more of the feature moves the log-odds of paying late. Longest bar first.
 */
export function FeatureWeights({ model }: { model: FittedModel }) {
  const rows = model.features
    .map((name, j) => ({ name, label: featureSpec(name)?.label ?? name, weight: model.weights[j]! }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.name.localeCompare(b.name));
  const largest = Math.max(...rows.map((r) => Math.abs(r.weight)), 1e-9);
  return (
    <table className="w-full text-sm" data-testid="feature-weights">
      <caption className="sr-only">Feature weights of the current model</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600">
          <th scope="col" className="py-2 pr-3 font-medium">Input</th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">Weight</th>
          <th scope="col" className="w-2/5 py-2 font-medium">
            <span className="sr-only">Size and direction</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const width = `${(Math.abs(r.weight) / largest) * 50}%`;
          const raises = r.weight > 0;
          return (
            <tr key={r.name} className="border-b border-slate-100">
              <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                {r.label}
                <span className="block font-mono text-xs text-slate-500">{r.name}</span>
              </th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{r.weight >= 0 ? "+" : "−"}{Math.abs(r.weight).toFixed(2)}</td>
              <td className="py-1.5">
                <div className="relative h-3 w-full" aria-label={raises ? "raises the risk" : "lowers the risk"} role="img">
                  <div className="absolute inset-y-0 left-1/2 w-px bg-slate-300" />
                  <div
                    className={`absolute inset-y-0 rounded-sm ${raises ? "left-1/2 bg-red-500" : "right-1/2 bg-emerald-500"}`}
                    style={{ width }}
                  />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

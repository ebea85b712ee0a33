import type { Evaluation, ScoreSummary } from "@/lib/risk-model/evaluation";

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

type Column = { key: string; label: string; hint: string; value: (s: ScoreSummary) => string; better: "higher" | "lower" };

const COLUMNS: Column[] = [
  { key: "auc", label: "ROC AUC", hint: "higher is better", value: (s) => f3(s.auc), better: "higher" },
  { key: "prAuc", label: "PR AUC", hint: "higher is better", value: (s) => f3(s.prAuc), better: "higher" },
  { key: "brier", label: "Brier score", hint: "lower is better", value: (s) => f3(s.brier), better: "lower" },
  { key: "top", label: "Late share, top 10%", hint: "higher is better", value: (s) => pct(s.topDecileRate), better: "higher" },
];

/** The model beside its two baselines, all fitted and tested on the same invoices. */
export function MetricsTable({ evaluation }: { evaluation: Evaluation }) {
  const rows: { name: string; detail: string; summary: ScoreSummary; isModel?: boolean }[] = [
    { name: "This model", detail: "all point-in-time features", summary: evaluation.model, isModel: true },
    { name: "Baseline: required columns", detail: "invoice total, items, account age, invoices in 120 days, invoices so far", summary: evaluation.baselines.required },
    { name: "Baseline: prior late rate", detail: "the account's smoothed share of earlier invoices paid late", summary: evaluation.baselines.prior_rate },
  ];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="metrics-table">
        <caption className="sr-only">Holdout metrics of the model and the baselines</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600">
            <th scope="col" className="py-2 pr-3 font-medium">Predictor</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className="py-2 pr-3 text-right font-medium">
                {c.label}
                <span className="block text-[11px] normal-case tracking-normal text-slate-500">{c.hint}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className={`border-b border-slate-100 ${r.isModel ? "bg-blue-50 font-semibold" : ""}`}>
              <th scope="row" className="py-2 pr-3 text-left font-medium">
                {r.name}
                <span className="block text-xs font-normal text-slate-600">{r.detail}</span>
              </th>
              {COLUMNS.map((c) => (
                <td key={c.key} className="py-2 pr-3 text-right tabular-nums">
                  {c.value(r.summary)}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-600">
              Base rate (share of test invoices paid late)
            </th>
            <td colSpan={3} />
            <td className="py-2 pr-3 text-right tabular-nums text-slate-600">{pct(evaluation.test.lateRate)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

import type { RiskBand } from "@/lib/risk-model/scoring";

const STYLES: Record<RiskBand, string> = {
  high: "bg-red-100 text-red-800 ring-red-200",
  medium: "bg-amber-100 text-amber-900 ring-amber-200",
  low: "bg-emerald-50 text-emerald-800 ring-emerald-200",
};

const LABELS: Record<RiskBand, string> = { high: "High", medium: "Medium", low: "Low" };

export function RiskBadge({ band }: { band: RiskBand }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[band]}`}>
      {LABELS[band]}
    </span>
  );
}

export function ProgressBar({ label, value, max, detail }: { label: string; value: number; max: number; detail?: React.ReactNode }) {
  const share = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-slate-900">{label}</span>
        <span className="tabular-nums text-slate-600">{detail ?? `${Math.round(share * 100)}%`}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-blue-600 transition-[width] duration-300" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

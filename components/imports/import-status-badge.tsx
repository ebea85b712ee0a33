const styles: Record<string, string> = {
  accepted: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  skipped: "bg-slate-100 text-slate-800 ring-slate-300",
  running: "bg-blue-50 text-blue-800 ring-blue-200",
  receiving: "bg-blue-50 text-blue-800 ring-blue-200",
  queued: "bg-blue-50 text-blue-800 ring-blue-200",
  importing: "bg-blue-50 text-blue-800 ring-blue-200",
  refused: "bg-red-50 text-red-800 ring-red-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  interrupted: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-amber-50 text-amber-900 ring-amber-200",
};

const labels: Record<string, string> = { skipped: "already imported" };

export function ImportStatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status] ?? styles.skipped}`} data-testid="import-status">
      {labels[status] ?? status}
    </span>
  );
}

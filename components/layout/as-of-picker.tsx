"use client";

import { useSyncedState, useUrlState } from "@/components/data-table/use-url-state";
import { formatDate } from "@/lib/format";

/**
 * Everything on a page is computed as of this date. It lives in the URL (`asOf`); the default
 * is the data's as-of date (the latest issue or payment), not today, because extracts lag
 * behind the calendar.
 */
export function AsOfPicker({ asOf, latest, min }: { asOf: string; latest: string; min: string | null }) {
  const { setParams, isPending } = useUrlState();
  const [value, setValue] = useSyncedState(asOf);
  const isDefault = asOf === latest;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        As of
        <input
          type="date"
          name="asOf"
          value={value}
          min={min ?? undefined}
          max={latest}
          onChange={(e) => {
            const next = e.target.value;
            setValue(next);
            // The field passes through partial values while typing; only whole dates navigate.
            if (/^\d{4}-\d{2}-\d{2}$/.test(next) && next <= latest) setParams({ asOf: next === latest ? null : next }, { resetPage: true });
          }}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal"
        />
      </label>
      {isDefault ? (
        <span className="pb-2 text-xs text-slate-600">latest data</span>
      ) : (
        <button
          type="button"
          onClick={() => setParams({ asOf: null }, { resetPage: true })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Back to the latest data ({formatDate(latest)})
        </button>
      )}
      {isPending ? (
        <span role="status" className="pb-2 text-xs text-slate-600">
          Updating…
        </span>
      ) : null}
    </div>
  );
}

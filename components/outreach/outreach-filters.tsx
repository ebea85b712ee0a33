"use client";

import { useEffect } from "react";
import { useSyncedState, useUrlState } from "@/components/data-table/use-url-state";
import { filterInputClass } from "@/components/ui/filter-styles";
import { RegionFilter } from "@/components/ui/region-filter";

/** Typing waits for a pause before navigating, so each keystroke does not re-run the query. */
function useDebouncedParam(name: string, initial: string, delayMs = 350) {
  const { setParams } = useUrlState();
  const [value, setValue] = useSyncedState(initial);
  useEffect(() => {
    if (value === initial) return;
    const timer = setTimeout(() => setParams({ [name]: value.trim() || null }, { resetPage: true }), delayMs);
    return () => clearTimeout(timer);
  }, [value, initial, name, delayMs, setParams]);
  return [value, setValue] as const;
}

export function OutreachFilters({
  region,
  overdueOnly,
  minBalance,
  q,
  showHeld,
}: {
  /** The region shown, or "all". */
  region: string;
  overdueOnly: boolean;
  minBalance: number | undefined;
  q: string | undefined;
  showHeld: boolean;
}) {
  const { setParams } = useUrlState();
  // Local copies answer the click at once; the URL (and so the props) catch up after navigation.
  const [isOverdueOnly, setIsOverdueOnly] = useSyncedState(overdueOnly);
  const [isShowingHeld, setIsShowingHeld] = useSyncedState(showHeld);
  const [search, setSearch] = useDebouncedParam("q", q ?? "");
  const [minimum, setMinimum] = useDebouncedParam("minBalance", minBalance === undefined ? "" : String(minBalance));

  return (
    <form role="search" aria-label="Filter the outreach list" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm font-medium text-slate-800">
        Search
        <input
          type="search"
          name="q"
          placeholder="Company, contact or account id"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className={filterInputClass}
        />
      </label>
      <RegionFilter region={region} layout="stacked" allValue="all" />
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Min. open balance ($)
        <input
          type="number"
          name="minBalance"
          inputMode="numeric"
          min={0}
          step={1000}
          value={minimum}
          onChange={(e) => setMinimum(e.target.value)}
          className={`${filterInputClass} w-40`}
        />
      </label>
      <label className="flex items-center gap-2 pb-1.5 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          name="overdueOnly"
          checked={isOverdueOnly}
          onChange={(e) => {
            setIsOverdueOnly(e.target.checked);
            setParams({ overdueOnly: e.target.checked ? "1" : null }, { resetPage: true });
          }}
          className="size-4 rounded border-slate-300"
        />
        Overdue only
      </label>
      <label className="flex items-center gap-2 pb-1.5 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          name="showHeld"
          checked={isShowingHeld}
          onChange={(e) => {
            setIsShowingHeld(e.target.checked);
            setParams({ showHeld: e.target.checked ? "1" : null }, { resetPage: true });
          }}
          className="size-4 rounded border-slate-300"
        />
        Show snoozed and disputed
      </label>
    </form>
  );
}

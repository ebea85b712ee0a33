"use client";

import { useSyncedState, useUrlState } from "@/components/data-table/use-url-state";
import { REGIONS } from "@/lib/regions";
import { filterInputClass } from "./filter-styles";

/**
 * The region filter of every page: a select bound to the URL's `region`. "stacked" puts the
 * label above it, as in a row of filters; "inline" beside it, with a note while the page updates.
 * Where the page defaults to the user's own region, "All regions" needs a value of its own (allValue).
 */
export function RegionFilter({ region, layout, allValue = "" }: { region: string | undefined; layout: "stacked" | "inline"; allValue?: string }) {
  const { setParams, isPending } = useUrlState();
  // The local copy answers the change at once; the URL (and so the prop) catches up after navigation.
  const [value, setValue] = useSyncedState(region ?? allValue);
  return (
    <label className={`flex text-sm font-medium text-slate-800 ${layout === "stacked" ? "flex-col gap-1" : "items-center gap-2"}`}>
      Region
      <select
        name="region"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setParams({ region: e.target.value || null }, { resetPage: true });
        }}
        className={filterInputClass}
      >
        <option value={allValue}>All regions</option>
        {REGIONS.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {layout === "inline" && isPending ? <span role="status" className="text-xs font-normal text-slate-600">Updating…</span> : null}
    </label>
  );
}

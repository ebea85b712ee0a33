"use client";

import { useSyncedState, useUrlState } from "@/components/data-table/use-url-state";
import { RegionOptions } from "@/components/ui/region-options";

export function RegionFilter({ region }: { region: string | undefined }) {
  const { setParams, isPending } = useUrlState();
  const [value, setValue] = useSyncedState(region ?? "");
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
      Region
      <select
        name="region"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setParams({ region: e.target.value || null });
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal"
      >
        <RegionOptions />
      </select>
      {isPending ? <span role="status" className="text-xs font-normal text-slate-600">Updating…</span> : null}
    </label>
  );
}

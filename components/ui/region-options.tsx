import { REGIONS } from "@/lib/regions";

/** The region choices of every region filter, "All regions" first. */
export function RegionOptions() {
  return (
    <>
      <option value="">All regions</option>
      {REGIONS.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </>
  );
}

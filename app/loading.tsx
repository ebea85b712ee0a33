import { StatsSkeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-6">
      <StatsSkeleton count={3} />
      <TableSkeleton rows={10} columns={8} />
    </div>
  );
}

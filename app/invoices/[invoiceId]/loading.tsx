import { Skeleton, StatsSkeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-6">
      <Skeleton className="h-8 w-56" />
      <StatsSkeleton />
      <TableSkeleton rows={6} columns={7} />
    </div>
  );
}

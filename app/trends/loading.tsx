import { ChartSkeleton, Skeleton, StatsSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-6">
      <Skeleton className="h-8 w-40" />
      <StatsSkeleton />
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 6 }, (_, i) => (
          <ChartSkeleton key={i} />
        ))}
      </div>
    </div>
  );
}

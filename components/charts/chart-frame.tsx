"use client";

import { ResponsiveContainer } from "recharts";

const heights = { md: "h-64", lg: "h-72" } as const;

/**
 * The box every chart is drawn in: a fixed height and the page's width, which recharts fills.
 * With a caption it becomes a figure, the caption under the chart.
 */
export function ChartFrame({
  height = "md",
  testId,
  caption,
  children,
}: {
  height?: keyof typeof heights;
  testId?: string;
  caption?: React.ReactNode;
  children: React.ReactElement;
}) {
  const chart = (
    <div className={`${heights[height]} w-full`} data-testid={caption ? undefined : testId}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
  if (!caption) return chart;
  return (
    <figure data-testid={testId}>
      {chart}
      <figcaption className="mt-1 text-xs text-slate-600">{caption}</figcaption>
    </figure>
  );
}

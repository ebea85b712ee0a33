"use client";

import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { AXIS_TICK, gridProps, termsLabel, termsLineProps } from "@/components/charts/chart-props";
import { formatDate } from "@/lib/format";

export type DaysToPayPoint = { invoiceId: number; dateIssued: string; daysToPay: number; isLate: boolean };

const toTime = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const tickDate = (ms: number) => new Date(ms).toLocaleDateString("en-US", { month: "short", year: "2-digit", timeZone: "UTC" });

/** Days to pay for each paid invoice, by issue date, against the 30-day terms. */
export function DaysToPayChart({ points }: { points: DaysToPayPoint[] }) {
  const onTime = points.filter((p) => !p.isLate).map((p) => ({ ...p, x: toTime(p.dateIssued) }));
  const late = points.filter((p) => p.isLate).map((p) => ({ ...p, x: toTime(p.dateIssued) }));
  const maxDays = Math.max(45, ...points.map((p) => p.daysToPay));
  return (
    <ChartFrame
      height="lg"
      caption={
        <>
          <span className="mr-3">
            <span className="mr-1 inline-block size-2 rounded-full bg-blue-600" aria-hidden="true" />
            Paid on time ({onTime.length})
          </span>
          <span>
            <span className="mr-1 inline-block size-2 rotate-45 bg-red-600" aria-hidden="true" />
            Paid late ({late.length})
          </span>
        </>
      }
    >
      <ScatterChart margin={{ top: 10, right: 16, bottom: 24, left: 8 }}>
        <CartesianGrid {...gridProps} />
        <XAxis
          type="number"
          dataKey="x"
          domain={["dataMin", "dataMax"]}
          tickFormatter={tickDate}
          name="Issued"
          label={{ value: "Issue date", position: "insideBottom", offset: -14, fill: AXIS_TICK.fill, fontSize: AXIS_TICK.fontSize }}
          tick={AXIS_TICK}
        />
        <YAxis
          type="number"
          dataKey="daysToPay"
          name="Days to pay"
          domain={[0, Math.ceil(maxDays / 10) * 10]}
          label={{ value: "Days to pay", angle: -90, position: "insideLeft", fill: AXIS_TICK.fill, fontSize: AXIS_TICK.fontSize }}
          tick={AXIS_TICK}
        />
        <ReferenceLine {...termsLineProps} label={termsLabel} />
        <Tooltip
          cursor={{ strokeDasharray: "3 3" }}
          content={({ active, payload }) => {
            const p = payload?.[0]?.payload as (DaysToPayPoint & { x: number }) | undefined;
            if (!active || !p) return null;
            return (
              <div className="rounded border border-slate-200 bg-white px-3 py-2 text-sm shadow">
                <div className="font-medium">Invoice {p.invoiceId}</div>
                <div>Issued {formatDate(p.dateIssued)}</div>
                <div>
                  Paid after {p.daysToPay} days{p.isLate ? " (late)" : ""}
                </div>
              </div>
            );
          }}
        />
        <Scatter isAnimationActive={false} name="Paid on time" data={onTime} fill="#2563eb" />
        <Scatter isAnimationActive={false} name="Paid late" data={late} fill="#dc2626" shape="diamond" />
      </ScatterChart>
    </ChartFrame>
  );
}

"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { AXIS_TICK, CHART_MARGIN, gridProps, legendText, percentAxisProps, shortMonth } from "@/components/charts/chart-props";
import { formatDate } from "@/lib/format";
import type { CalibrationBin } from "@/lib/risk-model/metrics";
import type { BacktestMonth } from "@/lib/queries/risk-model";

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

/**
 * Predicted against observed late share per tenth of predicted probability, on the holdout.
 * Points on the diagonal mean "a 30% invoice is late 30% of the time"; bars count invoices.
 */
export function CalibrationChart({ bins }: { bins: CalibrationBin[] }) {
  const data = bins.map((b) => ({
    bin: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`,
    mid: Math.round(((b.from + b.to) / 2) * 1000) / 10,
    predicted: pct(b.meanPredicted),
    observed: pct(b.observedRate),
    count: b.count,
  }));
  return (
    <ChartFrame height="lg" testId="calibration-chart">
      <ComposedChart data={data} margin={{ ...CHART_MARGIN, right: 8 }}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="bin" tick={AXIS_TICK} interval={0} angle={-30} textAnchor="end" height={48} />
        <YAxis yAxisId="share" domain={[0, 100]} {...percentAxisProps} />
        <YAxis yAxisId="count" orientation="right" tick={AXIS_TICK} width={56} scale="sqrt" />
        <Tooltip
          formatter={(value, name) => (name === "Invoices" ? [String(value), name] : [value === null ? "—" : `${value}%`, name])}
        />
        <Legend formatter={legendText} />
        <Bar yAxisId="count" dataKey="count" name="Invoices" fill="#cbd5e1" isAnimationActive={false} />
        <Line yAxisId="share" dataKey="mid" name="Perfect calibration" stroke="#94a3b8" strokeDasharray="4 4" dot={false} isAnimationActive={false} />
        <Line yAxisId="share" dataKey="predicted" name="Predicted (mean)" stroke="#2563eb" dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        <Scatter yAxisId="share" dataKey="observed" name="Observed late share" fill="#dc2626" isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}

/** Month by month: of the accounts flagged high, the share that paid late, against the low band's. */
export function FlagOutcomeChart({ months }: { months: BacktestMonth[] }) {
  const share = (late: number, n: number) => (n > 0 ? Math.round((late / n) * 1000) / 10 : null);
  const data = months.map((m) => ({
    month: m.asOf.slice(0, 7),
    asOf: m.asOf,
    high: share(m.highLate, m.highAccounts),
    forward: share(m.highNotOverdueLate, m.highNotOverdue),
    low: share(m.lowLate, m.lowAccounts),
  }));
  return (
    <ChartFrame testId="flag-outcome-chart">
      <LineChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="month" tickFormatter={shortMonth} tick={AXIS_TICK} />
        <YAxis domain={[0, 100]} {...percentAxisProps} />
        <Tooltip
          labelFormatter={(label) => {
            const row = data.find((d) => d.month === label);
            return row ? `Flags as of ${formatDate(row.asOf)}` : String(label);
          }}
          formatter={(value, name) => [value === null ? "—" : `${value}%`, name]}
        />
        <Legend formatter={legendText} />
        <Line dataKey="high" name="High: paid late" stroke="#dc2626" strokeWidth={2} isAnimationActive={false} connectNulls />
        <Line dataKey="forward" name="High, nothing overdue yet: paid late" stroke="#ea580c" strokeDasharray="5 3" isAnimationActive={false} connectNulls />
        <Line dataKey="low" name="Low: paid late" stroke="#059669" strokeWidth={2} isAnimationActive={false} connectNulls />
      </LineChart>
    </ChartFrame>
  );
}

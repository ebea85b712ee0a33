"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AGING_BUCKETS } from "@/components/accounts/aging-buckets";
import { ChartFrame } from "@/components/charts/chart-frame";
import {
  AXIS_TICK,
  CHART_MARGIN,
  daysAxisProps,
  gridProps,
  legendText,
  moneyAxisProps,
  moneyTooltipValue,
  percentAxisProps,
  shortMonth,
  termsLabel,
  termsLineProps,
} from "@/components/charts/chart-props";
import { formatDate, formatMoney, formatMonth } from "@/lib/format";
import type { MonthlyTrend } from "@/lib/queries/trends";

// Legends list series in the order they are drawn (the default sorts them alphabetically).
const SERIES_ORDER = ["openCents", "overdueCents", "paidLatePercent", "avgDays", ...AGING_BUCKETS.map((b) => b.key)];
const bySeriesOrder = (item: { dataKey?: unknown }) => SERIES_ORDER.indexOf(String(item.dataKey));

/** "May 2021" for a complete month, "May 2021 (to 12 May)" for the partial last one. */
function monthLabel(row: MonthlyTrend): string {
  const label = formatMonth(row.month);
  return row.asOf.slice(0, 7) === row.month && row.asOf !== monthEndOf(row.month) ? `${label} (to ${formatDate(row.asOf)})` : label;
}

function monthEndOf(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const monthAxis = <XAxis dataKey="month" tickFormatter={shortMonth} tick={AXIS_TICK} />;
const legend = <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} itemSorter={bySeriesOrder} />;

function tooltipLabel(rows: MonthlyTrend[]) {
  return (label: unknown) => {
    const row = rows.find((r) => r.month === label);
    return row ? `${monthLabel(row)} · as of ${formatDate(row.asOf)}` : String(label);
  };
}

type MonthlyChartProps = {
  chart: typeof BarChart | typeof LineChart;
  rows: MonthlyTrend[];
  /** The rows as drawn, when a series is derived from them. */
  data?: object[];
  margin?: typeof CHART_MARGIN;
  yAxis: React.ReactNode;
  formatter: React.ComponentProps<typeof Tooltip>["formatter"];
  children: React.ReactNode;
};

/** Every trend: months along the bottom, a grid, and a tooltip that names the month and its as-of date. */
function MonthlyChart({ chart: Chart, rows, data = rows, margin = CHART_MARGIN, yAxis, formatter, children }: MonthlyChartProps) {
  return (
    <ChartFrame>
      <Chart data={data} margin={margin}>
        <CartesianGrid {...gridProps} vertical={Chart === LineChart} />
        {monthAxis}
        {yAxis}
        <Tooltip labelFormatter={tooltipLabel(rows)} formatter={formatter} />
        {children}
      </Chart>
    </ChartFrame>
  );
}

export function InvoicedChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <MonthlyChart chart={BarChart} rows={rows} yAxis={<YAxis {...moneyAxisProps} />} formatter={(v) => [formatMoney(Number(v)), "Invoiced"]}>
      <Bar isAnimationActive={false} dataKey="invoicedCents" name="Invoiced" fill="#2563eb" radius={[3, 3, 0, 0]} />
    </MonthlyChart>
  );
}

export function PaymentBehaviourChart({ rows }: { rows: MonthlyTrend[] }) {
  const data = rows.map((r) => ({
    ...r,
    paidLatePercent: r.paidLateShare === null ? null : Math.round(r.paidLateShare * 1000) / 10,
    avgDays: r.avgDaysToPay === null ? null : Math.round(r.avgDaysToPay * 10) / 10,
  }));
  return (
    <MonthlyChart
      chart={LineChart}
      rows={rows}
      data={data}
      margin={{ ...CHART_MARGIN, right: 8 }}
      yAxis={[
        <YAxis key="share" yAxisId="share" {...percentAxisProps} width={44} domain={[0, "auto"]} />,
        <YAxis key="days" yAxisId="days" orientation="right" {...daysAxisProps} domain={[0, "auto"]} />,
      ]}
      formatter={(v, name) => (name === "Paid late" ? [`${v}%`, name] : [`${v} days`, name])}
    >
      {legend}
      <ReferenceLine yAxisId="days" {...termsLineProps} />
      <Line isAnimationActive={false} yAxisId="share" type="monotone" dataKey="paidLatePercent" name="Paid late" stroke="#dc2626" strokeWidth={2} dot={false} connectNulls />
      <Line isAnimationActive={false} yAxisId="days" type="monotone" dataKey="avgDays" name="Avg. days to pay" stroke="#2563eb" strokeWidth={2} dot={false} connectNulls />
    </MonthlyChart>
  );
}

export function BalanceChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <MonthlyChart chart={LineChart} rows={rows} yAxis={<YAxis {...moneyAxisProps} />} formatter={moneyTooltipValue}>
      {legend}
      <Line isAnimationActive={false} type="monotone" dataKey="openCents" name="Open" stroke="#2563eb" strokeWidth={2} dot={false} />
      <Line isAnimationActive={false} type="monotone" dataKey="overdueCents" name="Overdue" stroke="#dc2626" strokeWidth={2} dot={false} />
    </MonthlyChart>
  );
}

export function DsoChart({ rows }: { rows: MonthlyTrend[] }) {
  const data = rows.map((r) => ({ ...r, dso: r.dsoDays === null ? null : Math.round(r.dsoDays * 10) / 10 }));
  return (
    <MonthlyChart
      chart={LineChart}
      rows={rows}
      data={data}
      yAxis={<YAxis {...daysAxisProps} domain={[0, "auto"]} />}
      formatter={(v) => [`${v} days`, "DSO"]}
    >
      <ReferenceLine {...termsLineProps} label={termsLabel} />
      <Line isAnimationActive={false} type="monotone" dataKey="dso" name="DSO" stroke="#7c3aed" strokeWidth={2} connectNulls />
    </MonthlyChart>
  );
}

export function AgingChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <MonthlyChart chart={BarChart} rows={rows} yAxis={<YAxis {...moneyAxisProps} />} formatter={moneyTooltipValue}>
      {legend}
      {AGING_BUCKETS.map((bucket) => (
        <Bar isAnimationActive={false} key={bucket.key} dataKey={bucket.key} name={bucket.label} stackId="aging" fill={bucket.color} />
      ))}
    </MonthlyChart>
  );
}

export function AtRiskChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <MonthlyChart
      chart={BarChart}
      rows={rows}
      yAxis={<YAxis allowDecimals={false} tick={AXIS_TICK} width={48} />}
      formatter={(v, name) => [Number(v).toLocaleString("en-US"), name]}
    >
      <Bar isAnimationActive={false} dataKey="atRiskAccounts" name="At-risk accounts" fill="#b91c1c" radius={[3, 3, 0, 0]} />
    </MonthlyChart>
  );
}

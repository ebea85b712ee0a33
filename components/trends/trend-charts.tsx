"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AGING_BUCKETS } from "@/components/accounts/aging-buckets";
import { formatDate, formatMoney, formatMoneyCompact, formatMonth } from "@/lib/format";
import type { MonthlyTrend } from "@/lib/queries/trends";

const AXIS_TICK = { fontSize: 12, fill: "#475569" };
// Legend text in the series colour is unreadable for the yellow bucket; keep text dark, swatches coloured.
const legendText = (value: string) => <span style={{ color: "#334155" }}>{value}</span>;
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

function ChartFrame({ children }: { children: React.ReactElement }) {
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

const monthAxis = <XAxis dataKey="month" tickFormatter={(m: string) => formatMonth(m).replace(" 20", " ’")} tick={AXIS_TICK} />;

function tooltipLabel(rows: MonthlyTrend[]) {
  return (label: unknown) => {
    const row = rows.find((r) => r.month === label);
    return row ? `${monthLabel(row)} · as of ${formatDate(row.asOf)}` : String(label);
  };
}

export function InvoicedChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <ChartFrame>
      <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
        {monthAxis}
        <YAxis tickFormatter={(v: number) => formatMoneyCompact(v)} tick={AXIS_TICK} width={64} />
        <Tooltip labelFormatter={tooltipLabel(rows)} formatter={(v) => [formatMoney(Number(v)), "Invoiced"]} />
        <Bar isAnimationActive={false} dataKey="invoicedCents" name="Invoiced" fill="#2563eb" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ChartFrame>
  );
}

export function PaymentBehaviourChart({ rows }: { rows: MonthlyTrend[] }) {
  const data = rows.map((r) => ({
    ...r,
    paidLatePercent: r.paidLateShare === null ? null : Math.round(r.paidLateShare * 1000) / 10,
    avgDays: r.avgDaysToPay === null ? null : Math.round(r.avgDaysToPay * 10) / 10,
  }));
  return (
    <ChartFrame>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        {monthAxis}
        <YAxis yAxisId="share" tickFormatter={(v: number) => `${v}%`} tick={AXIS_TICK} width={44} domain={[0, "auto"]} />
        <YAxis yAxisId="days" orientation="right" tickFormatter={(v: number) => `${v} d`} tick={AXIS_TICK} width={48} domain={[0, "auto"]} />
        <Tooltip
          labelFormatter={tooltipLabel(rows)}
          formatter={(v, name) => (name === "Paid late" ? [`${v}%`, name] : [`${v} days`, name])}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} itemSorter={bySeriesOrder} />
        <ReferenceLine yAxisId="days" y={30} stroke="#b91c1c" strokeDasharray="6 3" />
        <Line isAnimationActive={false} yAxisId="share" type="monotone" dataKey="paidLatePercent" name="Paid late" stroke="#dc2626" strokeWidth={2} dot={false} connectNulls />
        <Line isAnimationActive={false} yAxisId="days" type="monotone" dataKey="avgDays" name="Avg. days to pay" stroke="#2563eb" strokeWidth={2} dot={false} connectNulls />
      </LineChart>
    </ChartFrame>
  );
}

export function BalanceChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <ChartFrame>
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        {monthAxis}
        <YAxis tickFormatter={(v: number) => formatMoneyCompact(v)} tick={AXIS_TICK} width={64} />
        <Tooltip labelFormatter={tooltipLabel(rows)} formatter={(v, name) => [formatMoney(Number(v)), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} itemSorter={bySeriesOrder} />
        <Line isAnimationActive={false} type="monotone" dataKey="openCents" name="Open" stroke="#2563eb" strokeWidth={2} dot={false} />
        <Line isAnimationActive={false} type="monotone" dataKey="overdueCents" name="Overdue" stroke="#dc2626" strokeWidth={2} dot={false} />
      </LineChart>
    </ChartFrame>
  );
}

export function DsoChart({ rows }: { rows: MonthlyTrend[] }) {
  const data = rows.map((r) => ({ ...r, dso: r.dsoDays === null ? null : Math.round(r.dsoDays * 10) / 10 }));
  return (
    <ChartFrame>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        {monthAxis}
        <YAxis tickFormatter={(v: number) => `${v} d`} tick={AXIS_TICK} width={48} domain={[0, "auto"]} />
        <Tooltip labelFormatter={tooltipLabel(rows)} formatter={(v) => [`${v} days`, "DSO"]} />
        <ReferenceLine y={30} stroke="#b91c1c" strokeDasharray="6 3" label={{ value: "30-day terms", position: "insideTopRight", fill: "#b91c1c", fontSize: 12 }} />
        <Line isAnimationActive={false} type="monotone" dataKey="dso" name="DSO" stroke="#7c3aed" strokeWidth={2} connectNulls />
      </LineChart>
    </ChartFrame>
  );
}

export function AgingChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <ChartFrame>
      <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
        {monthAxis}
        <YAxis tickFormatter={(v: number) => formatMoneyCompact(v)} tick={AXIS_TICK} width={64} />
        <Tooltip labelFormatter={tooltipLabel(rows)} formatter={(v, name) => [formatMoney(Number(v)), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} itemSorter={bySeriesOrder} />
        {AGING_BUCKETS.map((bucket) => (
          <Bar isAnimationActive={false} key={bucket.key} dataKey={bucket.key} name={bucket.label} stackId="aging" fill={bucket.color} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

export function AtRiskChart({ rows }: { rows: MonthlyTrend[] }) {
  return (
    <ChartFrame>
      <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
        {monthAxis}
        <YAxis allowDecimals={false} tick={AXIS_TICK} width={48} />
        <Tooltip labelFormatter={tooltipLabel(rows)} formatter={(v, name) => [Number(v).toLocaleString("en-US"), name]} />
        <Bar isAnimationActive={false} dataKey="atRiskAccounts" name="At-risk accounts" fill="#b91c1c" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ChartFrame>
  );
}

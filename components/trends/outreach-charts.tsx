"use client";

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { AXIS_TICK, CHART_MARGIN, daysAxisProps, gridProps, legendText, percentAxisProps, shortMonth } from "@/components/charts/chart-props";
import { OUTCOME_LABELS } from "@/components/outreach/outreach-labels";
import { formatDate, formatInteger, formatMonth } from "@/lib/format";
import { OUTREACH_OUTCOMES } from "@/lib/outreach/vocabulary";
import type { FirstContactMonth, OutreachWeek, PromiseMonth } from "@/lib/queries/outreach-trends";
import { REGIONS, type Region } from "@/lib/regions";

const REGION_COLORS: Record<Region, string> = {
  Northeast: "#2563eb",
  Midwest: "#16a34a",
  South: "#d97706",
  West: "#7c3aed",
  "Armed Forces": "#0891b2",
  Territories: "#db2777",
  Unknown: "#64748b",
};

const OUTCOME_COLORS = {
  "no-answer": "#94a3b8",
  "left-message": "#60a5fa",
  promised: "#16a34a",
  disputed: "#dc2626",
  "says-paid": "#7c3aed",
  other: "#f59e0b",
} as const;

const weekTick = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const shortWeek = (week: string) => weekTick.format(new Date(`${week}T00:00:00Z`));
const weekLabel = (label: unknown) => `Week of ${formatDate(String(label))}`;
const countAxis = <YAxis allowDecimals={false} tick={AXIS_TICK} width={48} />;
const countValue = (value: unknown, name: unknown) => [formatInteger(Number(value)), String(name)] as [string, string];

function legend(order: readonly string[]) {
  return <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} itemSorter={(item: { dataKey?: unknown }) => order.indexOf(String(item.dataKey))} />;
}

/** Contacts per week, stacked by the accounts' regions (only the regions that had any). */
export function ContactsByRegionChart({ weeks, caption }: { weeks: OutreachWeek[]; caption: string }) {
  const regions = REGIONS.filter((r) => weeks.some((w) => (w.byRegion[r] ?? 0) > 0));
  const data = weeks.map((w) => ({ week: w.week, ...Object.fromEntries(regions.map((r) => [r, w.byRegion[r] ?? 0])) }));
  return (
    <ChartFrame testId="contacts-by-region" caption={caption}>
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid {...gridProps} vertical={false} />
        <XAxis dataKey="week" tickFormatter={shortWeek} tick={AXIS_TICK} minTickGap={16} />
        {countAxis}
        <Tooltip labelFormatter={weekLabel} formatter={countValue} />
        {legend(regions)}
        {regions.map((r) => (
          <Bar isAnimationActive={false} key={r} dataKey={r} name={r} stackId="contacts" fill={REGION_COLORS[r]} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

/** Contacts per week, stacked by what came of them. */
export function ContactOutcomesChart({ weeks, caption }: { weeks: OutreachWeek[]; caption: string }) {
  const data = weeks.map((w) => ({ week: w.week, ...w.byOutcome }));
  return (
    <ChartFrame testId="contact-outcomes" caption={caption}>
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid {...gridProps} vertical={false} />
        <XAxis dataKey="week" tickFormatter={shortWeek} tick={AXIS_TICK} minTickGap={16} />
        {countAxis}
        <Tooltip labelFormatter={weekLabel} formatter={countValue} />
        {legend(OUTREACH_OUTCOMES)}
        {OUTREACH_OUTCOMES.map((o) => (
          <Bar isAnimationActive={false} key={o} dataKey={o} name={OUTCOME_LABELS[o]} stackId="outcomes" fill={OUTCOME_COLORS[o]} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

const PROMISE_SERIES = ["kept", "broken", "pending", "keptPercent"];

/** Promises by the month of their date: kept, broken and pending (bars) and the kept rate (line). */
export function PromiseKeptChart({ months, caption }: { months: PromiseMonth[]; caption: string }) {
  const data = months.map((m) => ({ ...m, keptPercent: m.keptShare === null ? null : Math.round(m.keptShare * 1000) / 10 }));
  return (
    <ChartFrame testId="promise-kept" caption={caption}>
      <ComposedChart data={data} margin={{ ...CHART_MARGIN, right: 8 }}>
        <CartesianGrid {...gridProps} vertical={false} />
        <XAxis dataKey="month" tickFormatter={shortMonth} tick={AXIS_TICK} />
        <YAxis yAxisId="count" allowDecimals={false} tick={AXIS_TICK} width={48} />
        <YAxis yAxisId="share" orientation="right" {...percentAxisProps} domain={[0, 100]} />
        <Tooltip
          labelFormatter={(label) => `Promised for ${formatMonth(String(label))}`}
          formatter={(v, name) => (name === "Kept rate" ? [`${v}%`, name] : countValue(v, name))}
        />
        {legend(PROMISE_SERIES)}
        <Bar isAnimationActive={false} yAxisId="count" dataKey="kept" name="Kept" stackId="promises" fill="#16a34a" />
        <Bar isAnimationActive={false} yAxisId="count" dataKey="broken" name="Broken" stackId="promises" fill="#dc2626" />
        {/* Straight segments: a curve smoothed between months of a few promises would show rates nobody measured. */}
        <Bar isAnimationActive={false} yAxisId="count" dataKey="pending" name="Pending" stackId="promises" fill="#cbd5e1" />
        <Line isAnimationActive={false} yAxisId="share" type="linear" dataKey="keptPercent" name="Kept rate" stroke="#0f172a" strokeWidth={2} connectNulls />
      </ComposedChart>
    </ChartFrame>
  );
}

/** The median days from an overdue spell's first day to its first contact, by the contact's month. */
export function FirstContactChart({ months, caption }: { months: FirstContactMonth[]; caption: string }) {
  return (
    <ChartFrame testId="first-contact" caption={caption}>
      <LineChart data={months} margin={CHART_MARGIN}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="month" tickFormatter={shortMonth} tick={AXIS_TICK} />
        <YAxis {...daysAxisProps} domain={[0, "auto"]} />
        <Tooltip
          labelFormatter={(label) => formatMonth(String(label))}
          formatter={(v, _name, item) => [`${v} days (${formatInteger((item.payload as FirstContactMonth).spells)} spells)`, "Median"]}
        />
        <Line isAnimationActive={false} type="linear" dataKey="medianDays" name="Median days" stroke="#7c3aed" strokeWidth={2} connectNulls />
      </LineChart>
    </ChartFrame>
  );
}

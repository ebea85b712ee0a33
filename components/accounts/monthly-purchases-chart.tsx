"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { AXIS_TICK, gridProps, moneyAxisProps } from "@/components/charts/chart-props";
import { formatMoney, formatMonth } from "@/lib/format";
import type { MonthlyPurchases } from "@/lib/queries/accounts";

export function MonthlyPurchasesChart({ months }: { months: MonthlyPurchases[] }) {
  return (
    <ChartFrame height="lg">
      <BarChart data={months} margin={{ top: 10, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid {...gridProps} vertical={false} />
        <XAxis dataKey="month" tickFormatter={formatMonth} tick={AXIS_TICK} />
        <YAxis {...moneyAxisProps} />
        <Tooltip formatter={(value) => [formatMoney(Number(value)), "Invoiced"]} labelFormatter={(label) => formatMonth(String(label))} />
        <Bar isAnimationActive={false} dataKey="invoicedCents" name="Invoiced" fill="#2563eb" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ChartFrame>
  );
}

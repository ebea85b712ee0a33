"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMoneyCompact, formatMonth } from "@/lib/format";
import type { MonthlyPurchases } from "@/lib/queries/accounts";

export function MonthlyPurchasesChart({ months }: { months: MonthlyPurchases[] }) {
  return (
    <div className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={months} margin={{ top: 10, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="month" tickFormatter={formatMonth} tick={{ fontSize: 12, fill: "#475569" }} />
          <YAxis
            tickFormatter={(v: number) => formatMoneyCompact(v)}
            tick={{ fontSize: 12, fill: "#475569" }}
            width={64}
          />
          <Tooltip
            formatter={(value) => [formatMoney(Number(value)), "Invoiced"]}
            labelFormatter={(label) => formatMonth(String(label))}
          />
          <Bar isAnimationActive={false} dataKey="invoicedCents" name="Invoiced" fill="#2563eb" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

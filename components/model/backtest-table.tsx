import { formatMoneyCompact } from "@/lib/format";
import type { BacktestMonth } from "@/lib/queries/risk-model";
import { BacktestDataTable } from "./backtest-data-table";

/**
 * How the flags of each month end turned out, one row per month. Compact money is formatted
 * here on the server: Node's ICU writes "$29.0M" where the browser's writes "$29M", and the
 * table must hydrate to the text the server sent.
 */
export function BacktestTable({ months }: { months: BacktestMonth[] }) {
  const rows = months.map((m) => ({ ...m, lateAmounts: `${formatMoneyCompact(m.expectedLateCents)} / ${formatMoneyCompact(m.actualLateCents)}` }));
  return <BacktestDataTable rows={rows} />;
}

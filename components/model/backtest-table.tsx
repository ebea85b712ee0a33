import { formatDate, formatInteger, formatMoneyCompact } from "@/lib/format";
import type { BacktestMonth } from "@/lib/queries/risk-model";

const share = (late: number, n: number) => (n > 0 ? `${Math.round((late / n) * 100)}%` : "—");

/** How the flags of each month end turned out, one row per month. */
export function BacktestTable({ months }: { months: BacktestMonth[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="backtest-table">
        <caption className="sr-only">Past flags and how they turned out, by month end</caption>
        <thead>
          <tr className="border-b border-slate-200 text-right text-xs uppercase tracking-wide text-slate-600">
            <th scope="col" className="py-2 pr-3 text-left font-medium">As of</th>
            <th scope="col" className="py-2 pr-3 font-medium">Accounts</th>
            <th scope="col" className="py-2 pr-3 font-medium">Flagged high</th>
            <th scope="col" className="py-2 pr-3 font-medium">Paid late</th>
            <th scope="col" className="py-2 pr-3 font-medium">High, not yet overdue</th>
            <th scope="col" className="py-2 pr-3 font-medium">Paid late</th>
            <th scope="col" className="py-2 pr-3 font-medium">Medium: late</th>
            <th scope="col" className="py-2 pr-3 font-medium">Low: late</th>
            <th scope="col" className="py-2 pr-3 font-medium">Expected / actual late</th>
            <th scope="col" className="py-2 font-medium">Pending</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {months.map((m) => (
            <tr key={m.asOf} className="border-b border-slate-100 text-right">
              <th scope="row" className="py-1.5 pr-3 text-left font-normal">{formatDate(m.asOf)}</th>
              <td className="py-1.5 pr-3">{formatInteger(m.accounts)}</td>
              <td className="py-1.5 pr-3">{formatInteger(m.highAccounts)}</td>
              <td className="py-1.5 pr-3 font-semibold">
                {formatInteger(m.highLate)} <span className="font-normal text-slate-600">({share(m.highLate, m.highAccounts)})</span>
              </td>
              <td className="py-1.5 pr-3">{formatInteger(m.highNotOverdue)}</td>
              <td className="py-1.5 pr-3">
                {formatInteger(m.highNotOverdueLate)} <span className="text-slate-600">({share(m.highNotOverdueLate, m.highNotOverdue)})</span>
              </td>
              <td className="py-1.5 pr-3">
                {formatInteger(m.mediumLate)} of {formatInteger(m.mediumAccounts)}
              </td>
              <td className="py-1.5 pr-3">
                {formatInteger(m.lowLate)} of {formatInteger(m.lowAccounts)}
              </td>
              <td className="py-1.5 pr-3">
                {formatMoneyCompact(m.expectedLateCents)} / {formatMoneyCompact(m.actualLateCents)}
              </td>
              <td className="py-1.5">{m.pendingAccounts > 0 ? formatInteger(m.pendingAccounts) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";

import Link from "next/link";
import { moneyColumn, numberColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { RiskBadge } from "@/components/ui/risk-badge";
import { formatMoneyWhole } from "@/lib/format";
import { bandOf, formatProbability, NOT_DUE_BAND_THRESHOLDS } from "@/lib/risk-model/scoring";
import type { StoredAccountScore } from "@/lib/queries/risk-model";

/** Account links open the account as it stood on the ranking's date. */
export function getStoredRankingColumns(asOf: string): DataTableColumnDef<StoredAccountScore>[] {
  return [
    numberColumn("rank", "#", { format: String, className: "text-slate-600", label: "Rank" }),
    {
      id: "account",
      header: "Account",
      cell: ({ row: { original: s } }) => (
        <>
          <Link href={`/accounts/${s.accountId}?asOf=${asOf}`} className="text-blue-700 underline-offset-2 hover:underline">
            {s.companyName ?? `Account ${s.accountId}`}
          </Link>
          <div className="text-xs text-slate-600">Account {s.accountId}</div>
        </>
      ),
    },
    {
      id: "risk",
      header: "Risk",
      // As the list showed it: the share of the money not yet due expected late. Runs stored
      // before that share was kept show the chance that at least one open invoice is late.
      cell: ({ row: { original: s } }) =>
        s.notDueCents === null ? (
          <span className="whitespace-nowrap">
            <RiskBadge band={s.band} /> <span className="tabular-nums">{formatProbability(s.probability)}</span>
          </span>
        ) : s.notDueLateShare === null ? (
          <span className="whitespace-nowrap text-xs font-medium text-slate-800">All overdue</span>
        ) : (
          <span className="whitespace-nowrap">
            <RiskBadge band={bandOf(s.notDueLateShare, NOT_DUE_BAND_THRESHOLDS)} />{" "}
            <span className="tabular-nums">{formatProbability(s.notDueLateShare)}</span>{" "}
            <span className="text-xs text-slate-600">of {formatMoneyWhole(s.notDueCents)} not yet due</span>
          </span>
        ),
    },
    moneyColumn("expectedLateCents", "Expected late", { whole: true }),
    moneyColumn("openCents", "Open", { whole: true }),
    moneyColumn("overdueCents", "Overdue", { whole: true }),
    {
      id: "reasons",
      header: "Why",
      cell: ({ row: { original: s } }) => (
        <ul className="space-y-0.5 text-xs text-slate-700">
          {s.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ),
    },
  ];
}

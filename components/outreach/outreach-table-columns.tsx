"use client";

import Link from "next/link";
import { moneyColumn, numberColumn } from "@/components/data-table/column-helpers";
import type { DataTableColumnDef } from "@/components/data-table/features";
import { RiskBadge } from "@/components/ui/risk-badge";
import { formatDays, formatMoneyWhole, formatPercent, toTelHref } from "@/lib/format";
import { formatProbability } from "@/lib/risk-model/scoring";
import type { OutreachRow } from "@/lib/queries/outreach";
import { formatDate } from "@/lib/format";
import { OUTCOME_LABELS } from "./outreach-labels";
import { PromiseBadge } from "./promise-badge";

/** Column ids are the server's sort keys (lib/queries/outreach-params.ts OUTREACH_SORTS). */
export function getOutreachColumns(asOf: string | undefined): DataTableColumnDef<OutreachRow>[] {
  const suffix = asOf ? `?asOf=${asOf}` : "";
  // Most urgent first, so a tablet shows who, why and how much without scrolling sideways.
  return [
    {
      id: "priority",
      accessorKey: "priority",
      header: "#",
      meta: { align: "right", label: "Priority" },
      cell: ({ row }) => <span className="text-slate-600">{row.original.priority}</span>,
    },
    {
      id: "company",
      accessorKey: "companyName",
      header: "Company",
      cell: ({ row }) => (
        <div className="min-w-40">
          <Link
            href={`/accounts/${row.original.accountId}${suffix}`}
            className="font-medium text-blue-700 underline-offset-2 hover:underline"
          >
            {row.original.companyName}
          </Link>
          <div className="text-xs text-slate-600">Account {row.original.accountId}</div>
          {row.original.heldReason ? (
            <div className="mt-1 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">Held: {row.original.heldReason}</div>
          ) : null}
          {row.original.disputedCents > 0 && !row.original.heldReason ? (
            <div className="mt-1 text-xs text-amber-900">{formatMoneyWhole(row.original.disputedCents)} in dispute, left out</div>
          ) : null}
        </div>
      ),
    },
    {
      id: "outreach",
      header: "Last contact",
      enableSorting: false,
      meta: { label: "Last contact, its outcome and the next follow-up" },
      cell: ({ row }) => {
        const o = row.original.outreach;
        if (!o) return <span className="text-xs text-slate-600">Not contacted</span>;
        return (
          <div className="min-w-36 space-y-0.5 text-xs">
            {o.promise ? <PromiseBadge promise={o.promise} /> : null}
            <div className="text-slate-800">
              {o.lastContact ? `${formatDate(o.lastContact.date)} · ${OUTCOME_LABELS[o.lastContact.outcome]}` : "Not contacted"}
            </div>
            {o.followUpDate ? <div className="text-slate-600">Next: {formatDate(o.followUpDate)}</div> : null}
          </div>
        );
      },
    },
    {
      id: "contact",
      header: "Contact",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="min-w-32">
          <div>{row.original.contactPerson ?? "—"}</div>
          {row.original.contactPhone ? (
            <a
              href={toTelHref(row.original.contactPhone)}
              className="text-xs text-blue-700 underline-offset-2 hover:underline"
              aria-label={`Call ${row.original.contactPerson ?? row.original.companyName} on ${row.original.contactPhone}`}
            >
              {row.original.contactPhone}
            </a>
          ) : null}
        </div>
      ),
    },
    {
      id: "risk",
      accessorKey: "riskBand",
      header: "Risk",
      sortDescFirst: true,
      // Overdue money is late already, so what tells accounts apart is the money not yet due:
      // the share of it the model expects to be paid late. The rule's band until a model is trained.
      cell: ({ row }) => {
        const model = row.original.model;
        if (!model) return <RiskBadge band={row.original.riskBand} />;
        const expected = `${formatMoneyWhole(model.expectedLateCents)} expected late`;
        if (model.notDueLateShare === null || model.band === null) {
          return (
            <span className="flex flex-col whitespace-nowrap" title={`Everything open is overdue; ${expected}`}>
              <span className="text-xs font-medium text-slate-800">All overdue</span>
              <span className="text-xs tabular-nums text-slate-600">{expected}</span>
            </span>
          );
        }
        return (
          <span
            className="flex flex-col whitespace-nowrap"
            title={`${formatProbability(model.notDueLateShare)} of the ${formatMoneyWhole(model.notDueCents)} not yet due is expected to be paid late; ${expected} in all, counting what is overdue`}
          >
            <span className="inline-flex items-center gap-1.5">
              <RiskBadge band={model.band} />
              <span className="text-xs tabular-nums text-slate-700">{formatProbability(model.notDueLateShare)}</span>
              <span className="text-xs text-slate-600">of {formatMoneyWhole(model.notDueCents)} not yet due</span>
            </span>
            <span className="text-xs tabular-nums text-slate-600">{expected}</span>
          </span>
        );
      },
    },
    moneyColumn("overdueCents", "Overdue", {
      id: "overdue",
      whole: true,
      sortDescFirst: true,
      className: (row) => (row.overdueCents > 0 ? "font-semibold text-red-700" : "text-slate-600"),
    }),
    moneyColumn("openCents", "Open", { id: "open", whole: true, sortDescFirst: true }),
    {
      id: "reasons",
      header: "Why call",
      enableSorting: false,
      cell: ({ row }) => (
        <ul className="min-w-52 space-y-0.5 text-xs text-slate-700">
          {row.original.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ),
    },
    numberColumn("openCount", "Open inv.", { sortDescFirst: true, label: "Open invoices" }),
    {
      id: "oldestAge",
      accessorKey: "oldestAgeDays",
      header: "Oldest",
      sortDescFirst: true,
      meta: { align: "right", label: "Age of oldest open invoice" },
      cell: ({ row }) => `${row.original.oldestAgeDays} d`,
    },
    {
      id: "shareLate",
      accessorKey: "lateShare",
      header: "Paid late",
      sortDescFirst: true,
      meta: { align: "right", label: "Share of past invoices paid late" },
      cell: ({ row }) => (
        <span title={`${row.original.lateCount} of ${row.original.paidCount} paid invoices were late`}>
          {formatPercent(row.original.lateShare)}
        </span>
      ),
    },
    {
      id: "avgDaysToPay",
      accessorKey: "avgDaysToPay",
      header: "Avg. days to pay",
      sortDescFirst: true,
      meta: { align: "right" },
      cell: ({ row }) => formatDays(row.original.avgDaysToPay),
    },
    { id: "region", accessorKey: "region", header: "Region" },
  ];
}

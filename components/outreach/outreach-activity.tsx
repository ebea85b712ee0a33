import { Card } from "@/components/ui/card";
import { formatDate, formatMoney, formatTimestamp } from "@/lib/format";
import type { AccountOutreachState } from "@/lib/outreach/state";
import type { OutreachLogEntry } from "@/lib/queries/outreach-log";
import { ContactForm, EntryButton, FollowUpForm, OwnerForm, SnoozeForm, type DisputableInvoice, type OutreachAction } from "./outreach-forms";
import { CHANNEL_LABELS, OUTCOME_LABELS } from "./outreach-labels";
import { PromiseBadge } from "./promise-badge";

export type OutreachActions = {
  logContact: OutreachAction;
  setFollowUp: OutreachAction;
  snoozeAccount: OutreachAction;
  endSnooze: OutreachAction;
  assignOwner: OutreachAction;
  resolveDispute: OutreachAction;
};

function StateSummary({ state, asOf }: { state: AccountOutreachState | null; asOf: string }) {
  const rows: [string, React.ReactNode][] = [
    ["Owner", state?.owner?.email ?? "Nobody"],
    ["Next follow-up", state?.followUpDate ? `${formatDate(state.followUpDate)}${state.followUpDate <= asOf ? " (due)" : ""}` : "None set"],
    ["Snoozed", state?.snooze ? `Until ${formatDate(state.snooze.until)}: ${state.snooze.reason}` : "No"],
    [
      "Latest promise",
      state?.promise ? (
        <span className="flex flex-wrap items-center gap-2">
          <PromiseBadge promise={state.promise} />
          {formatMoney(state.promise.cents)} by {formatDate(state.promise.promiseDate)}, made {formatDate(state.promise.madeOn)}; {formatMoney(state.promise.paidCents)} paid
          since
        </span>
      ) : (
        "None"
      ),
    ],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function describe(entry: OutreachLogEntry): string {
  switch (entry.kind) {
    case "contact": {
      const base = `${CHANNEL_LABELS[entry.channel!]}: ${OUTCOME_LABELS[entry.outcome!].toLowerCase()}`;
      if (entry.outcome === "promised") return `${base}, ${formatMoney(entry.promiseCents!)} by ${formatDate(entry.promiseDate)}`;
      if (entry.outcome === "disputed") return `${base}: ${entry.disputeReason} (invoice${entry.invoiceIds.length === 1 ? "" : "s"} ${entry.invoiceIds.join(", ")})`;
      return base;
    }
    case "follow-up":
      return entry.followUpDate ? `Follow-up set for ${formatDate(entry.followUpDate)}` : "Follow-up cleared";
    case "snooze":
      return entry.snoozeUntil ? `Snoozed until ${formatDate(entry.snoozeUntil)}: ${entry.snoozeReason}` : "Snooze ended";
    case "owner":
      return entry.ownerEmail ? `Assigned to ${entry.ownerEmail}` : "Unassigned";
    case "dispute-resolved":
      return `Dispute #${entry.resolvesEntryId} resolved`;
  }
}

/**
 * The account's outreach: its state at the as-of date, the forms that add to it (entries count
 * from the page's as-of date), and every entry up to that date.
 * Notes are customer-facing text typed by staff, rendered as text.
 */
export function OutreachActivity({
  accountId,
  asOf,
  state,
  entries,
  laterEntries,
  editable,
  openInvoices,
  users,
  actions,
}: {
  accountId: number;
  asOf: string;
  state: AccountOutreachState | null;
  entries: OutreachLogEntry[];
  laterEntries: number;
  /** The day new entries count from (the page's as-of date, `isPast` when before the data's), or null to show the state only. */
  editable: { entryDate: string; isPast: boolean } | null;
  openInvoices: DisputableInvoice[];
  users: { id: string; label: string }[];
  actions: OutreachActions;
}) {
  return (
    <section aria-labelledby="outreach-heading" className="space-y-3">
      <h2 id="outreach-heading" className="text-base font-semibold">
        Outreach <span className="font-normal text-slate-600">as of {formatDate(asOf)}</span>
      </h2>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Where it stands" className="lg:col-span-1">
          <StateSummary state={state} asOf={asOf} />
          {state && state.disputes.length > 0 ? (
            <div className="mt-3 space-y-2 text-sm">
              <h3 className="font-semibold">Open disputes</h3>
              <ul className="space-y-2">
                {state.disputes.map((d) => (
                  <li key={d.entryId} className="rounded border border-amber-200 bg-amber-50 p-2">
                    <p>
                      #{d.entryId}, {formatDate(d.openedOn)}: {d.reason}
                    </p>
                    <p className="text-slate-700">Invoices {d.invoiceIds.join(", ")}</p>
                    {editable ? <EntryButton accountId={accountId} entryDate={editable.entryDate} fields={{ disputeEntryId: d.entryId }} label="Resolve" action={actions.resolveDispute} /> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {editable ? (
            <div className="mt-4 space-y-4 border-t border-slate-200 pt-4">
              <FollowUpForm accountId={accountId} entryDate={editable.entryDate} action={actions.setFollowUp} />
              {state?.snooze ? (
                <EntryButton accountId={accountId} entryDate={editable.entryDate} label="End the snooze" action={actions.endSnooze} />
              ) : (
                <SnoozeForm accountId={accountId} entryDate={editable.entryDate} action={actions.snoozeAccount} />
              )}
              <OwnerForm accountId={accountId} entryDate={editable.entryDate} ownerUserId={state?.owner?.userId ?? null} users={users} action={actions.assignOwner} />
            </div>
          ) : null}
        </Card>
        <div className="space-y-4 lg:col-span-2">
          {editable ? (
            <Card
              title="Log a contact"
              description={
                editable.isPast
                  ? `You are looking at ${formatDate(editable.entryDate)}, a past date: what you log counts from that day, as if logged then.`
                  : `Entries count from ${formatDate(editable.entryDate)}, the data's as-of date.`
              }
            >
              <ContactForm accountId={accountId} entryDate={editable.entryDate} openInvoices={openInvoices} action={actions.logContact} />
            </Card>
          ) : null}
          <Card title="History" description={laterEntries > 0 ? `${laterEntries} later entr${laterEntries === 1 ? "y is" : "ies are"} not shown at this date.` : undefined}>
            {entries.length === 0 ? (
              <p className="text-sm text-slate-600">Nothing logged yet.</p>
            ) : (
              <ol className="space-y-3 text-sm" aria-label="Outreach history, newest first">
                {entries.map((e) => (
                  <li key={e.entryId} className="border-l-2 border-slate-200 pl-3">
                    <p className="font-medium text-slate-900">{describe(e)}</p>
                    {e.note ? <p className="whitespace-pre-line text-slate-800">{e.note}</p> : null}
                    {e.followUpDate && e.kind === "contact" ? <p className="text-slate-700">Follow up on {formatDate(e.followUpDate)}</p> : null}
                    <p className="text-xs text-slate-600">
                      {formatDate(e.entryDate)} · {e.userEmail} · logged {formatTimestamp(e.loggedAt)}
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
      </div>
    </section>
  );
}

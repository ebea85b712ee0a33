import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AccountInvoicesTable } from "@/components/accounts/account-invoices-table";
import { AgingTable } from "@/components/accounts/aging-table";
import { DaysToPayChart } from "@/components/accounts/days-to-pay-chart";
import { MonthlyPurchasesChart } from "@/components/accounts/monthly-purchases-chart";
import { AsOfPicker } from "@/components/layout/as-of-picker";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RiskBadge } from "@/components/ui/risk-badge";
import { ChartSkeleton, StatsSkeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Stat, StatGrid } from "@/components/ui/stat";
import { daysBetween } from "@/lib/dates";
import { formatDate, formatDays, formatMoney, formatPercent, toTelHref } from "@/lib/format";
import { getAccount, getAccountInvoices, getAccountOpenInvoices, getAccountMonthlyPurchases, getAccountSnapshot } from "@/lib/queries/accounts";
import { getDataStatus } from "@/lib/queries/status";
import { parseAsOf, parseId } from "@/lib/route-params";
import { requireRole } from "@/lib/auth/server";
import { OutreachActivity } from "@/components/outreach/outreach-activity";
import { getAccountOutreach, hasOutreachHistory } from "@/lib/queries/outreach-log";
import { getAssignableUsers } from "@/lib/queries/users";
import { assignOwner, endSnooze, logContact, resolveDispute, setFollowUp, snoozeAccount } from "./actions";

const outreachActions = { logContact, setFollowUp, snoozeAccount, endSnooze, assignOwner, resolveDispute };

type Props = {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AccountPage(props: Props) {
  await requireRole("staff");
  const accountId = parseId((await props.params).accountId);
  if (accountId === null) notFound();
  const account = getAccount(accountId);
  const pickedAsOf = parseAsOf(await props.searchParams);
  const status = getDataStatus();
  const asOf = pickedAsOf ?? status.asOf ?? new Date().toISOString().slice(0, 10);
  if (!account) {
    // A replace import can drop an account; what staff logged about it stays readable.
    if (!hasOutreachHistory(accountId)) notFound();
    return <RemovedAccount accountId={accountId} asOf={asOf} />;
  }
  const backHref = pickedAsOf ? `/?asOf=${pickedAsOf}` : "/";
  const accountAgeDays = daysBetween(account.joiningDate, asOf);

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={backHref} className="text-blue-700 underline underline-offset-2">
          Outreach list
        </Link>
        <span aria-hidden="true"> / </span>
        <span>{account.companyName}</span>
      </nav>
      <PageHeader
        title={account.companyName}
        description={`Account ${account.accountId} · ${account.region}${account.stateCode ? ` (${account.stateCode})` : ""}`}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Contact" className="lg:col-span-1">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-slate-600">Contact</dt>
            <dd>{account.contactPerson ?? "—"}</dd>
            <dt className="text-slate-600">Phone</dt>
            <dd>
              {account.contactPhone ? (
                <a href={toTelHref(account.contactPhone)} className="text-blue-700 underline-offset-2 hover:underline">
                  {account.contactPhone}
                </a>
              ) : (
                "—"
              )}
            </dd>
            <dt className="text-slate-600">Address</dt>
            <dd className="whitespace-pre-line">{account.companyAddress ?? "—"}</dd>
            <dt className="text-slate-600">Joined</dt>
            <dd>{formatDate(account.joiningDate)}</dd>
            <dt className="text-slate-600">Account age</dt>
            <dd>{accountAgeDays >= 0 ? formatAccountAge(accountAgeDays) : "not yet joined at this date"}</dd>
          </dl>
        </Card>
        <div className="space-y-4 lg:col-span-2">
          {status.asOf ? (
            <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <AsOfPicker asOf={asOf} latest={status.asOf} min={status.firstIssued} />
            </div>
          ) : null}
          <Suspense key={asOf} fallback={<StatsSkeleton />}>
            <AccountFigures accountId={accountId} asOf={asOf} />
          </Suspense>
        </div>
      </div>
      <AccountOutreach accountId={accountId} asOf={asOf} currentDate={status.asOf} />
      <Suspense key={`history-${asOf}`} fallback={<HistorySkeleton />}>
        <AccountHistory accountId={accountId} asOf={asOf} linkAsOf={pickedAsOf} />
      </Suspense>
    </>
  );
}

function AccountOutreach({ accountId, asOf, currentDate }: { accountId: number; asOf: string; currentDate: string | null }) {
  const { state, entries, laterEntries } = getAccountOutreach(accountId, asOf);
  // Entries count from the day being looked at, so a call made on an earlier day can be logged on it.
  const editable = currentDate !== null && asOf <= currentDate ? { entryDate: asOf, isPast: asOf < currentDate } : null;
  const openInvoices = editable ? getAccountOpenInvoices(accountId, asOf).map((i) => ({ invoiceId: i.invoiceId, label: `#${i.invoiceId}, ${formatDate(i.dateIssued)}, ${formatMoney(i.totalCents)}` })) : [];
  const users = editable ? getAssignableUsers().map((u) => ({ id: u.id, label: `${u.name} (${u.email})` })) : [];
  return (
    <OutreachActivity
      accountId={accountId}
      asOf={asOf}
      state={state}
      entries={entries}
      laterEntries={laterEntries}
      editable={editable}
      openInvoices={openInvoices}
      users={users}
      actions={outreachActions}
    />
  );
}

function RemovedAccount({ accountId, asOf }: { accountId: number; asOf: string }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/" className="text-blue-700 underline underline-offset-2">
          Outreach list
        </Link>
        <span aria-hidden="true"> / </span>
        <span>Account {accountId}</span>
      </nav>
      <PageHeader title={`Account ${accountId}`} description="This account is no longer in the data (a replace import removed it). Its outreach history is kept." />
      <AccountOutreach accountId={accountId} asOf={asOf} currentDate={null} />
    </>
  );
}

function formatAccountAge(days: number): string {
  const years = Math.floor(days / 365.25);
  const months = Math.floor((days - years * 365.25) / 30.44);
  if (years === 0) return `${months} month${months === 1 ? "" : "s"}`;
  return `${years} year${years === 1 ? "" : "s"}, ${months} month${months === 1 ? "" : "s"}`;
}

function HistorySkeleton() {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartSkeleton />
        <ChartSkeleton />
      </div>
      <TableSkeleton />
    </div>
  );
}

async function AccountFigures({ accountId, asOf }: { accountId: number; asOf: string }) {
  const snapshot = getAccountSnapshot(accountId, asOf);
  return (
    <div className="space-y-4">
      <StatGrid>
        <Stat label="Open" value={formatMoney(snapshot.openCents)} hint={`${snapshot.openCount} open invoice${snapshot.openCount === 1 ? "" : "s"}`} />
        <Stat
          label="Overdue"
          value={formatMoney(snapshot.overdueCents)}
          tone={snapshot.overdueCents > 0 ? "danger" : "default"}
        />
        <Stat label="Avg. days to pay" value={formatDays(snapshot.avgDaysToPay)} hint={`${snapshot.paidCount} paid invoices`} />
        <Stat
          label="Paid late"
          value={formatPercent(snapshot.lateShare)}
          hint={`${snapshot.lateCount} of ${snapshot.paidCount} paid invoices`}
          tone={snapshot.lateShare !== null && snapshot.lateShare >= 0.25 ? "warning" : "default"}
        />
      </StatGrid>
      <Card title="Receivables on this date">
        <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
          <span>Risk:</span>
          <RiskBadge band={snapshot.riskBand} />
          {snapshot.reasons.map((reason) => (
            <span key={reason} className="rounded bg-slate-100 px-2 py-0.5 text-slate-800">
              {reason}
            </span>
          ))}
        </div>
        <AgingTable aging={snapshot} openCents={snapshot.openCents} />
      </Card>
    </div>
  );
}

async function AccountHistory({ accountId, asOf, linkAsOf }: { accountId: number; asOf: string; linkAsOf: string | undefined }) {
  const invoices = getAccountInvoices(accountId, asOf);
  const months = getAccountMonthlyPurchases(accountId, asOf);
  if (invoices.length === 0) {
    return <EmptyState title="No invoices yet">This account had no invoices on or before {formatDate(asOf)}.</EmptyState>;
  }
  const points = invoices
    .filter((i) => i.daysToPay !== null)
    .map((i) => ({ invoiceId: i.invoiceId, dateIssued: i.dateIssued, daysToPay: i.daysToPay!, isLate: i.isLate }));
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Days to pay per invoice" description="Each dot is a paid invoice; above the dashed line means paid after the 30-day terms.">
          {points.length > 0 ? <DaysToPayChart points={points} /> : <EmptyState title="No invoice paid yet" />}
        </Card>
        <Card title="Monthly purchases" description="Amount invoiced per calendar month.">
          <MonthlyPurchasesChart months={months} />
        </Card>
      </div>
      <section aria-labelledby="invoice-history-heading" className="space-y-2">
        <h2 id="invoice-history-heading" className="text-base font-semibold">
          Invoice history <span className="font-normal text-slate-600">({invoices.length} invoices up to {formatDate(asOf)})</span>
        </h2>
        <AccountInvoicesTable invoices={invoices} asOf={linkAsOf} />
      </section>
    </div>
  );
}

import { Suspense } from "react";
import { ContactOutcomesChart, ContactsByRegionChart, FirstContactChart, PromiseKeptChart } from "@/components/trends/outreach-charts";
import { AgingChart, AtRiskChart, BalanceChart, DsoChart, InvoicedChart, PaymentBehaviourChart } from "@/components/trends/trend-charts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RegionFilter } from "@/components/ui/region-filter";
import { ChartSkeleton } from "@/components/ui/skeleton";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatDate, formatDays, formatInteger, formatMoneyWhole, formatMonth, formatPercent } from "@/lib/format";
import { getOutreachTrends } from "@/lib/queries/outreach-trends";
import { getMonthlyTrends } from "@/lib/queries/trends";
import { regionSchema, type Region } from "@/lib/regions";
import { requireRole } from "@/lib/auth/server";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TrendsPage(props: Props) {
  await requireRole("manager");
  const raw = (await props.searchParams).region;
  const parsed = regionSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  const region = parsed.success ? parsed.data : undefined;
  return (
    <>
      <PageHeader
        title="Trends"
        description="Month by month, as the books stood at each month's end (the last, partial month at the data's as-of date)."
        actions={<RegionFilter region={region} layout="inline" />}
      />
      <Suspense key={region ?? "all"} fallback={<TrendsSkeleton />}>
        <TrendsContent region={region} />
      </Suspense>
      <Suspense key={`outreach-${region ?? "all"}`} fallback={<TrendsSkeleton count={4} />}>
        <OutreachTrendsContent region={region} />
      </Suspense>
    </>
  );
}

function TrendsSkeleton({ count = 6 }: { count?: number }) {
  return (
    <div className="mt-4 grid gap-4 lg:grid-cols-2">
      {Array.from({ length: count }, (_, i) => (
        <ChartSkeleton key={i} />
      ))}
    </div>
  );
}

async function TrendsContent({ region }: { region: Region | undefined }) {
  const rows = getMonthlyTrends(region);
  const latest = rows.at(-1);
  if (!latest) {
    return <EmptyState title="No data for these trends">Import extracts, or pick another region.</EmptyState>;
  }
  return (
    <div className="space-y-4" data-testid="trends">
      <StatGrid>
        <Stat label="Open balance" value={formatMoneyWhole(latest.openCents)} hint={`on ${formatDate(latest.asOf)}`} />
        <Stat label="Overdue" value={formatMoneyWhole(latest.overdueCents)} tone={latest.overdueCents > 0 ? "danger" : "default"} />
        <Stat label="DSO (countback)" value={formatDays(latest.dsoDays)} />
        <Stat label="At-risk accounts" value={formatInteger(latest.atRiskAccounts)} hint={`of ${formatInteger(latest.openAccounts)} with open invoices`} />
      </StatGrid>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Invoiced amount" description="Total of invoices issued in the month.">
          <InvoicedChart rows={rows} />
        </Card>
        <Card
          title="Paying late"
          description={`Of the invoices paid in the month: share paid after the 30-day terms (left axis) and average days to pay (right axis). Latest: ${formatPercent(latest.paidLateShare)}, ${formatDays(latest.avgDaysToPay)}.`}
        >
          <PaymentBehaviourChart rows={rows} />
        </Card>
        <Card title="Open and overdue balance" description="Unpaid invoices at the month's end; overdue means more than 30 days after issue.">
          <BalanceChart rows={rows} />
        </Card>
        <Card
          title="Days sales outstanding"
          description="Countback: how many of the most recent days of invoicing add up to the open balance at the month's end."
        >
          <DsoChart rows={rows} />
        </Card>
        <Card title="Aging of the open balance" description="Open balance at the month's end by days past due.">
          <AgingChart rows={rows} />
        </Card>
        <Card title="At-risk accounts" description="Accounts in the high risk band at the month's end (see the outreach list's risk column).">
          <AtRiskChart rows={rows} />
        </Card>
      </div>
    </div>
  );
}

function OutreachTrendsContent({ region }: { region: Region | undefined }) {
  const outreach = getOutreachTrends(region);
  const heading = (
    <div className="mt-8 mb-3">
      <h2 id="outreach-trends-heading" className="text-lg font-semibold text-slate-900">Outreach</h2>
      <p className="text-sm text-slate-600">
        Contacts logged on the account pages, on the data&apos;s timeline: each entry counts from the as-of date of the page it was logged on.
      </p>
    </div>
  );
  if (outreach.totalContacts === 0) {
    return (
      <section aria-labelledby="outreach-trends-heading">
        {heading}
        <EmptyState title="No outreach logged yet">
          {region ? `No contact with an account in ${region} has been logged. ` : ""}Contacts logged on an account page show here by week.
        </EmptyState>
      </section>
    );
  }
  const latestWeek = outreach.weeks.at(-1)!;
  const lastFourWeeks = outreach.weeks.slice(-4).reduce((sum, w) => sum + w.contacts, 0);
  const judged = outreach.promiseMonths.reduce((sum, m) => sum + m.kept + m.broken, 0);
  const pending = outreach.promiseMonths.reduce((sum, m) => sum + m.pending, 0);
  const latestPromises = outreach.promiseMonths.findLast((m) => m.keptShare !== null);
  const latestFirstContact = outreach.firstContactMonths.findLast((m) => m.medianDays !== null);
  return (
    <section aria-labelledby="outreach-trends-heading" className="space-y-4" data-testid="outreach-trends">
      {heading}
      <StatGrid>
        <Stat label="Contacts logged" value={formatInteger(outreach.totalContacts)} hint={`${formatInteger(latestWeek.contacts)} in the week of ${formatDate(latestWeek.week)}`} />
        <Stat label="Promises kept" value={formatPercent(outreach.keptShare)} hint={`of ${formatInteger(judged)} promises kept or broken; ${formatInteger(pending)} not due yet`} />
        <Stat
          label="First overdue to first contact"
          value={formatDays(outreach.medianDaysToFirstContact)}
          hint={`median over ${formatInteger(outreach.contactedSpells)} overdue spells contacted`}
        />
        <Stat label="Contacts, last 4 weeks" value={formatInteger(lastFourWeeks)} hint={`weeks from ${formatDate(outreach.weeks.at(-4)?.week ?? outreach.weeks[0]!.week)}, up to ${formatDate(outreach.asOf)}`} />
      </StatGrid>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Contacts per week, by region" description="Contacts logged each week (Monday to Sunday), by the account's region; an account no longer in the data counts as Unknown.">
          <ContactsByRegionChart weeks={outreach.weeks} caption={`Latest week, from ${formatDate(latestWeek.week)}: ${formatInteger(latestWeek.contacts)} contact${latestWeek.contacts === 1 ? "" : "s"}.`} />
        </Card>
        <Card title="Contacts per week, by outcome" description="What came of each contact logged that week.">
          <ContactOutcomesChart
            weeks={outreach.weeks}
            caption={`Latest week: ${formatInteger(latestWeek.byOutcome.promised)} promises to pay, ${formatInteger(latestWeek.byOutcome["no-answer"])} without an answer.`}
          />
        </Card>
        <Card
          title="Promises kept"
          description="Every promise, by the month of its date: kept when the account paid at least the amount after the day it was made and by that date. The rate counts kept and broken ones; pending promises are not due yet."
        >
          <PromiseKeptChart
            months={outreach.promiseMonths}
            caption={latestPromises ? `${formatMonth(latestPromises.month)}: ${formatPercent(latestPromises.keptShare)} of ${formatInteger(latestPromises.kept + latestPromises.broken)} promises kept.` : "No promise is due yet."}
          />
        </Card>
        <Card
          title="First overdue to first contact"
          description="Median days from the first day an account had something overdue (more than 30 days after issue) to the first contact logged while it still was, by the month of that contact."
        >
          <FirstContactChart
            months={outreach.firstContactMonths}
            caption={latestFirstContact ? `${formatMonth(latestFirstContact.month)}: median ${formatDays(latestFirstContact.medianDays)} over ${formatInteger(latestFirstContact.spells)} spells.` : "No contact has reached an account while it was overdue."}
          />
        </Card>
      </div>
    </section>
  );
}

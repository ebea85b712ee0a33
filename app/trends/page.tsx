import { Suspense } from "react";
import { AgingChart, AtRiskChart, BalanceChart, DsoChart, InvoicedChart, PaymentBehaviourChart } from "@/components/trends/trend-charts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RegionFilter } from "@/components/ui/region-filter";
import { ChartSkeleton } from "@/components/ui/skeleton";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatDate, formatDays, formatInteger, formatMoneyWhole, formatPercent } from "@/lib/format";
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
    </>
  );
}

function TrendsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {Array.from({ length: 6 }, (_, i) => (
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

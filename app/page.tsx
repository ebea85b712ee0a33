import { Suspense } from "react";
import { AsOfPicker } from "@/components/layout/as-of-picker";
import { OutreachFilters } from "@/components/outreach/outreach-filters";
import { OutreachTable } from "@/components/outreach/outreach-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatsSkeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatDate, formatInteger, formatMoneyWhole } from "@/lib/format";
import Link from "next/link";
import { getLatestOpenDayBefore, getOutreachPage, outreachQueryFromParams } from "@/lib/queries/outreach";
import { parseOutreachParams, type OutreachParams } from "@/lib/queries/outreach-params";
import { getDataStatus } from "@/lib/queries/status";
import { homeRegion, requireRole } from "@/lib/auth/server";
import type { Region } from "@/lib/regions";

export default async function OutreachPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireRole("staff");
  const params = parseOutreachParams(await props.searchParams);
  // Staff work their own region first; "all" (or another region) is one pick away.
  const defaultRegion = homeRegion(user);
  const region = params.region === "all" ? undefined : (params.region ?? defaultRegion);
  const status = getDataStatus();
  if (!status.asOf) {
    return (
      <EmptyState title="No data imported yet">
        Run <code>npm run etl -- import DIR</code> to load the extracts.
      </EmptyState>
    );
  }
  const asOf = params.asOf ?? status.asOf;
  // The export is the current view: same date, filters and sort, every page.
  const exportParams = new URLSearchParams();
  if (params.asOf) exportParams.set("asOf", params.asOf);
  exportParams.set("region", region ?? "all");
  if (params.showHeld) exportParams.set("showHeld", "1");
  if (params.overdueOnly) exportParams.set("overdueOnly", "1");
  if (params.minBalance !== undefined) exportParams.set("minBalance", String(params.minBalance));
  if (params.q) exportParams.set("q", params.q);
  exportParams.set("sort", params.sort);
  if (params.dir) exportParams.set("dir", params.dir);
  const exportHref = `/outreach/export?${exportParams}`;

  return (
    <>
      <PageHeader
        title="Who to call first"
        description={`Accounts with invoices open on ${formatDate(asOf)}, the most urgent first: the largest amount the late-payment model expects to be paid late (see the Model page).`}
        actions={
          <a
            href={exportHref}
            download
            className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800"
          >
            Export CSV
          </a>
        }
      />
      <div className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <AsOfPicker asOf={asOf} latest={status.asOf} min={status.firstIssued} />
        <OutreachFilters region={region ?? "all"} overdueOnly={params.overdueOnly} minBalance={params.minBalance} q={params.q} showHeld={params.showHeld} />
      </div>
      <Suspense key={JSON.stringify(params)} fallback={<ResultsSkeleton />}>
        <OutreachResults params={params} asOf={asOf} region={region} />
      </Suspense>
    </>
  );
}

function ResultsSkeleton() {
  return (
    <div className="space-y-6">
      <StatsSkeleton count={3} />
      <TableSkeleton rows={10} columns={8} />
    </div>
  );
}

async function OutreachResults({ params, asOf, region }: { params: OutreachParams; asOf: string; region: Region | undefined }) {
  const query = outreachQueryFromParams(params, asOf, region);
  const { dir } = query;
  const page = getOutreachPage({ ...query, limit: params.pageSize, offset: (params.page - 1) * params.pageSize });
  if (page.totalRows === 0) return <NothingOpen params={params} asOf={asOf} region={region} />;
  return (
    <div className="space-y-4">
      <StatGrid>
        <Stat label="Accounts to review" value={formatInteger(page.totalRows)} hint="with open invoices" />
        <Stat label="Open balance" value={formatMoneyWhole(page.totalOpenCents)} />
        <Stat
          label="Overdue"
          value={formatMoneyWhole(page.totalOverdueCents)}
          tone={page.totalOverdueCents > 0 ? "danger" : "default"}
          hint="more than 30 days after issue"
        />
      </StatGrid>
      <OutreachTable
        rows={page.rows}
        totalRows={page.totalRows}
        sort={params.sort}
        dir={dir}
        page={params.page}
        pageSize={params.pageSize}
        asOf={params.asOf}
      />
    </div>
  );
}

/** An empty list says why, and where to look instead, rather than showing an empty table. */
function NothingOpen({ params, asOf, region }: { params: OutreachParams; asOf: string; region: Region | undefined }) {
  const filtered = region || params.overdueOnly || params.minBalance !== undefined || params.q;
  if (filtered) {
    const cleared = new URLSearchParams({ region: "all" });
    if (params.asOf) cleared.set("asOf", params.asOf);
    return (
      <EmptyState title={`No account matches these filters on ${formatDate(asOf)}`}>
        <Link href={`/?${cleared}`} className="font-medium text-blue-700 underline">
          Clear the filters
        </Link>
      </EmptyState>
    );
  }
  const earlier = getLatestOpenDayBefore(asOf);
  return (
    <EmptyState title={`Nothing is open on ${formatDate(asOf)}`}>
      <p>Every invoice issued by then had been paid by then, so there is nobody to call.</p>
      {earlier ? (
        <p className="mt-2">
          <Link href={`/?asOf=${earlier}`} className="font-medium text-blue-700 underline">
            See the list on {formatDate(earlier)}
          </Link>
          , the latest day with open invoices.
        </p>
      ) : null}
    </EmptyState>
  );
}

import Link from "next/link";
import { AsOfPicker } from "@/components/layout/as-of-picker";
import { FollowUpSection } from "@/components/outreach/follow-up-section";
import { PromiseBadge } from "@/components/outreach/promise-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { homeRegion, requireRole } from "@/lib/auth/server";
import { formatDate, formatMoney } from "@/lib/format";
import { getFollowUps, NEW_OVERDUE_DAYS, type FollowUpScope } from "@/lib/queries/follow-ups";
import { getDataStatus } from "@/lib/queries/status";
import { parseAsOf } from "@/lib/route-params";

export const metadata = { title: "My follow-ups · Payment Insights" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function FollowUpsPage(props: Props) {
  const user = await requireRole("staff");
  const searchParams = await props.searchParams;
  const pickedAsOf = parseAsOf(searchParams);
  const status = getDataStatus();
  if (!status.asOf) {
    return <EmptyState title="No data imported yet">An admin can upload the extracts on the Upload page.</EmptyState>;
  }
  const asOf = pickedAsOf ?? status.asOf;
  const region = homeRegion(user);
  const isRegion = (Array.isArray(searchParams.scope) ? searchParams.scope[0] : searchParams.scope) === "region";
  const scope: FollowUpScope = isRegion ? { kind: "region", region } : { kind: "mine", userId: user.id };
  const { dueFollowUps, brokenPromises, newOverdue } = getFollowUps(asOf, scope);
  const suffix = pickedAsOf ? `?asOf=${pickedAsOf}` : "";
  const scopeHref = (next: "mine" | "region") => {
    const query = new URLSearchParams();
    if (pickedAsOf) query.set("asOf", pickedAsOf);
    if (next === "region") query.set("scope", "region");
    return `/follow-ups${query.size > 0 ? `?${query}` : ""}`;
  };
  const regionLabel = region ?? "all regions";
  const accountLink = (accountId: number, companyName: string) => (
    <Link href={`/accounts/${accountId}${suffix}`} className="font-medium text-blue-700 underline-offset-2 hover:underline">
      {companyName}
    </Link>
  );

  return (
    <>
      <PageHeader
        title="My follow-ups"
        description={`What needs doing on ${formatDate(asOf)}: follow-ups due, broken promises nobody has chased, and invoices that fell overdue in the last ${NEW_OVERDUE_DAYS} days.`}
      />
      <div className="flex flex-wrap items-end justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <AsOfPicker asOf={asOf} latest={status.asOf} min={status.firstIssued} />
        <nav aria-label="Whose follow-ups" className="flex gap-1 rounded-md bg-slate-100 p-1 text-sm">
          {(["mine", "region"] as const).map((s) => (
            <Link
              key={s}
              href={scopeHref(s)}
              aria-current={(s === "region") === isRegion ? "page" : undefined}
              className={`rounded px-3 py-1.5 font-medium ${(s === "region") === isRegion ? "bg-white text-slate-900 shadow-sm" : "text-slate-700 hover:text-slate-900"}`}
            >
              {s === "mine" ? "Mine" : `My region (${regionLabel})`}
            </Link>
          ))}
        </nav>
      </div>
      <FollowUpSection
        id="due"
        title="Follow-ups due"
        count={dueFollowUps.length}
        empty={isRegion ? `No follow-up is due in ${regionLabel}.` : "No follow-up of yours is due. Follow-ups you set, and those on accounts you own, show here."}
        columns={["Account", "Due", "Contact"]}
        rows={dueFollowUps.map((f) => ({
          key: `f-${f.accountId}`,
          cells: [
            accountLink(f.accountId, f.companyName),
            <span key="due" className={f.daysLate > 0 ? "text-red-800" : undefined}>
              {formatDate(f.followUpDate)}
              {f.daysLate > 0 ? ` (${f.daysLate} day${f.daysLate === 1 ? "" : "s"} ago)` : " (today)"}
            </span>,
            `${f.contactPerson ?? "—"}${f.contactPhone ? ` · ${f.contactPhone}` : ""}`,
          ],
        }))}
      />
      <FollowUpSection
        id="broken"
        title="Broken promises"
        count={brokenPromises.length}
        empty="No broken promise is waiting for a call."
        columns={["Account", "Promise", "Paid since"]}
        rows={brokenPromises.map((b) => ({
          key: `b-${b.accountId}`,
          cells: [
            accountLink(b.accountId, b.companyName),
            <span key="promise" className="flex flex-wrap items-center gap-2">
              <PromiseBadge promise={b.promise} />
              {formatMoney(b.promise.cents)} by {formatDate(b.promise.promiseDate)}
            </span>,
            formatMoney(b.promise.paidCents),
          ],
        }))}
      />
      <FollowUpSection
        id="overdue"
        title={`Newly overdue (last ${NEW_OVERDUE_DAYS} days)`}
        count={newOverdue.length}
        empty={isRegion ? `No invoice in ${regionLabel} fell overdue in the last ${NEW_OVERDUE_DAYS} days.` : `No invoice on an account you own fell overdue in the last ${NEW_OVERDUE_DAYS} days.`}
        columns={["Account", "Invoice", "Amount", "Overdue since"]}
        rows={newOverdue.slice(0, 200).map((i) => ({
          key: `i-${i.invoiceId}`,
          cells: [
            accountLink(i.accountId, i.companyName),
            <Link key="inv" href={`/invoices/${i.invoiceId}${suffix}`} className="text-blue-700 underline-offset-2 hover:underline">
              #{i.invoiceId}, issued {formatDate(i.dateIssued)}
            </Link>,
            formatMoney(i.totalCents),
            formatDate(i.overdueSince),
          ],
        }))}
        note={newOverdue.length > 200 ? `The first 200 of ${newOverdue.length}, oldest first; the outreach list ranks them all.` : undefined}
      />
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { InvoiceLinesTable } from "@/components/invoices/invoice-lines-table";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Stat, StatGrid } from "@/components/ui/stat";
import { daysBetween } from "@/lib/dates";
import { formatDate, formatMoney } from "@/lib/format";
import { getInvoice, getInvoiceLines } from "@/lib/queries/invoices";
import { getDataStatus } from "@/lib/queries/status";
import { parseAsOf, parseId } from "@/lib/route-params";
import { requireRole } from "@/lib/auth/server";

type Props = {
  params: Promise<{ invoiceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function InvoicePage(props: Props) {
  await requireRole("staff");
  const invoiceId = parseId((await props.params).invoiceId);
  if (invoiceId === null) notFound();
  const invoice = getInvoice(invoiceId);
  if (!invoice) notFound();
  const pickedAsOf = parseAsOf(await props.searchParams);
  const asOf = pickedAsOf ?? getDataStatus().asOf ?? invoice.dateIssued;
  const suffix = pickedAsOf ? `?asOf=${pickedAsOf}` : "";

  // Status as it stood on the as-of date: a payment made later is not known yet.
  const isPaid = invoice.paymentDate !== null && invoice.paymentDate <= asOf;
  const daysPastDue = daysBetween(invoice.dueDate, asOf);
  const statusText = isPaid
    ? `Paid ${formatDate(invoice.paymentDate)} after ${invoice.daysToPay} days${(invoice.daysToPay ?? 0) > 30 ? " (late)" : ""}`
    : invoice.dateIssued > asOf
      ? "Not yet issued on the as-of date"
      : daysPastDue > 0
        ? `Overdue by ${daysPastDue} days on ${formatDate(asOf)}`
        : `Open, due ${formatDate(invoice.dueDate)}`;

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={pickedAsOf ? `/?asOf=${pickedAsOf}` : "/"} className="text-blue-700 underline underline-offset-2">
          Outreach list
        </Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/accounts/${invoice.accountId}${suffix}`} className="text-blue-700 underline-offset-2 hover:underline">
          {invoice.companyName}
        </Link>
        <span aria-hidden="true"> / </span>
        <span>Invoice {invoice.invoiceId}</span>
      </nav>
      <PageHeader title={`Invoice ${invoice.invoiceId}`} description={statusText} />
      <StatGrid>
        <Stat label="Total" value={<span data-testid="invoice-total">{formatMoney(invoice.totalCents)}</span>} hint={`${invoice.lineCount} lines, ${invoice.itemCount} items`} />
        <Stat label="Issued" value={formatDate(invoice.dateIssued)} hint={`due ${formatDate(invoice.dueDate)}`} />
        <Stat label="Paid" value={isPaid ? formatDate(invoice.paymentDate) : "Not yet"} hint={isPaid ? `${invoice.daysToPay} days to pay` : undefined} />
        <Stat
          label="Margin"
          value={formatMoney(invoice.totalCents - invoice.costCents)}
          hint={`cost ${formatMoney(invoice.costCents)}`}
        />
      </StatGrid>
      <Suspense fallback={<TableSkeleton rows={6} columns={7} />}>
        <InvoiceLines invoiceId={invoice.invoiceId} />
      </Suspense>
    </>
  );
}

async function InvoiceLines({ invoiceId }: { invoiceId: number }) {
  const lines = getInvoiceLines(invoiceId);
  return <InvoiceLinesTable lines={lines} />;
}

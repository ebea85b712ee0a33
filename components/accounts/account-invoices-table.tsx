"use client";

import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useClientTable } from "@/components/data-table/use-client-table";
import type { AccountInvoice } from "@/lib/queries/accounts";
import { getAccountInvoiceColumns } from "./account-invoices-columns";

const getRowId = (row: AccountInvoice) => String(row.invoiceId);

export function AccountInvoicesTable({ invoices, asOf }: { invoices: AccountInvoice[]; asOf: string | undefined }) {
  const columns = useMemo(() => getAccountInvoiceColumns(asOf), [asOf]);
  const table = useClientTable({ data: invoices, columns, getRowId, initialSorting: [{ id: "dateIssued", desc: true }] });
  return (
    <DataTable
      table={table}
      caption="Invoice history, newest first"
      emptyMessage="No invoices issued by this date."
    />
  );
}

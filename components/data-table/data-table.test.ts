import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { dateColumn, moneyColumn, numberColumn } from "./column-helpers";
import { DataTable, type DataTableVariant } from "./data-table";
import type { DataTableColumnDef } from "./features";
import { useClientTable } from "./use-client-table";

type Row = { id: string; name: string; totalCents: number; paidOn: string | null; rejected: number };

const rows: Row[] = [
  { id: "a", name: "Acme", totalCents: 123456, paidOn: "2021-05-12", rejected: 0 },
  { id: "b", name: "Bolt", totalCents: 50, paidOn: null, rejected: 3 },
];

const columns: DataTableColumnDef<Row>[] = [
  { id: "name", accessorKey: "name", header: "Name", meta: { isRowHeader: true } },
  moneyColumn("totalCents", "Total"),
  dateColumn("paidOn", "Paid", { empty: "not yet" }),
  numberColumn("rejected", "Rejected", { className: (r) => (r.rejected > 0 ? "text-red-700" : "") }),
];

function render({ enableSorting = true, variant, data = rows }: { enableSorting?: boolean; variant?: DataTableVariant; data?: Row[] } = {}) {
  function Harness() {
    const table = useClientTable({ data, columns, getRowId: (r) => r.id, enableSorting });
    return createElement(DataTable<Row>, { table, caption: "Test rows", variant, emptyMessage: "No rows." });
  }
  return renderToStaticMarkup(createElement(Harness));
}

describe("DataTable", () => {
  it("names each row by its row-header column and keeps data-column on every cell", () => {
    const html = render();
    expect(html).toContain('<th scope="row" data-column="name"');
    expect(html).toMatch(/<td data-column="totalCents" class="[^"]*text-right tabular-nums">\$1,234\.56<\/td>/);
  });

  it("shows money in dollars, a missing date as the given text, and styles a value from its row", () => {
    const html = render();
    expect(html).toContain("$0.50");
    expect(html).toContain("May 12, 2021");
    expect(html).toContain("not yet");
    expect(html).toContain('<span class="text-red-700">3</span>');
  });

  it("draws sort buttons only when the table sorts", () => {
    expect(render()).toContain("<button");
    expect(render({ enableSorting: false })).not.toContain("<button");
  });

  it("leaves the box to the surrounding card in the plain look", () => {
    expect(render()).toContain("rounded-lg border");
    expect(render({ variant: "plain" })).not.toContain("rounded-lg border");
  });

  it("says so when there are no rows", () => {
    expect(render({ data: [] })).toContain("No rows.");
  });
});

import { authorizeRequest, homeRegion } from "@/lib/auth/server";
import { formatCsvRow } from "@/lib/csv/write-csv";
import { getOutreachRows, outreachQueryFromParams } from "@/lib/queries/outreach";
import { parseOutreachParams } from "@/lib/queries/outreach-params";
import { getDataStatus } from "@/lib/queries/status";

const HEADER = [
  "priority",
  "account_id",
  "company",
  "contact_person",
  "contact_phone",
  "region",
  "open_balance_usd",
  "overdue_usd",
  "open_invoices",
  "oldest_open_invoice_age_days",
  "share_paid_late",
  "avg_days_to_pay",
  "risk_band",
  "reasons",
  "not_due_usd",
  "not_due_late_share",
  "expected_late_usd",
  "last_contact_date",
  "last_contact_outcome",
  "next_follow_up",
  "promise_status",
  "owner",
  "held_reason",
  "disputed_usd",
];

/** The outreach list's current view (same filters and sort, every page) as CSV for spreadsheets. */
export async function GET(request: Request) {
  const auth = await authorizeRequest(request, "staff");
  if (!auth.ok) return auth.response;
  const params = parseOutreachParams(Object.fromEntries(new URL(request.url).searchParams));
  const status = getDataStatus();
  if (!status.asOf) return new Response("No data imported yet\n", { status: 409 });
  const asOf = params.asOf ?? status.asOf;
  const rows = getOutreachRows(outreachQueryFromParams(params, asOf, homeRegion(auth.user)));
  // Names and contacts come from customer data, so formulas in them are neutralised.
  const options = { escapeFormulas: true };
  const body =
    formatCsvRow(HEADER, options) +
    rows
      .map((r) =>
        formatCsvRow(
          [
            r.priority,
            r.accountId,
            r.companyName,
            r.contactPerson,
            r.contactPhone,
            r.region,
            r.openCents / 100,
            r.overdueCents / 100,
            r.openCount,
            r.oldestAgeDays,
            r.lateShare === null ? null : Math.round(r.lateShare * 1000) / 1000,
            r.avgDaysToPay === null ? null : Math.round(r.avgDaysToPay * 10) / 10,
            r.model ? (r.model.band ?? "overdue") : r.riskBand,
            r.reasons.join("; "),
            // The late-payment model's figures; empty before a model is trained.
            r.model === null ? null : r.model.notDueCents / 100,
            r.model?.notDueLateShare == null ? null : Math.round(r.model.notDueLateShare * 1000) / 1000,
            r.model === null ? null : r.model.expectedLateCents / 100,
            r.outreach?.lastContact?.date ?? null,
            r.outreach?.lastContact?.outcome ?? null,
            r.outreach?.followUpDate ?? null,
            r.outreach?.promise?.status ?? null,
            r.outreach?.owner?.email ?? null,
            r.heldReason,
            r.disputedCents / 100,
          ],
          options,
        ),
      )
      .join("");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="outreach-${asOf}.csv"`,
      "cache-control": "no-store",
    },
  });
}

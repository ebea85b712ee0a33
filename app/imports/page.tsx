import Link from "next/link";
import { z } from "zod";
import { ImportStatusBadge } from "@/components/imports/import-status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { formatInteger, formatTimestamp } from "@/lib/format";
import { getImports } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import history · Payment Insights" };

const paramsSchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
const pageSize = 25;

export default async function ImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { page } = paramsSchema.parse(await searchParams);
  const { rows, total } = getImports({ page, pageSize });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <PageHeader
        title="Import history"
        description="Every import, from the browser, the command line or change events, whatever its outcome."
        actions={
          <Link href="/upload" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
            Upload extracts
          </Link>
        }
      />
      {rows.length === 0 ? (
        <EmptyState title="No imports yet">Upload the four extracts to fill the dashboard.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">Imports, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 text-left">#</th>
                <th scope="col" className="px-3 py-2 text-left">Status</th>
                <th scope="col" className="px-3 py-2 text-left">Started</th>
                <th scope="col" className="px-3 py-2 text-left">By</th>
                <th scope="col" className="px-3 py-2 text-left">Files</th>
                <th scope="col" className="px-3 py-2 text-right">Rows read</th>
                <th scope="col" className="px-3 py-2 text-right">Rejected</th>
                <th scope="col" className="px-3 py-2 text-right">Duration</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.importId} className="border-t border-slate-100 align-top hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link href={`/imports/${r.importId}`} className="font-medium text-blue-700 underline hover:text-blue-900">
                      {r.importId}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <ImportStatusBadge status={r.status} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">{formatTimestamp(r.startedAt)}</td>
                  <td className="px-3 py-2">
                    {r.startedBy ?? "unknown"} <span className="text-slate-600">({r.source})</span>
                  </td>
                  <td className="px-3 py-2">
                    {r.fileNames || "—"}
                    {r.error ? <p className="mt-0.5 max-w-md text-xs text-red-700">{r.error}</p> : null}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatInteger(r.rowsRead)}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${r.rowsRejected > 0 ? "text-red-700" : ""}`}>{formatInteger(r.rowsRejected)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.durationMs === null ? "—" : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
          {page > 1 ? <Link href={`/imports?page=${page - 1}`} className="underline">Newer</Link> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link href={`/imports?page=${page + 1}`} className="underline">Older</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

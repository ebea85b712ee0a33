import Link from "next/link";
import { z } from "zod";
import { ImportsTable } from "@/components/imports/imports-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getImports } from "@/lib/queries/imports";
import { requireRole } from "@/lib/auth/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import history · Payment Insights" };

const paramsSchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
const pageSize = 25;

export default async function ImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("manager");
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
        <ImportsTable rows={rows} />
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

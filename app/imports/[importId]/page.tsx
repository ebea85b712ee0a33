import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportOverview } from "@/components/imports/import-overview";
import { RejectsTable } from "@/components/imports/rejects-table";
import { PageHeader } from "@/components/ui/page-header";
import { getImport, getImportRejects, getRejectReasons, rejectsParamsSchema } from "@/lib/queries/imports";
import { parseId } from "@/lib/route-params";
import { requireRole } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ importId: string }> }) {
  return { title: `Import #${(await params).importId} · Payment Insights` };
}

export default async function ImportPage({
  params,
  searchParams,
}: {
  params: Promise<{ importId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole("manager");
  const importId = parseId((await params).importId);
  if (importId === null) notFound();
  const detail = getImport(importId);
  if (!detail) notFound();
  const { page, pageSize } = rejectsParamsSchema.parse(await searchParams);
  const rejects = getImportRejects(importId, { page, pageSize });
  return (
    <>
      <PageHeader
        title={`Import #${detail.importId}`}
        actions={
          <Link href="/imports" className="text-sm font-medium text-blue-700 underline hover:text-blue-900">
            All imports
          </Link>
        }
      />
      <ImportOverview detail={detail} reasons={getRejectReasons(importId)} />
      <section aria-labelledby="rejects-title" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="rejects-title" className="text-base font-semibold text-slate-900">
            Rejected rows
          </h2>
          {rejects.total > 0 ? (
            <a href={`/imports/${importId}/rejects.csv`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50" download>
              Download CSV
            </a>
          ) : null}
        </div>
        <RejectsTable rows={rejects.rows} total={rejects.total} page={page} pageSize={pageSize} />
      </section>
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportOverview } from "@/components/imports/import-overview";
import { ImportStatusBadge } from "@/components/imports/import-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { JobProgress } from "@/components/upload/job-progress";
import { formatSize, formatTimestamp } from "@/lib/format";
import { getImport, getRejectReasons } from "@/lib/queries/imports";
import { getUploadConfig } from "@/lib/imports/upload-config";
import { isTerminal } from "@/lib/imports/upload-job";
import { readJob } from "@/lib/queries/upload-jobs";
import { requireRole } from "@/lib/auth/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Upload · Payment Insights" };

const headlines: Record<string, string> = {
  accepted: "Imported: the dashboard now shows the new data",
  refused: "Refused: nothing was imported and the stored data is unchanged",
  failed: "Failed: nothing was imported and the stored data is unchanged",
  cancelled: "Cancelled: nothing was imported",
  skipped: "Already imported: nothing changed",
};

export default async function UploadJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  await requireRole("admin");
  const { jobId } = await params;
  const job = readJob(getUploadConfig().uploadDir, jobId);
  if (!job) notFound();
  const isDone = isTerminal(job.status);
  const detail = isDone && job.importId !== null ? getImport(job.importId) : null;
  return (
    <>
      <PageHeader
        title={isDone ? (headlines[job.status] ?? job.status) : "Upload in progress"}
        description={`${job.files.length} file${job.files.length === 1 ? "" : "s"} · ${job.mode === "replace" ? "full replace" : "merge"} · started by ${job.startedBy} at ${formatTimestamp(job.createdAt)}`}
        actions={
          <>
            <Link href="/upload" className="text-sm font-medium text-blue-700 underline hover:text-blue-900">
              Upload more
            </Link>
            <Link href="/imports" className="text-sm font-medium text-blue-700 underline hover:text-blue-900">
              Import history
            </Link>
          </>
        }
      />
      <JobProgress initialJob={job} />
      {isDone ? (
        <div className="space-y-4" data-testid="job-result">
          <p className="flex items-center gap-2 text-sm">
            {detail ? null : <ImportStatusBadge status={job.status} />}
            {detail ? (
              <Link href={`/imports/${detail.importId}`} className="font-medium text-blue-700 underline hover:text-blue-900">
                Import #{detail.importId}: files, rejected rows and CSV download
              </Link>
            ) : null}
          </p>
          {job.notice ? (
            <p role="status" className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-900" data-testid="job-notice">
              {job.notice}
            </p>
          ) : null}
          {job.error && !detail?.error ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="job-error">
              {job.error}
            </p>
          ) : null}
          {detail ? (
            <ImportOverview detail={detail} reasons={getRejectReasons(detail.importId)} />
          ) : (
            <ul className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
              {job.files.map((f) => (
                <li key={f.storedAs}>
                  <span className="font-medium">{f.fileName}</span> · {formatSize(f.sizeBytes)}
                  {f.sha256 ? <code className="ml-2 break-all font-mono text-xs text-slate-600">{f.sha256}</code> : null}
                  {f.unchangedSince ? <span className="ml-2 text-slate-700">already imported in <Link className="underline" href={`/imports/${f.unchangedSince.importId}`}>import #{f.unchangedSince.importId}</Link></span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </>
  );
}

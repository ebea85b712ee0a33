import Link from "next/link";
import { ImportStatusBadge } from "@/components/imports/import-status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { UploadForm } from "@/components/upload/upload-form";
import { formatTimestamp } from "@/lib/format";
import { getUploadConfig } from "@/lib/imports/upload-config";
import { isTerminal } from "@/lib/imports/upload-job";
import { listJobs } from "@/lib/queries/upload-jobs";
import { requireRole } from "@/lib/auth/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Upload extracts · Payment Insights" };

export default async function UploadPage() {
  await requireRole("admin");
  const config = getUploadConfig();
  const jobs = listJobs(config.uploadDir, 8);
  const active = jobs.find((j) => !isTerminal(j.status));
  return (
    <>
      <PageHeader
        title="Upload extracts"
        description="Load new CSV extracts into the dashboard. Files are checked here first, then imported on the server; a file with problems never changes the stored data."
        actions={
          <Link href="/imports" className="text-sm font-medium text-blue-700 underline hover:text-blue-900">
            Import history
          </Link>
        }
      />
      {active ? (
        <p role="status" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          An upload by {active.startedBy} is in progress.{" "}
          <Link href={`/upload/${active.id}`} className="font-medium underline">
            Follow its progress
          </Link>
        </p>
      ) : null}
      <UploadForm
        maxFileBytes={config.maxFileBytes}
        maxFiles={config.maxFiles}
        busyMessage={active ? "Only one import runs at a time: you can prepare your files now, but the upload will be refused until the current one has finished." : null}
      />
      {jobs.length > 0 ? (
        <section aria-labelledby="recent-title" className="space-y-2">
          <h2 id="recent-title" className="text-base font-semibold text-slate-900">
            Recent uploads
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
            {jobs.map((j) => (
              <li key={j.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                <ImportStatusBadge status={j.status} />
                <Link href={`/upload/${j.id}`} className="font-medium text-blue-700 underline hover:text-blue-900">
                  {j.files.map((f) => f.fileName).join(", ") || "no files"}
                </Link>
                <span className="text-slate-600">
                  {j.startedBy} · {formatTimestamp(j.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatInteger, formatSize } from "@/lib/format";
import type { UploadJob } from "@/lib/imports/upload-job";
import { ProgressBar } from "./progress-bar";

const terminal = new Set(["accepted", "refused", "failed", "cancelled", "skipped"]);

const phaseLabels: Record<UploadJob["progress"]["phase"], string> = {
  waiting: "Waiting to start",
  reading: "Reading and checking rows",
  validating: "Checking the reject limit",
  merging: "Merging into the stored data",
  building: "Rebuilding the dashboard tables",
  summarising: "Writing the data-quality summary",
  done: "Finished",
};

/**
 * Polls the job until it ends. The state lives on the server, so a reload, another tab or a
 * return visit picks it up where it is; when the job ends the page re-renders with the result.
 */
export function JobProgress({ initialJob }: { initialJob: UploadJob }) {
  const router = useRouter();
  const [job, setJob] = useState(initialJob);
  const [pollError, setPollError] = useState<string | null>(null);
  const refreshed = useRef(terminal.has(initialJob.status));

  useEffect(() => {
    if (terminal.has(job.status)) {
      if (!refreshed.current) {
        refreshed.current = true;
        router.refresh();
      }
      return;
    }
    const timer = window.setTimeout(async () => {
      try {
        const response = await fetch(`/api/uploads/${job.id}`, { cache: "no-store" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        setJob((await response.json()) as UploadJob);
        setPollError(null);
      } catch (error) {
        setPollError(`Lost contact with the server (${(error as Error).message}); retrying…`);
        setJob((j) => ({ ...j }));
      }
    }, 500);
    return () => window.clearTimeout(timer);
  }, [job, router]);

  if (terminal.has(job.status)) return null;
  const { progress } = job;
  return (
    <section aria-labelledby="progress-title" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="job-progress">
      <h2 id="progress-title" className="text-base font-semibold text-slate-900">
        {job.status === "receiving" ? "Receiving the files" : job.status === "queued" ? "Starting the import" : phaseLabels[progress.phase]}
        <span className="ml-2 inline-block size-2 animate-pulse rounded-full bg-blue-600 align-middle" aria-hidden="true" />
      </h2>
      <p className="text-sm text-slate-600">You can leave or reload this page; the import carries on and this page shows where it is.</p>
      {job.status === "receiving" ? (
        <ProgressBar
          label="Received"
          value={job.bytesReceived}
          max={job.bytesExpected ?? job.bytesReceived}
          detail={`${formatSize(job.bytesReceived)}${job.bytesExpected ? ` of ${formatSize(job.bytesExpected)}` : ""}`}
        />
      ) : null}
      {job.status === "queued" || (job.status === "importing" && progress.files.length === 0) ? (
        <ul className="space-y-1 text-sm text-slate-700" aria-label="Received files">
          {job.files.map((f) => (
            <li key={f.storedAs}>
              <span className="font-medium text-slate-900">{f.fileName}</span> · {formatSize(f.sizeBytes)} received
            </li>
          ))}
        </ul>
      ) : null}
      {progress.files.length > 0 ? (
        <ul className="space-y-3" aria-label="Files">
          {progress.files.map((f) => (
            <li key={f.fileName}>
              <ProgressBar
                label={f.fileName}
                value={f.bytesRead}
                max={f.sizeBytes}
                // Rows are counted a chunk behind the bytes, so a small file shows its rows only at the end.
                detail={`${f.rowsRead > 0 ? `${formatInteger(f.rowsRead)} rows` : progress.phase === "reading" ? "reading" : "read"} · ${formatSize(f.bytesRead)} of ${formatSize(f.sizeBytes)}`}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {progress.phase === "building" || progress.models.length > 0 ? (
        <ProgressBar
          label="Dashboard tables"
          value={progress.models.length}
          max={Math.max(progress.modelCount, progress.models.length)}
          detail={`${progress.models.length} of ${Math.max(progress.modelCount, progress.models.length)} built${progress.models.at(-1) ? ` · last: ${progress.models.at(-1)!.name}` : ""}`}
        />
      ) : null}
      {pollError ? (
        <p role="status" className="text-sm text-amber-800">
          {pollError}
        </p>
      ) : null}
    </section>
  );
}

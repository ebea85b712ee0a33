"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { fileSpecs } from "@/lib/imports/file-specs";
import { formatSize } from "@/lib/format";
import { checkFile, checkSelection, type FileCheck } from "./check-file";
import { CsvPreviewTable } from "./csv-preview-table";
import { ProgressBar } from "./progress-bar";

type Chosen = { file: File; check: FileCheck };
type Sending = { loaded: number; total: number };

export function UploadForm({ maxFileBytes, maxFiles, busyMessage }: { maxFileBytes: number; maxFiles: number; busyMessage: string | null }) {
  const router = useRouter();
  const inputId = useId();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [isChecking, setIsChecking] = useState(false);
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const [isConfirmingReplace, setIsConfirmingReplace] = useState(false);
  const [sending, setSending] = useState<Sending | null>(null);
  const [error, setError] = useState<{ message: string; jobId?: string } | null>(null);
  const [isDragging, setIsDragging] = useState(false);
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  async function addFiles(files: FileList | File[]) {
    setError(null);
    setIsChecking(true);
    try {
      const added = await Promise.all([...files].map(async (file) => ({ file, check: await checkFile(file, maxFileBytes) })));
      setChosen((current) => [...current.filter((c) => !added.some((a) => a.file.name === c.file.name)), ...added]);
    } finally {
      setIsChecking(false);
    }
  }

  const selectionProblems = checkSelection(
    chosen.map((c) => c.check),
    maxFiles,
  );
  const hasProblems = selectionProblems.length > 0 || chosen.some((c) => c.check.problems.length > 0);
  const canUpload = chosen.length > 0 && !hasProblems && !isChecking && sending === null;

  function submit() {
    if (!canUpload) return;
    if (mode === "replace" && !isConfirmingReplace) {
      setIsConfirmingReplace(true);
      return;
    }
    const form = new FormData();
    // Fields first: the server reads them before the files, so a bad size is refused before any bytes are sent on.
    form.append("mode", mode);
    if (mode === "replace") form.append("confirmReplace", "replace");
    form.append("sizes", JSON.stringify(chosen.map((c) => ({ name: c.file.name, size: c.file.size }))));
    for (const c of chosen) form.append("files", c.file, c.file.name);

    // XMLHttpRequest, not fetch: only it reports upload progress. The browser streams the files from disk.
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open("POST", "/api/uploads");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => setSending({ loaded: e.loaded, total: e.lengthComputable ? e.total : chosen.reduce((n, c) => n + c.file.size, 0) });
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as { jobId?: string; error?: string };
      if ((xhr.status === 202 || xhr.status === 200) && body.jobId) {
        router.push(`/upload/${body.jobId}`);
        return;
      }
      setSending(null);
      setError({ message: body.error ?? `The upload failed (HTTP ${xhr.status}).`, jobId: body.jobId });
    };
    xhr.onerror = () => {
      setSending(null);
      setError({ message: "The connection to the server was lost during the upload. Nothing was imported; try again." });
    };
    xhr.onabort = () => {
      setSending(null);
      setError({ message: "Upload cancelled. Nothing was imported." });
    };
    setIsConfirmingReplace(false);
    setSending({ loaded: 0, total: chosen.reduce((n, c) => n + c.file.size, 0) });
    xhr.send(form);
  }

  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {busyMessage ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {busyMessage}
        </p>
      ) : null}

      <div
        onDragOver={(e) => {
          e.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setIsDragging(false);
          if (sending === null) void addFiles(e.dataTransfer.files);
        }}
        className={`rounded-lg border-2 border-dashed px-6 py-8 text-center ${isDragging ? "border-blue-500 bg-blue-50" : "border-slate-300 bg-white"}`}
      >
        <p className="text-base font-medium text-slate-900">Drop one to four CSV extracts here</p>
        <p className="mt-1 text-sm text-slate-600">
          accounts, skus, invoices and invoice_line_items, recognised by their header row. Up to {formatSize(maxFileBytes)} each.
        </p>
        <label htmlFor={inputId} className="mt-4 inline-flex cursor-pointer rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-blue-600">
          Choose files…
          <input
            id={inputId}
            type="file"
            multiple
            accept=".csv,text/csv"
            className="sr-only"
            disabled={sending !== null}
            onChange={(e) => {
              if (e.target.files) void addFiles(e.target.files);
              e.target.value = "";
            }}
          />
        </label>
      </div>

      {isChecking ? <p className="text-sm text-slate-600">Checking files…</p> : null}

      {chosen.length > 0 ? (
        <ul className="space-y-3" aria-label="Chosen files">
          {chosen.map((c) => (
            <ChosenFile key={c.file.name} chosen={c} onRemove={sending === null ? () => setChosen((all) => all.filter((x) => x !== c)) : undefined} />
          ))}
        </ul>
      ) : null}

      {selectionProblems.length > 0 ? (
        <ul role="alert" className="list-disc space-y-1 rounded-md border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-800">
          {selectionProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}

      <fieldset className="space-y-2" disabled={sending !== null}>
        <legend className="text-sm font-semibold text-slate-900">How to load them</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="mode" value="merge" checked={mode === "merge"} onChange={() => (setMode("merge"), setIsConfirmingReplace(false))} className="mt-1" />
          <span>
            <strong>Merge</strong> (usual): add new rows and update changed ones by their key; rows not in the files stay.
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="mode" value="replace" checked={mode === "replace"} onChange={() => setMode("replace")} className="mt-1" />
          <span>
            <strong>Full replace</strong>: each file becomes the whole table; stored rows missing from it are removed, with what hangs from them.
          </span>
        </label>
      </fieldset>

      <p className="text-sm text-slate-600">The import history records you, the signed-in user, as the uploader.</p>

      {isConfirmingReplace ? (
        <div role="alertdialog" aria-labelledby="replace-title" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p id="replace-title" className="font-semibold">
            Replace the stored {chosen.map((c) => (c.check.kind ? fileSpecs[c.check.kind].fileName.replace(".csv", "") : c.file.name)).join(", ")} data?
          </p>
          <p className="mt-1">Every stored row that is not in these files is removed, along with invoices and lines that hang from removed rows. This cannot be undone from this page.</p>
          <div className="mt-3 flex gap-2">
            <button type="submit" className="rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">
              Yes, replace
            </button>
            <button type="button" onClick={() => setIsConfirmingReplace(false)} className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50">
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      {sending ? (
        <div className="space-y-2" data-testid="upload-progress">
          <ProgressBar label="Uploading" value={sending.loaded} max={sending.total} detail={`${formatSize(sending.loaded)} of ${formatSize(sending.total)} sent`} />
          <button type="button" onClick={() => xhrRef.current?.abort()} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
            Cancel upload
          </button>
        </div>
      ) : null}

      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}{" "}
          {error.jobId ? (
            <a href={`/upload/${error.jobId}`} className="font-medium underline">
              See the upload
            </a>
          ) : null}
        </p>
      ) : null}

      {!isConfirmingReplace && sending === null ? (
        <button
          type="submit"
          disabled={!canUpload}
          className="rounded-md bg-blue-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
        >
          {mode === "replace" ? "Upload and replace…" : "Upload and merge"}
        </button>
      ) : null}
    </form>
  );
}

function ChosenFile({ chosen, onRemove }: { chosen: Chosen; onRemove?: () => void }) {
  const { check } = chosen;
  const isOk = check.problems.length === 0;
  return (
    <li className={`rounded-lg border bg-white p-3 shadow-sm ${isOk ? "border-slate-200" : "border-red-300"}`} data-testid="chosen-file">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm">
          <span className="font-semibold text-slate-900">{check.fileName}</span> <span className="text-slate-600">· {formatSize(check.sizeBytes)}</span>{" "}
          {check.kind ? (
            <span className="ml-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
              {fileSpecs[check.kind].fileName.replace(".csv", "")} extract
            </span>
          ) : null}
        </p>
        {onRemove ? (
          <button type="button" onClick={onRemove} className="text-sm font-medium text-slate-700 underline hover:text-slate-950">
            Remove<span className="sr-only"> {check.fileName}</span>
          </button>
        ) : null}
      </div>
      {check.problems.map((p) => (
        <p key={p} role="alert" className="mt-1 text-sm text-red-800">
          {p}
        </p>
      ))}
      {isOk && check.preview.length > 0 ? (
        <div className="mt-2">
          <CsvPreviewTable fileName={check.fileName} header={check.header} rows={check.preview} />
        </div>
      ) : null}
    </li>
  );
}

"use client";

import "./globals.css";

/** Errors in the root layout itself (the header reads the database too) land here. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest) : null;
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 p-6 text-slate-900">
        <div role="alert" className="mx-auto max-w-3xl rounded-lg border border-red-200 bg-red-50 p-6">
          <h1 className="text-lg font-semibold text-red-900">Payment Insights could not load</h1>
          <pre className="mt-3 whitespace-pre-wrap break-words rounded bg-white p-3 text-sm text-red-900">{message}</pre>
          {digest ? <p className="mt-2 text-sm text-red-800">Error reference (find it in the server log): {digest}</p> : null}
          <button type="button" onClick={() => retry()} className="mt-4 rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white">
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}

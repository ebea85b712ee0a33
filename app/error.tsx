"use client";

import { useEffect } from "react";

/**
 * Shows the real error. In production Next.js replaces a server error's message with a generic
 * one; the digest printed here matches the full error in the server log.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const message = error instanceof Error ? error.message : String(error);
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest) : null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">Something went wrong loading this page</h1>
      <pre className="mt-3 whitespace-pre-wrap break-words rounded bg-white p-3 text-sm text-red-900">{message}</pre>
      {digest ? <p className="mt-2 text-sm text-red-800">Error reference (find it in the server log): {digest}</p> : null}
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800"
      >
        Try again
      </button>
    </div>
  );
}

import { headers } from "next/headers";
import Link from "next/link";
import { Suspense } from "react";
import { getSessionUser } from "@/lib/auth/server";
import { formatDate, formatTimestamp } from "@/lib/format";
import { getDataStatus } from "@/lib/queries/status";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** Signed out (the sign-in page), only the name: no navigation and no data status. */
export async function SiteHeader() {
  const user = await getSessionUser(await headers());
  return (
    <header className="bg-slate-900 text-white">
      <div className="mx-auto flex max-w-[96rem] flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
        <div className="flex items-center gap-4">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Payment Insights
          </Link>
          {user ? (
            <Suspense fallback={null}>
              <NavLinks role={user.role} />
            </Suspense>
          ) : null}
        </div>
        {user ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <Suspense fallback={<p className="text-sm text-slate-300">Loading data status…</p>}>
              <DataStatusLine />
            </Suspense>
            <p className="flex items-center gap-2 text-sm text-slate-200" data-testid="signed-in-user">
              <span>
                {user.name} <span className="text-slate-400">({user.role})</span>
              </span>
              <SignOutButton />
            </p>
          </div>
        ) : null}
      </div>
    </header>
  );
}

async function DataStatusLine() {
  const status = getDataStatus();
  return (
    <p className="text-sm text-slate-200" data-testid="data-status">
      Data as of <strong className="font-semibold text-white">{formatDate(status.asOf)}</strong>
      {status.lastIssued ? <> · last invoice {formatDate(status.lastIssued)}</> : null}
      <span className="mx-2 text-slate-500" aria-hidden="true">
        ·
      </span>
      Last import {formatTimestamp(status.lastImportFinishedAt)}
      {status.lastImportStatus && status.lastImportStatus !== "accepted" ? ` (${status.lastImportStatus})` : ""}
      {status.needsRebuild ? (
        <span role="alert" className="ml-2 rounded bg-amber-200 px-2 py-0.5 font-medium text-amber-950">
          Built by an older version, whose as-of date ignored payments after the last invoice: run <code>npm run etl -- rebuild</code> or import again
        </span>
      ) : null}
    </p>
  );
}

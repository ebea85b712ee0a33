"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Ends the session through better-auth's endpoint; the refresh drops what the router cached for the signed-in user. */
export function SignOutButton() {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={async () => {
        setIsPending(true);
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
        router.replace("/sign-in");
        router.refresh();
      }}
      className="rounded-md border border-slate-600 px-2 py-1 text-xs font-medium text-slate-100 hover:bg-slate-800"
    >
      Sign out
    </button>
  );
}

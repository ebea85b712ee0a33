"use client";

import { useState } from "react";
import { FormField, inputClass } from "@/components/ui/form-field";

/**
 * Posts to better-auth's own sign-in endpoint from the browser, so its rate limiter sees every
 * attempt; a full page load afterwards lets the server render with the new session cookie.
 */
export function SignInForm({ returnPath }: { returnPath: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsSending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), rememberMe: true }),
      });
      if (response.ok) {
        window.location.assign(returnPath);
        return;
      }
      if (response.status === 429) {
        const retry = response.headers.get("x-retry-after");
        setError(`Too many sign-in attempts. Try again in ${retry ?? "a few"} seconds.`);
      } else if (response.status === 403) {
        setError((await response.json().catch(() => null))?.message ?? "This account cannot sign in.");
      } else {
        setError("That email and password do not match an account.");
      }
    } catch {
      setError("The server could not be reached. Try again.");
    } finally {
      setIsSending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormField label="Email">{(props) => <input {...props} name="email" type="email" autoComplete="username" required className={inputClass} />}</FormField>
      <FormField label="Password">{(props) => <input {...props} name="password" type="password" autoComplete="current-password" required className={inputClass} />}</FormField>
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={isSending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60">
        {isSending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions/validated-action";
import { REGIONS } from "@/lib/regions";
import { FormField, inputClass } from "@/components/ui/form-field";

type Result = { ok: boolean; message: string };

/** Shown on the sign-in page while no user exists yet. */
export function FirstAdminForm({ action }: { action: (previous: ActionState<Result>, formData: FormData) => Promise<ActionState<Result>> }) {
  const [state, formAction, isPending] = useActionState(action, { status: "idle" });
  if (state.status === "done" && state.result.ok) {
    return (
      <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {state.result.message}
      </p>
    );
  }
  const errors = state.status === "invalid" ? state.fieldErrors : {};
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label="Create the first admin">
      <FormField label="Name" errors={errors.name}>{(p) => <input {...p} name="name" autoComplete="name" className={inputClass} />}</FormField>
      <FormField label="Email" errors={errors.email}>{(p) => <input {...p} name="email" type="email" autoComplete="username" className={inputClass} />}</FormField>
      <FormField label="Password (at least 10 characters)" errors={errors.password}>
        {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={inputClass} />}
      </FormField>
      <FormField label="Region" errors={errors.region}>
        {(p) => (
          <select {...p} name="region" defaultValue="Unknown" className={inputClass}>
            {REGIONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </FormField>
      {state.status === "done" && !state.result.ok ? <p role="alert" className="text-sm text-red-800">{state.result.message}</p> : null}
      <button type="submit" disabled={isPending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60">
        Create the first admin
      </button>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/actions/validated-action";
import { ROLES } from "@/lib/auth/roles";
import { REGIONS } from "@/lib/regions";
import { FormField, inputClass } from "@/components/ui/form-field";
import { ActionOutcome, errorsFor } from "@/components/ui/action-feedback";

export type UserActionResult = { ok: boolean; message: string; field?: string };
export type UserAction = (previous: ActionState<UserActionResult>, formData: FormData) => Promise<ActionState<UserActionResult>>;

const idle: ActionState<UserActionResult> = { status: "idle" };
const buttonClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";

export function CreateUserForm({ action }: { action: UserAction }) {
  const [state, formAction, isPending] = useActionState(action, idle);
  return (
    <form action={formAction} className="grid max-w-3xl gap-3 sm:grid-cols-2" noValidate aria-label="Create a user">
      <FormField label="Name" errors={errorsFor(state, "name")}>{(p) => <input {...p} name="name" autoComplete="off" className={inputClass} />}</FormField>
      <FormField label="Email" errors={errorsFor(state, "email")}>{(p) => <input {...p} name="email" type="email" autoComplete="off" className={inputClass} />}</FormField>
      <FormField label="Password" errors={errorsFor(state, "password")}>
        {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={inputClass} />}
      </FormField>
      <FormField label="Role" errors={errorsFor(state, "role")}>
        {(p) => (
          <select {...p} name="role" defaultValue="staff" className={inputClass}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label="Region" errors={errorsFor(state, "region")}>
        {(p) => (
          <select {...p} name="region" defaultValue="Unknown" className={inputClass}>
            {REGIONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        )}
      </FormField>
      <div className="flex items-end gap-3 sm:col-span-2">
        <button type="submit" disabled={isPending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60">
          Create user
        </button>
        <ActionOutcome state={state} />
      </div>
    </form>
  );
}

type Row = { id: string; email: string; role: string; region: string; banned: boolean; isSelf: boolean };

/** One user's controls; each is its own small form so an error shows beside the field it is about. */
export function UserRowForms({ user, actions }: { user: Row; actions: { setRole: UserAction; setRegion: UserAction; resetPassword: UserAction; disable: UserAction; enable: UserAction } }) {
  const [roleState, roleAction] = useActionState(actions.setRole, idle);
  const [regionState, regionAction] = useActionState(actions.setRegion, idle);
  const [passwordState, passwordAction] = useActionState(actions.resetPassword, idle);
  const [banState, banAction] = useActionState(user.banned ? actions.enable : actions.disable, idle);
  return (
    <div className="flex flex-wrap items-start gap-4">
      <form action={roleAction} className="flex items-end gap-2" aria-label={`Role of ${user.email}`}>
        <input type="hidden" name="userId" value={user.id} />
        <FormField label="Role" errors={errorsFor(roleState, "role")}>
          {(p) => (
            <select {...p} name="role" defaultValue={user.role} disabled={user.isSelf} className={inputClass}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </FormField>
        <button type="submit" disabled={user.isSelf} className={buttonClass}>
          Set role
        </button>
        <ActionOutcome state={roleState} />
      </form>
      <form action={regionAction} className="flex items-end gap-2" aria-label={`Region of ${user.email}`}>
        <input type="hidden" name="userId" value={user.id} />
        <FormField label="Region" errors={errorsFor(regionState, "region")}>
          {(p) => (
            <select {...p} name="region" defaultValue={user.region} className={inputClass}>
              {REGIONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </FormField>
        <button type="submit" className={buttonClass}>
          Set region
        </button>
        <ActionOutcome state={regionState} />
      </form>
      <form action={passwordAction} className="flex items-end gap-2" aria-label={`New password for ${user.email}`} noValidate>
        <input type="hidden" name="userId" value={user.id} />
        <FormField label="New password" errors={errorsFor(passwordState, "password")}>
          {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={inputClass} />}
        </FormField>
        <button type="submit" className={buttonClass}>
          Reset password
        </button>
        <ActionOutcome state={passwordState} />
      </form>
      <form action={banAction} className="flex items-end gap-2">
        <input type="hidden" name="userId" value={user.id} />
        <button type="submit" disabled={user.isSelf} className={buttonClass}>
          {user.banned ? `Enable ${user.email}` : `Disable ${user.email}`}
        </button>
        <ActionOutcome state={banState} />
      </form>
    </div>
  );
}

"use client";

import { useState } from "react";
import type { ActionState } from "@/lib/actions/validated-action";
import { OUTREACH_CHANNELS, OUTREACH_OUTCOMES, type OutreachOutcome } from "@/lib/outreach/vocabulary";
import { ActionOutcome, errorsFor, type ActionResult } from "@/components/ui/action-feedback";
import { FormField, inputClass } from "@/components/ui/form-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { CHANNEL_LABELS, OUTCOME_LABELS } from "./outreach-labels";

export type OutreachAction = (previous: ActionState<ActionResult>, formData: FormData) => Promise<ActionState<ActionResult>>;

const primaryButton = "rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60";
const secondaryButton = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";

export type DisputableInvoice = { invoiceId: number; label: string };

/** Logs a call, email or visit: what came of it, and for a promise or a dispute, its details. */
export function ContactForm({ accountId, entryDate, openInvoices, action }: { accountId: number; entryDate: string; openInvoices: DisputableInvoice[]; action: OutreachAction }) {
  const [outcome, setOutcome] = useState<OutreachOutcome>("no-answer");
  // The outcome is held in state, so it is reset with the rest once saved.
  const { state, isPending, formProps } = useKeptForm(action, () => setOutcome("no-answer"));
  const invoiceErrors = errorsFor(state, "invoiceIds");
  return (
    <form {...formProps} noValidate aria-label="Log a contact" className="space-y-3">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="entryDate" value={entryDate} />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Channel" errors={errorsFor(state, "channel")}>
          {(p) => (
            <select {...p} name="channel" defaultValue="call" className={inputClass}>
              {OUTREACH_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Outcome" errors={errorsFor(state, "outcome")}>
          {(p) => (
            <select {...p} name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as OutreachOutcome)} className={inputClass}>
              {OUTREACH_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABELS[o]}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      {outcome === "promised" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="Promised to pay by" errors={errorsFor(state, "promiseDate")}>
            {(p) => <input {...p} type="date" name="promiseDate" min={entryDate} className={inputClass} />}
          </FormField>
          <FormField label="Amount promised ($)" errors={errorsFor(state, "promiseAmount")}>
            {(p) => <input {...p} name="promiseAmount" inputMode="decimal" placeholder="1250.00" className={inputClass} />}
          </FormField>
        </div>
      ) : null}
      {outcome === "disputed" ? (
        <div className="space-y-3">
          <FormField label="What is disputed" errors={errorsFor(state, "disputeReason")}>
            {(p) => <input {...p} name="disputeReason" maxLength={200} placeholder="Wrong quantity delivered" className={inputClass} />}
          </FormField>
          <fieldset className="text-sm" aria-invalid={invoiceErrors ? true : undefined} aria-describedby={invoiceErrors ? "dispute-invoices-error" : undefined}>
            <legend className="font-semibold text-slate-900">Invoices it covers</legend>
            {openInvoices.length === 0 ? <p className="text-slate-600">No invoice is open on this account.</p> : null}
            <div className="mt-1 grid max-h-48 gap-1 overflow-y-auto sm:grid-cols-2">
              {openInvoices.map((i) => (
                <label key={i.invoiceId} className="flex items-center gap-2">
                  <input type="checkbox" name="invoiceIds" value={i.invoiceId} className="size-4 rounded border-slate-300" />
                  {i.label}
                </label>
              ))}
            </div>
            {invoiceErrors ? (
              <p id="dispute-invoices-error" className="text-red-800">
                {invoiceErrors.join(" ")}
              </p>
            ) : null}
          </fieldset>
        </div>
      ) : null}
      <FormField label="Note" errors={errorsFor(state, "note")}>
        {(p) => <textarea {...p} name="note" rows={3} maxLength={2000} className={inputClass} />}
      </FormField>
      <FormField label="Next follow-up (optional)" errors={errorsFor(state, "followUpDate")}>
        {(p) => <input {...p} type="date" name="followUpDate" min={entryDate} className={`${inputClass} sm:w-56`} />}
      </FormField>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={isPending} className={primaryButton}>
          Log contact
        </button>
        <ActionOutcome state={state} />
      </div>
    </form>
  );
}

/** A small form of one date (or text) field and a button: the follow-up and the snooze. */
export function FollowUpForm({ accountId, entryDate, action }: { accountId: number; entryDate: string; action: OutreachAction }) {
  const { state, isPending, formProps } = useKeptForm(action);
  return (
    <form {...formProps} noValidate aria-label="Set a follow-up" className="space-y-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="entryDate" value={entryDate} />
      <FormField label="Follow up on" errors={errorsFor(state, "followUpDate")}>
        {(p) => <input {...p} type="date" name="followUpDate" min={entryDate} className={inputClass} />}
      </FormField>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={isPending} className={secondaryButton}>
          Set follow-up
        </button>
        <ActionOutcome state={state} />
      </div>
    </form>
  );
}

export function SnoozeForm({ accountId, entryDate, action }: { accountId: number; entryDate: string; action: OutreachAction }) {
  const { state, isPending, formProps } = useKeptForm(action);
  return (
    <form {...formProps} noValidate aria-label="Snooze the account" className="space-y-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="entryDate" value={entryDate} />
      <FormField label="Snooze until" errors={errorsFor(state, "snoozeUntil")}>
        {(p) => <input {...p} type="date" name="snoozeUntil" min={entryDate} className={inputClass} />}
      </FormField>
      <FormField label="Why it can wait" errors={errorsFor(state, "snoozeReason")}>
        {(p) => <input {...p} name="snoozeReason" maxLength={200} placeholder="Paying through their bank's payment run" className={inputClass} />}
      </FormField>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={isPending} className={secondaryButton}>
          Snooze
        </button>
        <ActionOutcome state={state} />
      </div>
    </form>
  );
}

export function OwnerForm({
  accountId,
  entryDate,
  ownerUserId,
  users,
  action,
}: {
  accountId: number;
  entryDate: string;
  ownerUserId: string | null;
  users: { id: string; label: string }[];
  action: OutreachAction;
}) {
  const { state, isPending, formProps } = useKeptForm(action);
  return (
    <form {...formProps} noValidate aria-label="Assign an owner" className="space-y-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="entryDate" value={entryDate} />
      <FormField label="Owner" errors={errorsFor(state, "ownerUserId")}>
        {(p) => (
          <select {...p} name="ownerUserId" defaultValue={ownerUserId ?? ""} className={inputClass}>
            <option value="">Nobody</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={isPending} className={secondaryButton}>
          Assign
        </button>
        <ActionOutcome state={state} />
      </div>
    </form>
  );
}

/** One button posting the account (and an entry it acts on): end a snooze, resolve a dispute. */
export function EntryButton({
  accountId,
  entryDate,
  fields,
  label,
  action,
}: {
  accountId: number;
  entryDate: string;
  fields?: Record<string, string | number>;
  label: string;
  action: OutreachAction;
}) {
  const { state, isPending, formProps } = useKeptForm(action);
  return (
    <form {...formProps} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="entryDate" value={entryDate} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={isPending} className={secondaryButton}>
        {label}
      </button>
      <ActionOutcome state={state} />
    </form>
  );
}

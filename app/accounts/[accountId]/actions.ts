"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientAddress, recordAudit } from "@/lib/auth/audit";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { getAuthDb, type SessionUser } from "@/lib/auth/server";
import { formatMoney } from "@/lib/format";
import { contactSchema, followUpSchema, ownerSchema, resolveDisputeSchema, snoozeSchema, unsnoozeSchema } from "@/lib/outreach/entry-schemas";
import { appendOutreachEntry, blankEntry, entryBounds, type NewOutreachEntry } from "@/lib/outreach/log-entries";
import { getAccount, getAccountOpenInvoices } from "@/lib/queries/accounts";
import { getAccountOutreach } from "@/lib/queries/outreach-log";
import { getAssignableUsers } from "@/lib/queries/users";

/*
 * The outreach workflow's writes, one validated action per form on the account page. Each
 * entry counts from the as-of date of the page it was logged on (docs/outreach.md): the form
 * posts it, and the schema holds it to the data's range.
 */

export type OutreachActionResult = { ok: boolean; message: string; field?: string };

// Before any import there is no range, and the page offers no form; an empty range refuses every date.
const bounds = () => entryBounds(getAuthDb()) ?? { earliest: "9999-12-31", latest: "0000-01-01" };

async function save(user: SessionUser, entry: NewOutreachEntry, summary: string): Promise<OutreachActionResult> {
  if (!getAccount(entry.accountId)) return { ok: false, message: `Account ${entry.accountId} is not in the data, so nothing was logged.` };
  const entryId = appendOutreachEntry(getAuthDb(), entry);
  recordAudit(getAuthDb(), {
    action: "outreach-entry",
    outcome: "ok",
    actorEmail: user.email,
    actorUserId: user.id,
    target: `account ${entry.accountId}`,
    detail: `#${entryId} ${summary}`,
    ipAddress: clientAddress(await headers()),
  });
  revalidatePath(`/accounts/${entry.accountId}`);
  return { ok: true, message: `${summary[0]!.toUpperCase()}${summary.slice(1)}.` };
}

export const logContact = authorizedAction("staff", () => contactSchema(bounds()), async (input, user) => {
  const day = input.entryDate;
  if (input.invoiceIds.length > 0) {
    const open = new Set(getAccountOpenInvoices(input.accountId, day).map((i) => i.invoiceId));
    const other = input.invoiceIds.find((id) => !open.has(id));
    if (other !== undefined) return { ok: false, message: `Invoice ${other} is not open on this account on ${day}; pick from its open invoices.`, field: "invoiceIds" };
  }
  const what = { call: "a call", email: "an email", visit: "a visit" }[input.channel];
  const summary =
    input.outcome === "promised"
      ? `logged ${what}: promised ${formatMoney(input.promiseCents!)} by ${input.promiseDate}`
      : input.outcome === "disputed"
        ? `logged ${what}: disputed ${input.invoiceIds.length} invoice${input.invoiceIds.length === 1 ? "" : "s"}`
        : `logged ${what}: ${input.outcome.replace("-", " ")}`;
  return save(user, { ...blankEntry("contact", input.accountId, day, user), ...input }, summary);
});

export const setFollowUp = authorizedAction("staff", () => followUpSchema(bounds()), async (input, user) =>
  save(user, { ...blankEntry("follow-up", input.accountId, input.entryDate, user), followUpDate: input.followUpDate }, input.followUpDate ? `set a follow-up for ${input.followUpDate}` : "cleared the follow-up"),
);

export const snoozeAccount = authorizedAction("staff", () => snoozeSchema(bounds()), async (input, user) =>
  save(user, { ...blankEntry("snooze", input.accountId, input.entryDate, user), snoozeUntil: input.snoozeUntil, snoozeReason: input.snoozeReason }, `snoozed the account until ${input.snoozeUntil}`),
);

export const endSnooze = authorizedAction("staff", () => unsnoozeSchema(bounds()), async (input, user) =>
  save(user, blankEntry("snooze", input.accountId, input.entryDate, user), "ended the snooze"),
);

export const assignOwner = authorizedAction("staff", () => ownerSchema(bounds()), async (input, user) => {
  if (!input.ownerUserId) return save(user, blankEntry("owner", input.accountId, input.entryDate, user), "unassigned the account");
  const owner = getAssignableUsers().find((u) => u.id === input.ownerUserId);
  if (!owner) return { ok: false, message: "That user does not exist or is disabled.", field: "ownerUserId" };
  return save(user, { ...blankEntry("owner", input.accountId, input.entryDate, user), ownerUserId: owner.id, ownerEmail: owner.email }, `assigned the account to ${owner.email}`);
});

export const resolveDispute = authorizedAction("staff", () => resolveDisputeSchema(bounds()), async (input, user) => {
  const day = input.entryDate;
  const open = getAccountOutreach(input.accountId, day).state?.disputes.find((d) => d.entryId === input.disputeEntryId);
  if (!open) return { ok: false, message: `Dispute #${input.disputeEntryId} is not open on this account.` };
  return save(user, { ...blankEntry("dispute-resolved", input.accountId, day, user), resolvesEntryId: open.entryId }, `resolved dispute #${open.entryId}`);
});

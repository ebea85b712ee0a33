import type { OutreachChannel, OutreachOutcome } from "@/lib/outreach/vocabulary";
import type { PromiseStatus } from "@/lib/outreach/state";

export const CHANNEL_LABELS: Record<OutreachChannel, string> = { call: "Call", email: "Email", visit: "Visit" };

export const OUTCOME_LABELS: Record<OutreachOutcome, string> = {
  "no-answer": "No answer",
  "left-message": "Left a message",
  promised: "Promised to pay",
  disputed: "Disputed",
  "says-paid": "Says already paid",
  other: "Other",
};

export const PROMISE_LABELS: Record<PromiseStatus, string> = { pending: "Promise pending", kept: "Promise kept", broken: "Broken promise" };

export const PROMISE_TONES: Record<PromiseStatus, string> = {
  pending: "bg-blue-50 text-blue-900 ring-blue-200",
  kept: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  broken: "bg-red-50 text-red-900 ring-red-300",
};

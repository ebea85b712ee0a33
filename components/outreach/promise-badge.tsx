import type { OutreachPromise } from "@/lib/outreach/state";
import { PROMISE_LABELS, PROMISE_TONES } from "./outreach-labels";

/** A promise's state as a badge; the list and the account page show the same words. */
export function PromiseBadge({ promise }: { promise: OutreachPromise }) {
  return (
    <span className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${PROMISE_TONES[promise.status]}`}>
      {PROMISE_LABELS[promise.status]}
    </span>
  );
}

import type { AgingBuckets } from "@/lib/queries/accounts";

/** Days-past-due buckets, in order, with one colour scale shared by the account and trends pages. */
export const AGING_BUCKETS: { key: keyof AgingBuckets; label: string; color: string }[] = [
  { key: "currentCents", label: "Current (not yet due)", color: "#16a34a" },
  { key: "pastDue1To30Cents", label: "1–30 days past due", color: "#eab308" },
  { key: "pastDue31To60Cents", label: "31–60 days past due", color: "#f97316" },
  { key: "pastDue61To90Cents", label: "61–90 days past due", color: "#dc2626" },
  { key: "pastDueOver90Cents", label: "Over 90 days past due", color: "#7f1d1d" },
];

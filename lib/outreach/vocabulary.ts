/*
 * The outreach log's words, shared by its table (lib/db/outreach-schema.ts), its forms' schemas
 * and the client forms; client-safe, as it imports nothing.
 */

export const OUTREACH_KINDS = ["contact", "follow-up", "snooze", "owner", "dispute-resolved"] as const;
export const OUTREACH_CHANNELS = ["call", "email", "visit"] as const;
export const OUTREACH_OUTCOMES = ["no-answer", "left-message", "promised", "disputed", "says-paid", "other"] as const;

export type OutreachKind = (typeof OUTREACH_KINDS)[number];
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];

/** The change-event token the shared e2e server takes (playwright.config.ts), so a spec can post events as Debezium would. */
export const e2eCdcToken = "e2e-change-event-token-0123456789";

import { afterEach, describe, expect, it, vi } from "vitest";
import { openDb } from "@/lib/db/client";
import { applyDebeziumEvents } from "@/etl/cdc/apply-events";
import { bareEvent, day } from "@/etl/cdc/test-events";

vi.hoisted(() => {
  // Set before lib/env is imported, which the route's import below does.
  process.env.DATABASE_PATH = `${process.env.TMPDIR ?? "/tmp"}/pi-health-route-${process.pid}-${Date.now()}/app.db`;
});

const { GET } = await import("./route");

/** The consumer's own handle on the same file, as the change-event route has. */
function withWriter<T>(fn: (db: ReturnType<typeof openDb>) => T): T {
  const db = openDb(process.env.DATABASE_PATH!);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

const account = { account_id: 9_001, company_name: "Lag Testers", company_address: "1 Main St\nPortland, OR 97201", contact_person: "Ana", contact_phone: "503.555.0101", gender: "F", joining_date: day("2020-01-01") };

afterEach(() => {
  vi.useRealTimers();
});

describe("GET /api/health", () => {
  it("answers ok with no lag on a store no change event has reached, without a session", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", cdc: { lastEventAt: null, lagMs: null } });
  });

  it("reports the source time of the newest change applied, and how long ago that was", async () => {
    const madeAt = Date.parse("2026-03-02T10:00:00.000Z");
    withWriter((db) => {
      expect(applyDebeziumEvents(db, [bareEvent("accounts", "c", null, account, { pos: 10, tsMs: madeAt }), null])).toMatchObject({ applied: 1, ignored: 1 });
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(madeAt + 2_500);
    expect(await (await GET()).json()).toEqual({ status: "ok", cdc: { lastEventAt: "2026-03-02T10:00:00.000Z", lagMs: 2_500 } });
    // A rejected event or a duplicate arriving later applies nothing, so the lag keeps growing.
    withWriter((db) => {
      applyDebeziumEvents(db, [bareEvent("accounts", "u", null, account, { pos: 10, tsMs: madeAt + 60_000 }), bareEvent("payments", "c", null, { id: 1 }, { pos: 20, tsMs: madeAt + 60_000 })]);
    });
    vi.setSystemTime(madeAt + 90_000);
    expect(await (await GET()).json()).toEqual({ status: "ok", cdc: { lastEventAt: "2026-03-02T10:00:00.000Z", lagMs: 90_000 } });
  });

  it("fails rather than report no lag when the store cannot be read", async () => {
    withWriter((db) => db.$client.exec(`drop table cdc_table_stats`));
    await expect(GET()).rejects.toThrow(/no such table: cdc_table_stats/);
  });
});

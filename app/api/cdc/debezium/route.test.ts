import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { fileKinds, fileSpecs } from "@/lib/imports/file-specs";
import { openDb } from "@/lib/db/client";
import { importExtracts } from "@/etl/import/import-extracts";
import { realExtractsDir } from "@/etl/test-support";
import { bareEvent, day, transactionMarker, wrappedEvent } from "@/etl/cdc/test-events";

const state = vi.hoisted(() => {
  // Set before lib/env is imported, which the route's import below does.
  process.env.DATABASE_PATH = `${process.env.TMPDIR ?? "/tmp"}/pi-cdc-route-${process.pid}-${Date.now()}/app.db`;
  process.env.CDC_TOKEN = "debezium-route-test-token-0123456789";
  process.env.CDC_MAX_BODY_BYTES = "50000";
  return { token: process.env.CDC_TOKEN };
});

const { POST } = await import("./route");

const url = "http://localhost:3000/api/cdc/debezium";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit & { duplex?: "half" } = { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${state.token}`, ...headers }, body };
  if (body instanceof ReadableStream) init.duplex = "half";
  return POST(new Request(url, init));
}

const postJson = (value: unknown, headers: Record<string, string> = {}) => post(JSON.stringify(value), headers);

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

const payment = (paymentDate: string, pos: number, file = "mysql-bin.000007") =>
  bareEvent("invoices", "u", null, { invoice_id: 1, account_id: 1, date_issued: day("2021-04-06"), payment_dates: paymentDate }, { file, pos });

const paymentDate = () => {
  const db = openDb(process.env.DATABASE_PATH!);
  try {
    return db.$client.prepare(`select payment_date from mart_invoices where invoice_id = 1`).pluck().get();
  } finally {
    db.$client.close();
  }
};

beforeAll(async () => {
  const db = openDb(process.env.DATABASE_PATH!);
  const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
  expect(result.status).toBe("accepted");
  db.$client.close();
});

describe("POST /api/cdc/debezium", () => {
  it("refuses a missing or wrong token with 401 JSON, whatever the session", async () => {
    for (const headers of [{ authorization: "" } as Record<string, string>, { authorization: "Bearer wrong-token" }, { authorization: `Basic ${state.token}` }, { authorization: "", bearer: "nope" }]) {
      const response = await postJson(payment("2021-05-11", 1), headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(await json(response)).toEqual({ error: "This needs the change-event token." });
    }
  });

  it("applies one event with the Authorization header and answers 200 with the counts", async () => {
    const response = await postJson(payment("2021-05-20", 100));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ applied: 1, skipped: 0, ignored: 0, rejected: 0, waitingLines: 0, errors: [] });
    expect(paymentDate()).toBe("2021-05-20");
  });

  it("accepts Debezium's JWT-mode `Bearer: <token>` header, and counts a redelivery as a duplicate", async () => {
    const response = await postJson(payment("2021-05-20", 100), { authorization: "", bearer: state.token });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ applied: 0, skipped: 1 });
  });

  it("applies an array, answering 422 for the unknown table while the others still apply", async () => {
    const sku = { item_id: "0-7127-8604-X", item_name: "Renamed", item_description: null, item_cost_price: "AGQ=", item_retail_price: "C4O5" };
    const body = [transactionMarker("BEGIN", 200), bareEvent("payments", "c", null, { payment_id: 1 }, { file: "mysql-bin.000007", pos: 210 }), payment("2021-05-25", 220), wrappedEvent("skus", "u", null, sku, { file: "mysql-bin.000007", pos: 230 }), null];
    const response = await postJson(body);
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({
      error: "Event 1: unknown table payments: this consumer takes accounts, skus, invoices, invoice_line_items",
      applied: 2,
      ignored: 2,
      rejected: 1,
      errors: [{ index: 1, table: "payments", field: "source.table", position: { binlogFile: "mysql-bin.000007", pos: 210 } }],
    });
    expect(paymentDate()).toBe("2021-05-25");
    // Recorded with its position, so the sink's retry of the same array goes through.
    const retry = await postJson(body);
    expect(retry.status).toBe(200);
    expect(await json(retry)).toMatchObject({ applied: 0, skipped: 3, ignored: 2, rejected: 0 });
  });

  it("says why a bad event was refused", async () => {
    const response = await postJson(payment("2021-01-01", 300));
    expect(response.status).toBe(422);
    expect((await json(response)).error).toBe("Event 0: failed validation: payment_dates: payment date 2021-01-01 is before the issue date 2021-04-06");
  });

  it("refuses malformed JSON with 400, another content type with 415 and an oversized body with 413", async () => {
    const malformed = await post('{"payload": ');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error).toMatch(/^The body is not valid JSON/);
    const text = await post("op=c", { "content-type": "application/x-www-form-urlencoded" });
    expect(text.status).toBe(415);
    expect((await json(text)).error).toBe("Send change events as application/json, not application/x-www-form-urlencoded.");
    const declared = await post("[]", { "content-length": "60000" });
    expect(declared.status).toBe(413);
    // No length given: counted while it streams.
    const chunk = new TextEncoder().encode(" ".repeat(10_000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await post(stream);
    expect(streamed.status).toBe(413);
    expect((await json(streamed)).error).toMatch(/larger than the 50,000-byte limit/);
  });
});

import { openDb, type Db } from "../../lib/db/client";
import { resolveDatabasePath } from "../../lib/env";
import { applyDebeziumEvents } from "./apply-events";
import { eventsOf } from "./debezium-event";

/*
 * The body of POST /api/cdc/debezium, after the route has checked the token. Debezium Server's
 * HTTP sink waits for each answer before it sends the next event, so the events are applied
 * within the request and the answer says what became of them.
 */

export type DebeziumRequestOptions = { db?: Db; maxBodyBytes: number };

const globalForCdc = globalThis as unknown as { paymentInsightsCdcDb?: Db };

/** The consumer's write handle: one per server process, apart from the dashboard's query-only one. */
export function getCdcDb(): Db {
  globalForCdc.paymentInsightsCdcDb ??= openDb(resolveDatabasePath());
  return globalForCdc.paymentInsightsCdcDb;
}

function reply(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

class BodyTooLarge extends Error {}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function handleDebeziumRequest(request: Request, options: DebeziumRequestOptions): Promise<Response> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.-]+\+)?json\b/i.test(contentType.trim())) {
    return reply(415, { error: `Send change events as application/json, not ${contentType === "" ? "a body without a Content-Type" : contentType}.` });
  }
  const tooLarge = () => reply(413, { error: `The body is larger than the ${options.maxBodyBytes.toLocaleString("en-US")}-byte limit (CDC_MAX_BODY_BYTES); send smaller batches. Nothing was applied.` });
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBodyBytes) return tooLarge();
  if (!request.body) return reply(400, { error: "The request has no body: send one Debezium event or a JSON array of them." });

  let text: string;
  try {
    text = await readLimited(request.body, options.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return tooLarge();
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return reply(400, { error: `The body is not valid JSON (${(error as Error).message}). Nothing was applied.` });
  }

  try {
    const result = applyDebeziumEvents(options.db ?? getCdcDb(), eventsOf(body), { startedBy: "debezium" });
    const [first] = result.errors;
    // 4xx so the sink logs the reason; the reject is recorded, so its redelivery is a duplicate and gets 200.
    if (first) return reply(422, { error: `Event ${first.index}: ${first.reason}`, ...result });
    return reply(200, { ...result });
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      return reply(503, { error: "The store is busy with an import; try again shortly. Events before the one that met the lock were applied; a retry skips them as duplicates." }, { "retry-after": "5" });
    }
    throw error;
  }
}

import { authorizeToken } from "@/lib/auth/bearer-token";
import { env } from "@/lib/env";
import { getCdcDb, handleDebeziumRequest } from "@/etl/cdc/handle-debezium";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Debezium Server's HTTP sink: one change event or a JSON array of them, applied before the answer. */
export async function POST(request: Request) {
  const auth = authorizeToken(request, env.CDC_TOKEN);
  if (!auth.ok) return auth.response;
  return handleDebeziumRequest(request, { db: getCdcDb(), maxBodyBytes: env.CDC_MAX_BODY_BYTES });
}

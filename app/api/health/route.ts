import { getCdcLag } from "@/lib/queries/cdc";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * For load balancers, start-up scripts and monitoring: answers without a session. Besides "ok" it
 * says how far the change-event consumer is behind the source, which is timing and no data
 * (docs/cdc.md says why that is open to everyone).
 */
export async function GET() {
  return Response.json({ status: "ok", cdc: getCdcLag() }, { headers: { "cache-control": "no-store" } });
}

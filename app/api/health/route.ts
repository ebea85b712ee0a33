export const dynamic = "force-dynamic";

/** For load balancers and start-up scripts: answers without a session and reads nothing. */
export async function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}

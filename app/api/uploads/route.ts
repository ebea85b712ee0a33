import { clientAddress, recordAudit } from "@/lib/auth/audit";
import { authorizeRequest, getAuthDb } from "@/lib/auth/server";
import { getUploadConfig } from "@/lib/imports/upload-config";
import { handleUpload } from "@/etl/import/upload/handle-upload";
import { listJobs } from "@/lib/queries/upload-jobs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Receives one to four CSV extracts as multipart/form-data and queues their import. */
export async function POST(request: Request) {
  const auth = await authorizeRequest(request, "admin", { isWrite: true });
  if (!auth.ok) return auth.response;
  // The import history names who uploaded from the session, never from what the form says.
  const response = await handleUpload(request, { startedBy: auth.user.name ? `${auth.user.name} <${auth.user.email}>` : auth.user.email });
  const body = (await response.clone().json().catch(() => ({}))) as { jobId?: string; status?: string; error?: string };
  recordAudit(getAuthDb(), {
    action: "upload",
    outcome: response.status < 400 ? "ok" : "refused",
    actorEmail: auth.user.email,
    actorUserId: auth.user.id,
    target: body.jobId ?? null,
    detail: `${response.status} ${body.status ?? ""} ${body.error ?? ""}`.trim(),
    ipAddress: clientAddress(request.headers),
  });
  return response;
}

/** The most recent upload jobs, newest first. */
export async function GET(request: Request) {
  const auth = await authorizeRequest(request, "admin");
  if (!auth.ok) return auth.response;
  return Response.json({ jobs: listJobs(getUploadConfig().uploadDir) }, { headers: { "cache-control": "no-store" } });
}

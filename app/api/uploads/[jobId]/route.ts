import { authorizeRequest } from "@/lib/auth/server";
import { getUploadConfig } from "@/lib/imports/upload-config";
import { jobIdSchema } from "@/lib/imports/upload-job";
import { readJob } from "@/lib/queries/upload-jobs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One upload job's state, polled by the progress page until the job has finished. */
export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const auth = await authorizeRequest(request, "admin");
  if (!auth.ok) return auth.response;
  const { jobId } = await params;
  if (!jobIdSchema.safeParse(jobId).success) return Response.json({ error: "not an upload job id" }, { status: 404 });
  const job = readJob(getUploadConfig().uploadDir, jobId);
  if (!job) return Response.json({ error: `no upload job ${jobId}` }, { status: 404 });
  return Response.json(job, { headers: { "cache-control": "no-store" } });
}

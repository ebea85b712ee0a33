import { getUploadConfig } from "@/lib/imports/upload-config";
import { handleUpload } from "@/etl/import/upload/handle-upload";
import { listJobs } from "@/lib/queries/upload-jobs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Receives one to four CSV extracts as multipart/form-data and queues their import. */
export async function POST(request: Request) {
  return handleUpload(request);
}

/** The most recent upload jobs, newest first. */
export async function GET() {
  return Response.json({ jobs: listJobs(getUploadConfig().uploadDir) }, { headers: { "cache-control": "no-store" } });
}

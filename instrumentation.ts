// Next.js calls register() once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { getUploadConfig }, { sweepEndedJobs }] = await Promise.all([
    import("./lib/db/client"),
    import("./lib/imports/upload-config"),
    import("./etl/import/upload/start-import"),
  ]);
  // A server or worker killed mid-upload left its received files behind; none outlives its import.
  const swept = sweepEndedJobs(getUploadConfig().uploadDir, getDb());
  if (swept > 0) console.log(`uploads: settled ${swept} upload job(s) left by a stopped process and deleted their files`);
}

import path from "node:path";
import { z } from "zod";
import { resolveDatabasePath } from "../env";

const megabyte = 1024 * 1024;

const uploadEnvSchema = z.object({
  /** Where upload jobs keep their received files (until imported) and their job.json. */
  UPLOAD_DIR: z.string().min(1).optional(),
  /** Largest single file accepted, in MiB: 200 MB extracts must go through. */
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive().max(10_000).default(256),
  /** An upload whose sender sends nothing for this long is dropped, its partial files deleted. */
  UPLOAD_IDLE_SECONDS: z.coerce.number().positive().max(3600).default(15),
});

export type UploadConfig = {
  uploadDir: string;
  maxFileBytes: number;
  maxFiles: number;
  idleTimeoutMs: number;
};

/**
 * Read per call (not once per module) so tests and the benchmark can point it elsewhere.
 * Uploads sit beside the database by default, so a test database gets its own upload folder.
 */
export function getUploadConfig(overrides: Partial<UploadConfig> = {}): UploadConfig {
  const env = uploadEnvSchema.parse(process.env);
  return {
    // A run-time folder, not part of the build: kept out of output tracing.
    uploadDir: path.resolve(/*turbopackIgnore: true*/ env.UPLOAD_DIR ?? path.join(path.dirname(resolveDatabasePath()), "uploads")),
    maxFileBytes: Math.round(env.UPLOAD_MAX_FILE_MB * megabyte),
    maxFiles: 4,
    idleTimeoutMs: env.UPLOAD_IDLE_SECONDS * 1000,
    ...overrides,
  };
}

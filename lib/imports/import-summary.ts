import { z } from "zod";
import { fileKinds } from "./file-specs";

/**
 * The data-quality summary an upload's import leaves behind (etl_import_summaries.summary):
 * written by the import worker, read by the import pages.
 */
export const importSummarySchema = z.object({
  tables: z.array(
    z.object({
      kind: z.enum(fileKinds),
      before: z.number().int(),
      after: z.number().int(),
      added: z.number().int(),
      /** Null for a table the upload did not load (its rows were not compared). */
      changed: z.number().int().nullable(),
      removed: z.number().int(),
    }),
  ),
  files: z.array(
    z.object({
      kind: z.enum(fileKinds),
      fileName: z.string(),
      rowsRead: z.number().int(),
      rowsRejected: z.number().int(),
      previousImportId: z.number().int().nullable(),
      previousRowsRead: z.number().int().nullable(),
    }),
  ),
  warnings: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

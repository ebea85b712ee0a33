import { authorizeRequest } from "@/lib/auth/server";
import { formatCsvRow } from "@/lib/csv/write-csv";
import { getImport, getImportRejectsAfter } from "@/lib/queries/imports";
import { parseId } from "@/lib/route-params";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** An import's rejected rows as CSV (file, line, column, value, reason), streamed from the log. */
export async function GET(request: Request, { params }: { params: Promise<{ importId: string }> }) {
  const auth = await authorizeRequest(request, "manager");
  if (!auth.ok) return auth.response;
  const importId = parseId((await params).importId);
  if (importId === null || !getImport(importId)) return new Response("No such import\n", { status: 404 });
  // The values are whatever the bad file held, so a cell like =HYPERLINK(...) must stay text.
  const options = { escapeFormulas: true };
  const encoder = new TextEncoder();
  let afterId = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(formatCsvRow(["file", "line", "column", "value", "reason"], options)));
    },
    pull(controller) {
      const rows = getImportRejectsAfter(importId, afterId, 2000);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      afterId = rows.at(-1)!.rejectId;
      controller.enqueue(encoder.encode(rows.map((r) => formatCsvRow([r.fileName, r.line, r.column, r.value, r.reason], options)).join("")));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="import-${importId}-rejects.csv"`,
      "cache-control": "no-store",
    },
  });
}

import { formatInteger, formatSize } from "@/lib/format";
import type { ImportFile } from "@/lib/queries/imports";

export function ImportFilesTable({ files }: { files: ImportFile[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-sm">
        <caption className="sr-only">Files of this import</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 text-left">File</th>
            <th scope="col" className="px-3 py-2 text-left">Extract</th>
            <th scope="col" className="px-3 py-2 text-right">Size</th>
            <th scope="col" className="px-3 py-2 text-left">SHA-256</th>
            <th scope="col" className="px-3 py-2 text-right">Read</th>
            <th scope="col" className="px-3 py-2 text-right">Accepted</th>
            <th scope="col" className="px-3 py-2 text-right">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.fileKind} className="border-t border-slate-100" data-testid="import-file">
              <td className="px-3 py-2 font-medium">{f.fileName}</td>
              <td className="px-3 py-2">{f.fileKind.replace(/_/g, " ")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatSize(f.sizeBytes)}</td>
              <td className="px-3 py-2">
                <code className="break-all font-mono text-xs text-slate-700" title={f.sha256}>
                  {f.sha256}
                </code>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{formatInteger(f.rowsRead)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatInteger(f.rowsAccepted)}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${f.rowsRejected > 0 ? "font-semibold text-red-700" : ""}`}>{formatInteger(f.rowsRejected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { ReactNode } from "react";

/** One list of "My follow-ups": a heading with its count, a plain table, or a sentence when empty. */
export function FollowUpSection({
  id,
  title,
  count,
  empty,
  columns,
  rows,
  note,
}: {
  id: string;
  title: string;
  count: number;
  empty: string;
  columns: string[];
  rows: { key: string; cells: ReactNode[] }[];
  note?: string;
}) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-base font-semibold">
        {title} <span className="font-normal text-slate-600">({count})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">{empty}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 font-semibold">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.key}>
                  {r.cells.map((cell, i) => (
                    <td key={i} className="px-3 py-2 align-top">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {note ? <p className="text-xs text-slate-600">{note}</p> : null}
    </section>
  );
}

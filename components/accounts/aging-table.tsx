import { formatMoney } from "@/lib/format";
import type { AgingBuckets } from "@/lib/queries/accounts";
import { AGING_BUCKETS } from "./aging-buckets";


/** Open balance by days past due; the buckets add up to the total shown in the footer. */
export function AgingTable({ aging, openCents }: { aging: AgingBuckets; openCents: number }) {
  return (
    <table className="w-full text-sm" data-testid="aging-table">
      <caption className="sr-only">Open balance by days past due</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-700">
          <th scope="col" className="py-1.5">Bucket</th>
          <th scope="col" className="py-1.5 text-right">Amount</th>
          <th scope="col" className="w-1/3 py-1.5"><span className="sr-only">Share</span></th>
        </tr>
      </thead>
      <tbody>
        {AGING_BUCKETS.map((bucket) => {
          const cents = aging[bucket.key];
          const share = openCents > 0 ? cents / openCents : 0;
          return (
            <tr key={bucket.key} className="border-b border-slate-100">
              <th scope="row" className="py-1.5 text-left font-normal">
                <span className="mr-2 inline-block size-2.5 rounded-sm" style={{ background: bucket.color }} aria-hidden="true" />
                {bucket.label}
              </th>
              <td className="py-1.5 text-right tabular-nums">{formatMoney(cents)}</td>
              <td className="py-1.5 pl-3">
                <div className="h-2 rounded bg-slate-100">
                  <div className="h-2 rounded" style={{ width: `${share * 100}%`, background: bucket.color }} />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr className="font-semibold">
          <th scope="row" className="py-1.5 text-left">Open balance</th>
          <td className="py-1.5 text-right tabular-nums" data-testid="aging-total">{formatMoney(openCents)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

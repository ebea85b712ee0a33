import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RiskBadge } from "@/components/ui/risk-badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDate, formatInteger, formatMoneyWhole, formatTimestamp } from "@/lib/format";
import { formatProbability } from "@/lib/risk-model/scoring";
import { getRunAccountScores, getScoreRun } from "@/lib/queries/risk-model";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const paramsSchema = z.object({ runId: z.coerce.number().int().positive() });
const searchSchema = z.object({ page: z.coerce.number().int().positive().catch(1).default(1) });

type Props = {
  params: Promise<{ runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** A stored ranking, exactly as the model scored it then. */
export default async function ScoreRunPage(props: Props) {
  const parsed = paramsSchema.safeParse(await props.params);
  if (!parsed.success) notFound();
  const run = getScoreRun(parsed.data.runId);
  if (!run) notFound();
  const rawPage = (await props.searchParams).page;
  const { page } = searchSchema.parse({ page: Array.isArray(rawPage) ? rawPage[0] : rawPage });
  const scores = getRunAccountScores(run.runId);
  const pages = Math.max(1, Math.ceil(scores.length / PAGE_SIZE));
  const shown = scores.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);
  return (
    <>
      <PageHeader
        title={`Ranking as of ${formatDate(run.asOf)}`}
        description={`Stored ${formatTimestamp(run.scoredAt)} by model v${run.versionId} on data ${run.dataVersion === null ? "—" : `#${run.dataVersion}`}: ${formatInteger(run.accounts)} accounts with ${formatInteger(run.invoices)} open invoices, ranked by expected late amount.`}
        actions={
          <Link href="/model" className="text-sm font-medium text-blue-700 underline-offset-2 hover:underline">
            Back to the model
          </Link>
        }
      />
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="stored-ranking">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600">
                <th scope="col" className="py-2 pr-3 text-right font-medium">#</th>
                <th scope="col" className="py-2 pr-3 font-medium">Account</th>
                <th scope="col" className="py-2 pr-3 font-medium">Risk</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Expected late</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Open</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Overdue</th>
                <th scope="col" className="py-2 font-medium">Why</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.accountId} className="border-b border-slate-100 align-top">
                  <td className="py-1.5 pr-3 text-right tabular-nums text-slate-600">{s.rank}</td>
                  <td className="py-1.5 pr-3">
                    <Link href={`/accounts/${s.accountId}?asOf=${run.asOf}`} className="text-blue-700 underline-offset-2 hover:underline">
                      {s.companyName ?? `Account ${s.accountId}`}
                    </Link>
                    <div className="text-xs text-slate-600">Account {s.accountId}</div>
                  </td>
                  <td className="py-1.5 pr-3 whitespace-nowrap">
                    <RiskBadge band={s.band} /> <span className="tabular-nums">{formatProbability(s.probability)}</span>
                  </td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{formatMoneyWhole(s.expectedLateCents)}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{formatMoneyWhole(s.openCents)}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{formatMoneyWhole(s.overdueCents)}</td>
                  <td className="py-1.5">
                    <ul className="space-y-0.5 text-xs text-slate-700">
                      {s.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {pages > 1 ? (
          <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
            {page > 1 ? <Link href={`?page=${page - 1}`} className="text-blue-700 underline-offset-2 hover:underline">Previous</Link> : null}
            <span className="text-slate-600">
              Page {Math.min(page, pages)} of {pages}
            </span>
            {page < pages ? <Link href={`?page=${page + 1}`} className="text-blue-700 underline-offset-2 hover:underline">Next</Link> : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { StoredRankingTable } from "@/components/model/stored-ranking-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDate, formatInteger, formatTimestamp } from "@/lib/format";
import { getRunAccountScores, getScoreRun } from "@/lib/queries/risk-model";
import { parseId } from "@/lib/route-params";
import { requireRole } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const searchSchema = z.object({ page: z.coerce.number().int().positive().catch(1).default(1) });

type Props = {
  params: Promise<{ runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** A stored ranking, exactly as the model scored it then. */
export default async function ScoreRunPage(props: Props) {
  await requireRole("manager");
  const runId = parseId((await props.params).runId);
  if (runId === null) notFound();
  const run = getScoreRun(runId);
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
        <StoredRankingTable scores={shown} asOf={run.asOf} />
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

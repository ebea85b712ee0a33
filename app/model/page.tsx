import Link from "next/link";
import { Suspense } from "react";
import { BacktestTable } from "@/components/model/backtest-table";
import { FeatureWeights } from "@/components/model/feature-weights";
import { MetricsTable } from "@/components/model/metrics-table";
import { CalibrationChart, FlagOutcomeChart } from "@/components/model/model-charts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ChartSkeleton, StatsSkeleton } from "@/components/ui/skeleton";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatDate, formatInteger, formatTimestamp } from "@/lib/format";
import { BAND_THRESHOLDS, NOT_DUE_BAND_THRESHOLDS } from "@/lib/risk-model/scoring";
import { getActiveModelVersion, getBacktestMonths, getModelVersions, getScoreRuns, type ModelVersion, type ModelVersionSummary } from "@/lib/queries/risk-model";
import { requireRole } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

export default async function ModelPage() {
  await requireRole("manager");
  return (
    <>
      <PageHeader
        title="Late-payment model"
        description="How the outreach ranking is made: the model now in use, how it did on invoices it never saw, and how its past flags turned out."
      />
      <Suspense fallback={<ModelSkeleton />}>
        <ModelContent />
      </Suspense>
    </>
  );
}

function ModelSkeleton() {
  return (
    <div className="space-y-4">
      <StatsSkeleton count={4} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartSkeleton />
        <ChartSkeleton />
      </div>
    </div>
  );
}

async function ModelContent() {
  const version = getActiveModelVersion();
  if (!version) {
    return (
      <EmptyState title="No model trained yet">
        Every import trains one once there are enough invoices with a known outcome; or run <code>npm run model -- train</code>.
      </EmptyState>
    );
  }
  const versions = getModelVersions();
  const e = version.evaluation;
  const months = getBacktestMonths(version.versionId);
  const runs = getScoreRuns();
  return (
    <div className="space-y-4" data-testid="model-page">
      <StatGrid>
        <Stat label="Active version" value={`v${version.versionId}`} hint={`trained ${formatTimestamp(version.trainedAt)}`} />
        <Stat
          label="Training window"
          value={`${formatDate(version.trainFrom)} – ${formatDate(version.trainTo)}`}
          hint={`${formatInteger(version.trainRows)} invoices with a known outcome`}
        />
        <Stat label="Data" value={`to ${formatDate(version.dataCutoff)}`} hint={version.dataVersion === null ? undefined : `import #${version.dataVersion}`} />
        <Stat label="ROC AUC on the holdout" value={e.model.auc.toFixed(3)} hint={`prior-late-rate baseline ${e.baselines.prior_rate.auc.toFixed(3)}`} />
      </StatGrid>

      <Card title="How to read the outreach list's risk column">
        <div className="space-y-2 text-sm text-slate-700" data-testid="risk-column-help">
          <p>
            Money 30 days or more past its invoice date and still unpaid is late already: the chance that it ends up late is 100%, for every
            account that has any. So the column shows what does tell accounts apart: the share of the money <em>not yet due</em> that the
            model expects to be paid late, beside that amount. Each invoice not yet due counts with its own chance, from what was known when it
            was issued, raised the longer it stays unpaid (on-time payers mostly pay 25 to 30 days after issue).
          </p>
          <p>
            High is {Math.round(NOT_DUE_BAND_THRESHOLDS.high * 100)}% or more of it, low under {Math.round(NOT_DUE_BAND_THRESHOLDS.medium * 100)}%;
            about 15% of all invoices are paid late. &ldquo;All overdue&rdquo; means nothing open is still inside its terms.
          </p>
          <p>
            The list is ranked by the expected late amount: the overdue money plus each not-yet-due invoice&rsquo;s chance times its amount.
          </p>
        </div>
      </Card>

      <ModelVersions versions={versions} activeId={version.versionId} />

      <Card
        title="Holdout test"
        description={`Fitted on ${formatInteger(e.train.rows)} invoices issued ${formatDate(e.train.from)} – ${formatDate(e.train.to)}, whose outcome was known by ${formatDate(e.cutoff)}; tested on ${formatInteger(e.test.rows)} invoices issued after that, ${formatDate(e.test.from)} – ${formatDate(e.test.to)}. The baselines were fitted and tested on the same invoices.`}
      >
        <MetricsTable evaluation={e} />
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Calibration" description="Holdout invoices in ten bins of predicted probability: the predicted and the observed share paid late. Close to the diagonal means the percentages can be taken at face value.">
          <CalibrationChart bins={e.model.calibration} />
        </Card>
        <Card title="Feature weights" description="Change in the log-odds of paying late for one standard deviation more of each input. Red raises the risk, green lowers it.">
          <FeatureWeights model={version.model} />
        </Card>
      </div>

      <Card
        title="How past flags turned out"
        description={`At each month end a model fitted only on what was known then ranked the accounts with open invoices. High means a ${Math.round(BAND_THRESHOLDS.high * 100)}% or greater chance that at least one open invoice ends up late, low under ${Math.round(BAND_THRESHOLDS.medium * 100)}%. "Paid late" counts accounts with at least one of those invoices paid after its 30-day terms (or not at all). Invoices already overdue at the month end are late by definition, so the "not yet overdue" columns show the flags that looked ahead.`}
      >
        {months.length === 0 ? (
          <EmptyState title="Not enough history for a backtest yet" />
        ) : (
          <div className="space-y-4">
            <FlagOutcomeChart months={months} />
            <BacktestTable months={months} />
          </div>
        )}
      </Card>

      <StoredRankings version={version} runs={runs} />
    </div>
  );
}

/**
 * Every version with its promotion decision, newest first: a new version serves only when it
 * is not worse than the active one on the same holdout.
 */
function ModelVersions({ versions, activeId }: { versions: ModelVersionSummary[]; activeId: number }) {
  return (
    <Card
      title="Versions"
      description="Each import trains a new version. It takes over only when it scores no worse than the active version on the same holdout invoices, none of which either version learnt from."
    >
      <ul className="divide-y divide-slate-100 text-sm" data-testid="model-versions">
        {versions.slice(0, 10).map((v) => (
          <li key={v.versionId} className="flex flex-col gap-1 py-2">
            <span className="flex flex-wrap items-baseline gap-x-3">
              <span className="font-semibold text-slate-900">v{v.versionId}</span>
              <span
                className={
                  v.versionId === activeId
                    ? "rounded bg-emerald-100 px-1.5 text-xs font-medium text-emerald-900"
                    : v.promotedAt
                      ? "rounded bg-slate-100 px-1.5 text-xs font-medium text-slate-700"
                      : "rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900"
                }
              >
                {v.versionId === activeId ? "active" : v.promotedAt ? "retired" : "not promoted"}
              </span>
              <span className="text-slate-600">
                trained {formatTimestamp(v.trainedAt)} · data to {formatDate(v.dataCutoff)}
                {v.dataVersion === null ? "" : ` (import #${v.dataVersion})`} · holdout AUC {v.auc.toFixed(3)}
              </span>
            </span>
            {v.promotion ? <span className="text-slate-700">{v.promotion.reason}</span> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function StoredRankings({ version, runs }: { version: ModelVersion; runs: ReturnType<typeof getScoreRuns> }) {
  return (
    <Card title="Stored rankings" description="Each import stores the ranking at its data's as-of date, with its model version and data version; it opens exactly as it was. Other dates are ranked live by the active version.">
      {runs.length === 0 ? (
        <EmptyState title="No rankings stored yet" />
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="stored-rankings">
          {runs.map((run) => (
            <li key={run.runId} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
              <Link href={`/model/runs/${run.runId}`} className="font-medium text-blue-700 underline-offset-2 hover:underline">
                As of {formatDate(run.asOf)}
              </Link>
              <span className="text-slate-600">
                model v{run.versionId}
                {run.versionId === version.versionId ? " (active)" : ""} · data {run.dataVersion === null ? "—" : `#${run.dataVersion}`} ·{" "}
                {formatInteger(run.accounts)} accounts · scored {formatTimestamp(run.scoredAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

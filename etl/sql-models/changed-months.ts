import type Database from "better-sqlite3";

/*
 * A change batch moves mart_receivables_monthly only from some month on, because every figure in
 * a month's row is about invoices issued, paid or open by that month's end. On a scale-100
 * database, rebuilding that mart whole was 3 of the 3.15 s a batch of one payment took; from the
 * payment's month, the batch takes 0.5 s (docs/performance.md, "Change batches").
 *
 * The first moved month comes from comparing what the mart reads of the accounts in scope, before
 * and after the batch's rebuild:
 * - an invoice added, removed, moved to another account, re-dated or re-totalled moves every
 *   month from the earlier of its two issue dates;
 * - an invoice whose payment date alone changed moves the months from the earlier of its two
 *   payment dates (an unpaid invoice's counts as never): before it, the invoice was open either
 *   way, and the account's payment history was the same;
 * - a moved data cut-off moves the old last month, whose snapshot was taken at the old cut-off;
 * - an account that changed region, or a region that appeared or went, moves every month.
 */

/** Rebuild every month. */
export const ALL_MONTHS = "0000-00";

/** Call once the build scope is set and before any model rebuilds. */
export function rememberMonthlyInputs(sqlite: Database.Database): void {
  sqlite.exec(`
    drop table if exists temp.monthly_invoices_before;
    drop table if exists temp.monthly_regions_before;
    drop table if exists temp.monthly_region_set_before;
    create temp table monthly_invoices_before (
      invoice_id integer primary key, account_id integer, date_issued text, payment_date text, total_cents integer
    );
    insert into temp.monthly_invoices_before
      select invoice_id, account_id, date_issued, payment_date, total_cents
      from mart_invoices where account_id in (select account_id from temp.build_scope);
    create temp table monthly_regions_before as
      select account_id, region from mart_accounts where account_id in (select account_id from temp.build_scope);
    create temp table monthly_region_set_before as select distinct region from mart_accounts;
  `);
}

/**
 * The first month ('YYYY-MM') the batch moved, ALL_MONTHS, or null when it moved none. Call
 * after the models the monthly mart reads have been rebuilt for the scope.
 */
export function firstChangedMonth(sqlite: Database.Database, previousCutoff: string | null, cutoff: string | null): string | null {
  if (previousCutoff === null || cutoff === null) return ALL_MONTHS;
  const regionsMoved = sqlite
    .prepare(
      `select exists (
         select 1 from temp.monthly_regions_before as b
         join mart_accounts as a on a.account_id = b.account_id
         where a.region is not b.region
       ) or exists (
         select region from temp.monthly_region_set_before
         except select distinct region from mart_accounts
       ) or exists (
         select distinct region from mart_accounts
         except select region from temp.monthly_region_set_before
       )`,
    )
    .pluck()
    .get();
  if (regionsMoved) return ALL_MONTHS;
  // Two joins on invoice_id rather than one full join: SQLite ran the full join as a scan of
  // one side per row of the other.
  const firstChangedDate = sqlite
    .prepare(
      `select min(since) from (
         select
           case
             when a.invoice_id is null then b.date_issued
             when a.account_id is not b.account_id or a.date_issued is not b.date_issued or a.total_cents is not b.total_cents
               then min(a.date_issued, b.date_issued)
             when a.payment_date is not b.payment_date
               then min(coalesce(a.payment_date, '9999-12-31'), coalesce(b.payment_date, '9999-12-31'))
           end as since
         from temp.monthly_invoices_before as b
         left join mart_invoices as a on a.invoice_id = b.invoice_id
         union all
         select a.date_issued
         from mart_invoices as a
         where a.account_id in (select account_id from temp.build_scope)
           and a.invoice_id not in (select invoice_id from temp.monthly_invoices_before)
       )`,
    )
    .pluck()
    .get() as string | null;
  const dates = [firstChangedDate, previousCutoff !== cutoff ? previousCutoff : null, previousCutoff !== cutoff ? cutoff : null];
  const first = dates.filter((d): d is string => d !== null).sort()[0];
  return first === undefined ? null : first.slice(0, 7);
}

import type Database from "better-sqlite3";
import { fileKinds, type FileKind } from "../../../lib/imports/file-specs";
import type { RowRejectAt, ValidRow } from "../../import/extract/read-extract";
import type { AccountRow, InvoiceRow, LineItemRow, RowOf, RowProblem, SkuRow } from "../../import/extract/row-schemas";

/*
 * Writes validated rows into staging one at a time, judging the rules that need other rows as it
 * goes: a key seen twice in one import, an invoice whose account is unknown, a line whose invoice
 * or SKU is unknown or whose invoice was rejected. Files load in dependency order (accounts, skus,
 * invoices, lines), so every parent a row can point to is already in staging when the row arrives.
 *
 * The file import and the change-event consumer both load through this class, inside a
 * transaction their caller owns: a refused import is rolled back whole.
 */

export type LoaderOptions = {
  importId: number;
  /** Kinds this import replaces: their existing staging rows stop counting as known parents. */
  replaceKinds?: ReadonlySet<FileKind>;
  /**
   * A change batch: its caller keeps one change per key, and many batches may load under one
   * import, so a row the import wrote before is updated again rather than reported as a duplicate.
   */
  isChangeBatch?: boolean;
};


export function sortByDependency<T extends { kind: FileKind }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => fileKinds.indexOf(a.kind) - fileKinds.indexOf(b.kind));
}

/** Rows per multi-row insert: large enough to amortise the call, small enough to redo cheaply. */
const batchSize = 50;

export class StagingLoader {
  private readonly rejectedInvoices = new Map<number, number>();
  /** The catalogue's current prices by item_id, read once lines start; dropped when a SKU loads. */
  private prices: Map<string, readonly [retailCents: number, costCents: number]> | undefined;
  private readonly replaced: ReadonlySet<FileKind>;
  private readonly statements;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly options: LoaderOptions,
  ) {
    this.replaced = options.replaceKinds ?? new Set();
    // In a replace, an old row only counts once this import has loaded it again.
    const current = (kind: FileKind, alias: string) => (this.replaced.has(kind) ? ` and ${alias}.import_id = ${options.importId}` : "");
    // Upserts skip rows this import already wrote: the conflict then reports a duplicate key.
    const unlessThisImport = (table: string) => (options.isChangeBatch ? "" : `where ${table}.import_id is not excluded.import_id`);
    const invoiceUpsert = `on conflict (invoice_id) do update set
          account_id = excluded.account_id, date_issued = excluded.date_issued, payment_date = excluded.payment_date,
          import_id = excluded.import_id, source_line = excluded.source_line
        ${unlessThisImport("stg_invoices")}`;
    const lineUpsert = `on conflict (invoice_id, item_id) do update set
          quantity = excluded.quantity, import_id = excluded.import_id, source_line = excluded.source_line
        ${unlessThisImport("stg_invoice_line_items")}`;
    this.statements = {
      accounts: sqlite.prepare(`
        insert into stg_accounts (account_id, company_name, company_address, contact_person, contact_phone, gender, joining_date, import_id, source_line)
        values (?, ?, ?, ?, ?, ?, ?, ${options.importId}, ?)
        on conflict (account_id) do update set
          company_name = excluded.company_name, company_address = excluded.company_address,
          contact_person = excluded.contact_person, contact_phone = excluded.contact_phone, gender = excluded.gender,
          joining_date = excluded.joining_date, import_id = excluded.import_id, source_line = excluded.source_line
        ${unlessThisImport("stg_accounts")}`),
      skus: sqlite.prepare(`
        insert into stg_skus (item_id, item_name, item_description, item_cost_price_cents, item_retail_price_cents, import_id, source_line)
        values (?, ?, ?, ?, ?, ${options.importId}, ?)
        on conflict (item_id) do update set
          item_name = excluded.item_name, item_description = excluded.item_description,
          item_cost_price_cents = excluded.item_cost_price_cents, item_retail_price_cents = excluded.item_retail_price_cents,
          import_id = excluded.import_id, source_line = excluded.source_line
        ${unlessThisImport("stg_skus")}`),
      invoices: sqlite.prepare(`
        insert into stg_invoices (invoice_id, account_id, date_issued, payment_date, import_id, source_line)
        select ?, ?, ?, ?, ${options.importId}, ?
        where exists (select 1 from stg_accounts a where a.account_id = ?${current("accounts", "a")})
        ${invoiceUpsert}`),
      // Prices come from the catalogue on first insert only; a reload changes the quantity, never the price.
      lines: sqlite.prepare(`
        insert into stg_invoice_line_items (invoice_id, item_id, quantity, unit_price_cents, unit_cost_cents, import_id, source_line)
        select ?, s.item_id, ?, s.item_retail_price_cents, s.item_cost_price_cents, ${options.importId}, ?
        from stg_skus s
        where s.item_id = ?${current("skus", "s")}
          and exists (select 1 from stg_invoices i where i.invoice_id = ?${current("invoices", "i")})
        ${lineUpsert}`),
      invoiceBatch: sqlite.prepare(`
        insert into stg_invoices (invoice_id, account_id, date_issued, payment_date, import_id, source_line)
        select v.column1, v.column2, v.column3, v.column4, ${options.importId}, v.column5
        from (values ${Array.from({ length: batchSize }, () => "(?, ?, ?, ?, ?)").join(", ")}) as v
        where exists (select 1 from stg_accounts a where a.account_id = v.column2${current("accounts", "a")})
        ${invoiceUpsert}`),
      // Prices arrive with the rows, from skuPrices(): a join per row cost 2 of 7 s at scale 100.
      lineBatch: sqlite.prepare(`
        insert into stg_invoice_line_items (invoice_id, item_id, quantity, unit_price_cents, unit_cost_cents, import_id, source_line)
        select v.column1, v.column2, v.column3, v.column4, v.column5, ${options.importId}, v.column6
        from (values ${Array.from({ length: batchSize }, () => "(?, ?, ?, ?, ?, ?)").join(", ")}) as v
        where exists (select 1 from stg_invoices i where i.invoice_id = v.column1${current("invoices", "i")})
        ${lineUpsert}`),
      skuPrices: sqlite.prepare(`select item_id, item_retail_price_cents, item_cost_price_cents from stg_skus s where true${current("skus", "s")}`).raw(),
      knownAccount: sqlite.prepare(`select 1 from stg_accounts a where a.account_id = ?${current("accounts", "a")}`).pluck(),
      knownSku: sqlite.prepare(`select 1 from stg_skus s where s.item_id = ?${current("skus", "s")}`).pluck(),
      knownInvoice: sqlite.prepare(`select 1 from stg_invoices i where i.invoice_id = ?${current("invoices", "i")}`).pluck(),
      currentLine: {
        invoices: sqlite.prepare(`select source_line from stg_invoices where invoice_id = ? and import_id = ${options.importId}`).pluck(),
        invoice_line_items: sqlite
          .prepare(`select source_line from stg_invoice_line_items where invoice_id = ? and item_id = ? and import_id = ${options.importId}`)
          .pluck(),
      },
      firstLine: {
        accounts: sqlite.prepare(`select source_line from stg_accounts where account_id = ?`).pluck(),
        skus: sqlite.prepare(`select source_line from stg_skus where item_id = ?`).pluck(),
        invoices: sqlite.prepare(`select source_line from stg_invoices where invoice_id = ?`).pluck(),
        invoice_line_items: sqlite.prepare(`select source_line from stg_invoice_line_items where invoice_id = ? and item_id = ?`).pluck(),
      },
    };
  }

  /** Loads one row; returns why it was rejected, or null when it was stored. */
  load<K extends FileKind>(kind: K, line: number, row: RowOf<K>): RowProblem | null {
    switch (kind) {
      case "accounts":
        return this.loadAccount(line, row as AccountRow);
      case "skus":
        return this.loadSku(line, row as SkuRow);
      case "invoices":
        return this.loadInvoice(line, row as InvoiceRow);
      default:
        return this.loadLineItem(line, row as LineItemRow);
    }
  }

  /**
   * Loads many rows of one kind, returning the rejected ones. Invoices and lines, the large
   * files, go in multi-row inserts. When a batch stores fewer rows than it was given, the rows
   * missing under this import and their own line are found and explained one by one, so every
   * reject still gets its own reason without undoing the batch.
   */
  loadMany<K extends FileKind>(kind: K, rows: readonly ValidRow<K>[]): RowRejectAt[] {
    const rejects: RowRejectAt[] = [];
    const loadOne = ({ line, row }: ValidRow<K>) => {
      const problem = this.load(kind, line, row);
      if (problem) rejects.push({ line, ...problem });
    };
    const batch = kind === "invoices" ? this.statements.invoiceBatch : kind === "invoice_line_items" ? this.statements.lineBatch : undefined;
    let start = 0;
    if (batch) {
      const params: unknown[] = [];
      for (; start + batchSize <= rows.length; start += batchSize) {
        const slice = rows.slice(start, start + batchSize);
        params.length = 0;
        let hasKnownReject = false;
        for (const { line, row } of slice) {
          if (kind === "invoices") {
            const r = row as InvoiceRow;
            params.push(r.invoiceId, r.accountId, r.dateIssued, r.paymentDate, line);
          } else {
            const r = row as LineItemRow;
            const price = this.skuPrices().get(r.itemId);
            // An unknown SKU or a rejected invoice: the per-row path gives each row its reason.
            hasKnownReject ||= price === undefined || this.rejectedInvoices.has(r.invoiceId);
            params.push(r.invoiceId, r.itemId, r.quantity, price?.[0], price?.[1], line);
          }
        }
        if (hasKnownReject) {
          slice.forEach(loadOne);
          continue;
        }
        if (batch.run(params).changes !== batchSize) {
          // Rows this batch stored carry its line; the others failed and get their reason.
          for (const item of slice) {
            if (this.storedLine(kind, item.row) !== item.line) rejects.push({ line: item.line, ...this.explainFailure(kind, item.line, item.row) });
          }
        }
      }
    }
    rows.slice(start).forEach(loadOne);
    return rejects;
  }

  private skuPrices(): NonNullable<StagingLoader["prices"]> {
    this.prices ??= new Map((this.statements.skuPrices.all() as [string, number, number][]).map(([id, retail, cost]) => [id, [retail, cost]]));
    return this.prices;
  }

  private storedLine<K extends FileKind>(kind: K, row: RowOf<K>): number | undefined {
    const stmt = this.statements.currentLine[kind as "invoices" | "invoice_line_items"];
    const key = kind === "invoices" ? [(row as InvoiceRow).invoiceId] : [(row as LineItemRow).invoiceId, (row as LineItemRow).itemId];
    return stmt.get(...key) as number | undefined;
  }

  /** Why an invoice or line was not stored, checked in the order the per-row path checks. */
  private explainFailure<K extends FileKind>(kind: K, line: number, row: RowOf<K>): RowProblem {
    if (kind === "invoices") {
      const r = row as InvoiceRow;
      if (this.statements.knownAccount.get(r.accountId) === undefined) {
        this.noteRejectedInvoice(r.invoiceId, line);
        return { column: "account_id", value: String(r.accountId), reason: `unknown account ${r.accountId}` };
      }
      return this.duplicate("invoices", "invoice_id", String(r.invoiceId), r.invoiceId);
    }
    const r = row as LineItemRow;
    if (this.statements.knownInvoice.get(r.invoiceId) === undefined) {
      return { column: "invoice_id", value: String(r.invoiceId), reason: `unknown invoice ${r.invoiceId}` };
    }
    if (this.statements.knownSku.get(r.itemId) === undefined) return { column: "item_id", value: r.itemId, reason: `unknown SKU ${r.itemId}` };
    return this.duplicate("invoice_line_items", "invoice_id+item_id", `${r.invoiceId}+${r.itemId}`, r.invoiceId, r.itemId);
  }

  /** An invoice row rejected before it reached the loader still takes its lines down with it. */
  noteRejectedInvoice(invoiceId: number, line: number): void {
    if (!this.rejectedInvoices.has(invoiceId)) this.rejectedInvoices.set(invoiceId, line);
  }

  private duplicate(kind: FileKind, column: string, value: string, ...key: (number | string)[]): RowProblem {
    const first = this.statements.firstLine[kind].get(...key) as number | null;
    return { column, value, reason: `duplicate key: first seen on line ${first}` };
  }

  private loadAccount(line: number, r: AccountRow): RowProblem | null {
    const { changes } = this.statements.accounts.run(r.accountId, r.companyName, r.companyAddress, r.contactPerson, r.contactPhone, r.gender, r.joiningDate, line);
    return changes === 1 ? null : this.duplicate("accounts", "account_id", String(r.accountId), r.accountId);
  }

  private loadSku(line: number, r: SkuRow): RowProblem | null {
    this.prices = undefined;
    const { changes } = this.statements.skus.run(r.itemId, r.itemName, r.itemDescription, r.itemCostPriceCents, r.itemRetailPriceCents, line);
    return changes === 1 ? null : this.duplicate("skus", "item_id", r.itemId, r.itemId);
  }

  private loadInvoice(line: number, r: InvoiceRow): RowProblem | null {
    const { changes } = this.statements.invoices.run(r.invoiceId, r.accountId, r.dateIssued, r.paymentDate, line, r.accountId);
    return changes === 1 ? null : this.explainFailure("invoices", line, r);
  }

  private loadLineItem(line: number, r: LineItemRow): RowProblem | null {
    const rejectedAt = this.rejectedInvoices.get(r.invoiceId);
    if (rejectedAt !== undefined) {
      return { column: "invoice_id", value: String(r.invoiceId), reason: `its invoice ${r.invoiceId} was rejected (invoices.csv line ${rejectedAt})` };
    }
    const { changes } = this.statements.lines.run(r.invoiceId, r.quantity, line, r.itemId, r.invoiceId);
    return changes === 1 ? null : this.explainFailure("invoice_line_items", line, r);
  }

  /**
   * Ends a replace: rows of a replaced kind that this import did not load are gone from the
   * snapshot, and so is whatever hung from them. Returns how many rows each kind lost.
   */
  removeRowsMissingFromSnapshot(): Record<FileKind, number> {
    const removed: Record<FileKind, number> = { accounts: 0, skus: 0, invoices: 0, invoice_line_items: 0 };
    const tables: Record<FileKind, string> = {
      accounts: "stg_accounts",
      skus: "stg_skus",
      invoices: "stg_invoices",
      invoice_line_items: "stg_invoice_line_items",
    };
    for (const kind of this.replaced) {
      removed[kind] += this.sqlite.prepare(`delete from ${tables[kind]} where import_id is not ?`).run(this.options.importId).changes;
    }
    if (this.replaced.size > 0) {
      removed.invoices += this.sqlite.prepare(`delete from stg_invoices where account_id not in (select account_id from stg_accounts)`).run().changes;
      removed.invoice_line_items += this.sqlite
        .prepare(`delete from stg_invoice_line_items where invoice_id not in (select invoice_id from stg_invoices)`)
        .run().changes;
    }
    return removed;
  }
}

/*
 * Hand-made events in the shape Debezium's MySQL connector (2.x/3.x, JSON converter) produces,
 * for the consumer's tests: a bare envelope (schemas.enable=false), the {schema, payload}
 * wrapper, transaction markers and a schema-change event.
 */

export type Image = Record<string, unknown> | null;

export type EventAt = { file?: string; pos: number; row?: number; tsMs?: number; snapshot?: "true" | "first" | "last" | "false" };

const baseTs = 1_720_000_000_000;

function source(table: string, at: EventAt) {
  const tsMs = at.tsMs ?? baseTs + at.pos;
  return {
    version: "3.0.7.Final",
    connector: "mysql",
    name: "erp",
    ts_ms: tsMs,
    ts_us: tsMs * 1000,
    // Past 2^53: JSON.parse rounds it, which is why the consumer never reads it.
    ts_ns: tsMs * 1_000_000 + 123_456,
    snapshot: at.snapshot ?? "false",
    db: "erp",
    sequence: null,
    table,
    server_id: 223344,
    gtid: null,
    file: at.file ?? "mysql-bin.000003",
    pos: at.pos,
    row: at.row ?? 0,
    thread: at.snapshot && at.snapshot !== "false" ? null : 17,
    query: null,
  };
}

/** A bare change envelope, as sent with schemas.enable=false. */
export function bareEvent(table: string, op: "c" | "u" | "d" | "r" | "t", before: Image, after: Image, at: EventAt, envelopeTsMs?: number) {
  const tsMs = envelopeTsMs ?? (at.tsMs ?? baseTs + at.pos) + 40;
  return { before, after, source: source(table, at), transaction: null, op, ts_ms: tsMs, ts_us: tsMs * 1000, ts_ns: tsMs * 1_000_000 };
}

const int32 = (field: string, optional = false) => ({ type: "int32", optional, field });
const str = (field: string, optional = true) => ({ type: "string", optional, field });
const date = (field: string, optional = false) => ({ type: "int32", optional, name: "io.debezium.time.Date", version: 1, field });
const decimal = (field: string) => ({
  type: "bytes",
  optional: false,
  name: "org.apache.kafka.connect.data.Decimal",
  version: 1,
  parameters: { scale: "2", "connect.decimal.precision": "10" },
  field,
});

const columns: Record<string, object[]> = {
  accounts: [int32("account_id"), str("company_name", false), str("company_address"), str("contact_person"), str("contact_phone"), str("gender"), date("joining_date")],
  skus: [str("item_id", false), str("item_name", false), str("item_description"), decimal("item_cost_price"), decimal("item_retail_price")],
  invoices: [int32("invoice_id"), int32("account_id"), date("date_issued"), str("payment_dates")],
  invoice_line_items: [int32("invoice_id"), str("item_id", false), int32("quantity")],
};

/** The {schema, payload} wrapper of the JSON converter's default schemas.enable=true. */
export function wrappedEvent(table: string, op: "c" | "u" | "d" | "r", before: Image, after: Image, at: EventAt, envelopeTsMs?: number) {
  const value = (image: "before" | "after") => ({ type: "struct", fields: columns[table], optional: true, name: `erp.erp.${table}.Value`, field: image });
  return {
    schema: {
      type: "struct",
      fields: [
        value("before"),
        value("after"),
        {
          type: "struct",
          fields: [str("version", false), str("connector", false), str("name", false), { type: "int64", optional: false, field: "ts_ms" }, str("table"), str("file", false), { type: "int64", optional: false, field: "pos" }, int32("row")],
          optional: false,
          name: "io.debezium.connector.mysql.Source",
          field: "source",
        },
        str("op", false),
        { type: "int64", optional: true, field: "ts_ms" },
      ],
      optional: false,
      name: `erp.erp.${table}.Envelope`,
      version: 2,
    },
    payload: bareEvent(table, op, before, after, at, envelopeTsMs),
  };
}

/** Debezium's transaction metadata markers (provide.transaction.metadata=true). */
export function transactionMarker(status: "BEGIN" | "END", pos: number) {
  return { status, id: `file=mysql-bin.000003,pos=${pos}`, ts_ms: baseTs + pos, event_count: status === "END" ? 2 : null, data_collections: status === "END" ? [{ data_collection: "erp.invoices", event_count: 2 }] : null };
}

/** A schema-change event from the connector's schema topic. */
export function schemaChange(pos: number) {
  return {
    source: source("invoices", { pos }),
    ts_ms: baseTs + pos,
    databaseName: "erp",
    schemaName: null,
    ddl: "ALTER TABLE invoices ADD COLUMN note VARCHAR(200) NULL",
    tableChanges: [{ type: "ALTER", id: '"erp"."invoices"', table: { defaultCharsetName: "utf8mb4", primaryKeyColumnNames: ["invoice_id"], columns: [] } }],
  };
}

/** Days since 1970-01-01, as Debezium sends a MySQL DATE. */
export function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

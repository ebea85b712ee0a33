import { createHash } from "node:crypto";
import { z } from "zod";
import { fromDayNumber } from "../../lib/dates";
import { fileKinds, fileSpecs, type FileKind } from "../../lib/imports/file-specs";
import type { RowChange, RowKey } from "../changes/apply-changes";
import { describeRowProblem, rowSchemas } from "../import/extract/row-schemas";

/*
 * Debezium's MySQL connector output, decoded into the RowChange shapes applyChanges takes. Pure:
 * no database, so the HTTP route, the replay CLI and the tests decode alike. The row images go
 * through the same zod row schemas as a CSV line, after each column is turned into the string a
 * CSV would hold (DATE from days since 1970-01-01, DECIMAL from whichever
 * decimal.handling.mode the connector runs in).
 */

/** A MySQL binlog coordinate; `fileNumber` is the sequence number of `mysql-bin.000003`. */
export type SourcePosition = { binlogFile: string; fileNumber: number; pos: number; row: number };

export type DecodedChange = {
  outcome: "change";
  table: FileKind;
  op: "c" | "u" | "d" | "r";
  /** The primary key as JSON, the way cdc_positions keys a row. */
  rowKey: string;
  change: RowChange;
  position: SourcePosition;
  sourceTsMs: number | null;
  digest: string;
};

export type DecodedIgnored = { outcome: "ignored"; reason: string };

export type DecodedReject = {
  outcome: "rejected";
  reason: string;
  field: string | null;
  value: string | null;
  table: string | null;
  op: string | null;
  rowKey: string | null;
  position: SourcePosition | null;
  digest: string;
};

export type DecodedEvent = DecodedChange | DecodedIgnored | DecodedReject;

/** Compares binlog coordinates: the file's number first, because `pos` restarts in each file. */
export function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.fileNumber - b.fileNumber || a.pos - b.pos || a.row - b.row;
}

const dateColumns = new Set(["joining_date", "date_issued", "payment_dates"]);
const decimalColumns = new Set(["item_cost_price", "item_retail_price"]);
/** The price columns are DECIMAL(10,2): the scale when an event comes without its schema. */
const defaultDecimalScale = 2;

/** The latest time a JavaScript Date holds. */
const maxDateMs = 8_640_000_000_000_000;

const sourceSchema = z.object({
  table: z.string({ error: "source.table is missing" }),
  file: z.string({ error: "source.file (the binlog file) is missing" }),
  pos: z.number({ error: "source.pos is missing" }).int().nonnegative(),
  row: z.number().int().nonnegative().default(0),
  // Only the consumer's lag reads it, so a time no clock could show is dropped, not a reason to refuse the row.
  ts_ms: z.number().int().min(0).max(maxDateMs).nullish().catch(null),
});

const rowImage = z.record(z.string(), z.unknown()).nullish();

const envelopeSchema = z.object({
  op: z.enum(["c", "u", "d", "r", "t"], { error: (issue) => `op ${JSON.stringify(issue.input)} is not one of c, u, d, r, t` }),
  before: rowImage,
  after: rowImage,
  source: z.record(z.string(), z.unknown(), { error: "source is missing" }),
});

type ConnectField = { field?: unknown; fields?: unknown; name?: unknown; type?: unknown; parameters?: unknown };

/** A decoding problem, with the field it is about. */
class EventProblem extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
    readonly value: string | null = null,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Splits a request body or a JSON line into its events: Debezium Server 3.6 batches are arrays. */
export function eventsOf(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body];
}

/** The sequence number of a binlog file name: `mysql-bin.000003` is 3. */
export function binlogFileNumber(file: string): number | undefined {
  const m = /\.(\d+)$/.exec(file);
  return m ? Number(m[1]) : undefined;
}

/** The Connect schema of one column of the row image, when the event was sent with schemas. */
function columnSchema(schema: unknown, image: "before" | "after", column: string): ConnectField | undefined {
  if (!isRecord(schema) || !Array.isArray(schema.fields)) return undefined;
  const struct = (schema.fields as ConnectField[]).find((f) => isRecord(f) && f.field === image);
  if (!struct || !Array.isArray(struct.fields)) return undefined;
  return (struct.fields as ConnectField[]).find((f) => isRecord(f) && f.field === column);
}

/** The unscaled integer of precise mode: base64 of big-endian two's complement. */
export function decodePreciseDecimal(base64: string, scale: number): string | undefined {
  if (base64 === "" || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const bytes = Buffer.from(base64, "base64");
  let unscaled = BigInt(`0x${bytes.toString("hex")}`);
  if (bytes[0]! & 0x80) unscaled -= 1n << BigInt(bytes.length * 8);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function decimalText(value: unknown, field: ConnectField | undefined, column: string): string {
  const parameters = isRecord(field?.parameters) ? field.parameters : {};
  const scale = parameters.scale === undefined ? defaultDecimalScale : Number(parameters.scale);
  if (typeof value === "number") {
    const text = String(value);
    if (!Number.isFinite(value) || /e/i.test(text)) throw new EventProblem(`${column} ${text} is not a decimal amount`, column, text);
    return text;
  }
  if (typeof value !== "string") throw new EventProblem(`${column} must be a decimal (string, number or base64), not ${JSON.stringify(value)}`, column, JSON.stringify(value));
  // String mode keeps the column's scale ("7546.17"), so a value without a point is precise mode's base64.
  const isPrecise = field ? field.name === "org.apache.kafka.connect.data.Decimal" || field.type === "bytes" : !value.includes(".");
  if (!isPrecise) return value;
  if (!Number.isInteger(scale) || scale < 0) throw new EventProblem(`${column} has a schema scale of ${String(parameters.scale)}, not a whole number`, column, value);
  const text = decodePreciseDecimal(value, scale);
  if (text === undefined) throw new EventProblem(`${column} ${JSON.stringify(value)} is not a base64 decimal`, column, value);
  return text;
}

/** A column as the CSV would hold it: the row schemas then validate it as they validate a file. */
function columnText(value: unknown, column: string, field: ConnectField | undefined): string {
  if (value === null || value === undefined) return "";
  if (decimalColumns.has(column)) return decimalText(value, field, column);
  if (dateColumns.has(column) && typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < -719_162 || value > 2_932_896) throw new EventProblem(`${column} ${value} is not a day count since 1970-01-01`, column, String(value));
    return fromDayNumber(value);
  }
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw new EventProblem(`${column} ${JSON.stringify(value)} cannot be read as a ${column} value`, column, JSON.stringify(value));
}

function imageStrings(kind: FileKind, image: Record<string, unknown>, schema: unknown, imageName: "before" | "after"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of fileSpecs[kind].columns) {
    if (!(column in image)) throw new EventProblem(`${imageName}.${column} is missing`, column);
    out[column] = columnText(image[column], column, columnSchema(schema, imageName, column));
  }
  return out;
}

function keyOf(kind: FileKind, image: Record<string, unknown>, imageName: "before" | "after"): RowKey[FileKind] {
  const id = (column: string): number => {
    const value = image[column];
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (value === undefined || value === null) throw new EventProblem(`missing key: ${imageName}.${column}`, column);
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) throw new EventProblem(`${imageName}.${column} must be a positive whole number`, column, JSON.stringify(value));
    return n;
  };
  const text = (column: string): string => {
    const value = image[column];
    if (value === undefined || value === null || value === "") throw new EventProblem(`missing key: ${imageName}.${column}`, column);
    if (typeof value !== "string") throw new EventProblem(`${imageName}.${column} must be text`, column, JSON.stringify(value));
    return value;
  };
  switch (kind) {
    case "accounts":
      return id("account_id");
    case "skus":
      return text("item_id");
    case "invoices":
      return id("invoice_id");
    case "invoice_line_items":
      return [id("invoice_id"), text("item_id")] as const;
  }
}

/** Identifies an event by its position and row images; the envelope's timestamps change on redelivery, so they are left out. */
function digestOf(payload: unknown): string {
  const p = isRecord(payload) ? payload : {};
  const source = isRecord(p.source) ? p.source : {};
  return createHash("sha256")
    .update(JSON.stringify([source.table, source.file, source.pos, source.row, p.op, p.before ?? null, p.after ?? null]))
    .digest("hex");
}

/** Decodes one event value (wrapped in {schema, payload} or bare); never throws. */
export function decodeDebeziumEvent(value: unknown): DecodedEvent {
  if (value === null || value === undefined) return { outcome: "ignored", reason: "tombstone" };
  const isWrapped = isRecord(value) && "payload" in value && "schema" in value;
  const payload = isWrapped ? value.payload : value;
  const schema = isWrapped ? value.schema : undefined;
  if (payload === null || payload === undefined) return { outcome: "ignored", reason: "tombstone" };
  const digest = digestOf(payload);
  const reject = (reason: string, extra: Partial<Omit<DecodedReject, "outcome" | "reason" | "digest">> = {}): DecodedReject => ({
    outcome: "rejected",
    reason,
    field: null,
    value: null,
    table: null,
    op: null,
    rowKey: null,
    position: null,
    digest,
    ...extra,
  });
  if (!isRecord(payload)) return reject(`an event must be a JSON object, not ${Array.isArray(payload) ? "an array" : typeof payload}`);
  // Schema-change events and transaction BEGIN/END markers carry no op.
  if (!("op" in payload)) {
    return { outcome: "ignored", reason: "status" in payload ? `transaction ${String(payload.status)}` : "ddl" in payload ? "schema change" : "no op" };
  }

  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    return reject(issue.message, { field: issue.path.join(".") || null });
  }
  const { op, before, after } = envelope.data;
  const source = sourceSchema.safeParse(envelope.data.source);
  const table = typeof envelope.data.source.table === "string" ? envelope.data.source.table : null;
  if (!source.success) {
    const issue = source.error.issues[0]!;
    return reject(issue.message, { field: `source.${issue.path.join(".")}`, table, op });
  }
  const fileNumber = binlogFileNumber(source.data.file);
  if (fileNumber === undefined) {
    return reject(`source.file ${JSON.stringify(source.data.file)} has no binlog sequence number (like mysql-bin.000003)`, { field: "source.file", value: source.data.file, table, op });
  }
  const position: SourcePosition = { binlogFile: source.data.file, fileNumber, pos: source.data.pos, row: source.data.row };
  const at = { table, op, position };
  if (!(fileKinds as readonly string[]).includes(source.data.table)) {
    return reject(`unknown table ${source.data.table}: this consumer takes ${fileKinds.join(", ")}`, { ...at, field: "source.table", value: source.data.table });
  }
  const kind = source.data.table as FileKind;
  // Replaying a TRUNCATE would empty the table and everything hanging off it; a full snapshot
  // import (`npm run etl -- import --replace`) is the way to reload a table.
  if (op === "t") return reject(`truncate of ${kind} is not applied: reload the table with a full snapshot import instead`, at);

  const imageName = op === "d" ? "before" : "after";
  const image = op === "d" ? before : after;
  if (!image) return reject(`missing key: a ${op === "d" ? "delete" : "change"} needs its ${imageName} image`, { ...at, field: imageName });
  let key: RowKey[FileKind];
  try {
    key = keyOf(kind, image, imageName);
  } catch (error) {
    if (!(error instanceof EventProblem)) throw error;
    return reject(error.message, { ...at, field: error.field, value: error.value });
  }
  const rowKey = JSON.stringify(key);
  const common = { outcome: "change" as const, table: kind, op, rowKey, position, sourceTsMs: source.data.ts_ms ?? null, digest };
  if (op === "d") return { ...common, change: { kind, op: "delete", key } as RowChange };

  let raw: Record<string, string>;
  try {
    raw = imageStrings(kind, image, schema, imageName);
  } catch (error) {
    if (!(error instanceof EventProblem)) throw error;
    return reject(`undecodable value: ${error.message}`, { ...at, rowKey, field: error.field, value: error.value });
  }
  const parsed = rowSchemas[kind].safeParse(raw);
  if (!parsed.success) {
    const problem = describeRowProblem(parsed.error, raw);
    return reject(`failed validation: ${problem.column}: ${problem.reason}`, { ...at, rowKey, field: problem.column, value: problem.value });
  }
  return { ...common, change: { kind, op: "upsert", row: parsed.data } as RowChange };
}

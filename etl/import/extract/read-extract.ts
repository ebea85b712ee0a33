import { fileSpecs, type FileKind } from "../../../lib/imports/file-specs";
import { readCsvFile, StructuralError, type CsvFileInfo, type CsvRecord } from "./read-csv";
import { describeRowProblem, rowSchemas, type RowOf, type RowProblem } from "./row-schemas";
import { parseInteger } from "./values";

/*
 * One extract file, read and validated row by row: the part of an import that needs no
 * database, kept apart from loading so each can be tested and measured on its own.
 */

export type ExtractFile = { path: string; fileName: string; kind: FileKind };

export type ValidRow<K extends FileKind> = { line: number; row: RowOf<K> };

export type RowRejectAt = RowProblem & { line: number };

/** What one chunk of a file yields: rows for the loader, rows already rejected, and counts. */
export type ValidatedBatch<K extends FileKind> = {
  valid: ValidRow<K>[];
  rejects: RowRejectAt[];
  /** Invoices rejected here, by id and line, so their lines can be rejected with them. */
  rejectedInvoices: { invoiceId: number; line: number }[];
  rowsRead: number;
};

export type ExtractSummary = CsvFileInfo & {
  rowsRead: number;
  headerLength: number;
  /** The final record, when it had fewer fields than the header. */
  lastShort: { line: number; found: number } | undefined;
};

export type ExtractHandlers<K extends FileKind> = {
  /** Called for every chunk, in file order. May return a promise: reading then waits for it. */
  onBatch: (batch: ValidatedBatch<K>) => void | Promise<unknown>;
  onBytes?: (bytesRead: number, sizeBytes: number) => void;
};

/**
 * Reads and validates one extract. Structural problems throw a StructuralError naming the file
 * and line or column; row problems come back in each batch's rejects.
 */
export async function readExtractRows<K extends FileKind>(file: ExtractFile & { kind: K }, handlers: ExtractHandlers<K>): Promise<ExtractSummary> {
  const { fileName, kind } = file;
  const spec = fileSpecs[kind];
  const schema = rowSchemas[kind];
  let columnIndex: number[] = [];
  let headerLength = 0;
  let rowsRead = 0;
  let lastShort: ExtractSummary["lastShort"];
  let pendingErrors: RowRejectAt[] = [];

  const info = await readCsvFile(file.path, fileName, {
    onHeader(header) {
      const missing = spec.columns.filter((c) => !header.includes(c));
      if (missing.length > 0) {
        throw new StructuralError(fileName, `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, 1, missing[0]);
      }
      const duplicate = header.find((h, i) => header.indexOf(h) !== i);
      if (duplicate) throw new StructuralError(fileName, `column ${duplicate} appears twice in the header`, 1, duplicate);
      columnIndex = spec.columns.map((c) => header.indexOf(c));
      headerLength = header.length;
    },
    onRecords(records: CsvRecord[]) {
      // CSV syntax errors reported while papaparse read this chunk are rows of it too.
      const batch: ValidatedBatch<K> = { valid: [], rejects: pendingErrors, rejectedInvoices: [], rowsRead: pendingErrors.length };
      pendingErrors = [];
      for (const { line, fields } of records) {
        batch.rowsRead++;
        // Cleared by every later record, so only a short final record survives to the end.
        lastShort = fields.length < headerLength ? { line, found: fields.length } : undefined;
        if (fields.length !== headerLength) {
          const detail = fields.length < headerLength ? " (a cut-off or truncated line?)" : " (an unquoted comma?)";
          batch.rejects.push({ line, column: "", value: fields.join(","), reason: `expected ${headerLength} fields, found ${fields.length}${detail}` });
          continue;
        }
        const raw: Record<string, string> = {};
        for (let c = 0; c < spec.columns.length; c++) raw[spec.columns[c]!] = fields[columnIndex[c]!]!.trim();
        const parsed = schema.safeParse(raw);
        if (parsed.success) {
          batch.valid.push({ line, row: parsed.data as RowOf<K> });
          continue;
        }
        batch.rejects.push({ line, ...describeRowProblem(parsed.error, raw) });
        if (kind === "invoices") {
          const invoiceId = parseInteger(raw.invoice_id ?? "");
          if (invoiceId !== undefined) batch.rejectedInvoices.push({ invoiceId, line });
        }
      }
      rowsRead += batch.rowsRead;
      return handlers.onBatch(batch);
    },
    onRecordError(line, reason) {
      lastShort = undefined;
      pendingErrors.push({ line, column: "", value: "", reason });
    },
    onProgress: handlers.onBytes,
  });
  return { ...info, rowsRead, headerLength, lastShort };
}

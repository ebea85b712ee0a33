import { createHash } from "node:crypto";
import fs from "node:fs";
import { Transform } from "node:stream";
import Papa from "papaparse";

/** A problem with a whole file: the import is refused and nothing stored changes. */
export class StructuralError extends Error {
  constructor(
    readonly fileName: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(`${fileName}${line === undefined ? "" : ` line ${line}`}${column === undefined ? "" : `, column ${column}`}: ${detail}`);
    this.name = "StructuralError";
  }
}

export type CsvRecord = {
  /** Physical line where the record starts; the header is line 1. */
  line: number;
  fields: string[];
};

export type CsvReadHandlers = {
  /** Called once with the trimmed header names; throw a StructuralError to refuse the file. */
  onHeader: (header: string[]) => void;
  /** May return a promise: reading then waits for it, for a consumer that cannot keep up. */
  onRecords: (records: CsvRecord[]) => void | Promise<unknown>;
  /** Syntax problems confined to one record (a stray quote): the row is rejected, the file goes on. */
  onRecordError: (line: number, reason: string) => void;
  onProgress?: (bytesRead: number, sizeBytes: number) => void;
};

export type CsvFileInfo = { sizeBytes: number; sha256: string };

const binarySignatures: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (an .xlsx spreadsheet?)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel (.xls) workbook" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

function sniffBinary(head: Buffer): string | undefined {
  const known = binarySignatures.find((s) => s.bytes.every((b, i) => head[i] === b));
  if (known) return `this is ${known.what}, not a CSV text file`;
  if (head.includes(0)) return "this file contains binary data (NUL bytes), not CSV text";
  return undefined;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/**
 * Streams a CSV file through papaparse, never holding more than one chunk in memory.
 * Decoding is strict UTF-8 so a Latin-1 export is caught with its line, not silently mangled.
 */
export async function readCsvFile(filePath: string, fileName: string, handlers: CsvReadHandlers): Promise<CsvFileInfo> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch (error) {
    throw new StructuralError(fileName, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!stat.isFile()) throw new StructuralError(fileName, "is not a regular file");
  if (stat.size === 0) throw new StructuralError(fileName, "is empty");

  const hash = createHash("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let bytesRead = 0;
  let linesDecoded = 0;
  let isFirstChunk = true;

  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      if (isFirstChunk) {
        isFirstChunk = false;
        const binary = sniffBinary(chunk.subarray(0, 4096));
        if (binary) return callback(new StructuralError(fileName, binary));
      }
      hash.update(chunk);
      bytesRead += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const lenient = new TextDecoder("utf-8").decode(chunk);
        const line = linesDecoded + countNewlines(lenient.slice(0, lenient.indexOf("\uFFFD"))) + 1;
        return callback(
          new StructuralError(
            fileName,
            "is not valid UTF-8 text; it looks like Latin-1 or Windows-1252. Save it as UTF-8 and import it again",
            line,
          ),
        );
      }
      linesDecoded += countNewlines(text);
      handlers.onProgress?.(bytesRead, stat.size);
      callback(null, text);
    },
    flush(callback) {
      try {
        const rest = decoder.decode();
        callback(null, rest.length > 0 ? rest : undefined);
      } catch {
        callback(new StructuralError(fileName, "ends in the middle of a UTF-8 character (truncated file?)", linesDecoded + 1));
      }
    },
  });

  // Small chunks keep each chunk's rows young: they die in the nursery instead of being promoted
  // and swept later. 64 KB parsed the 5.5M-line file in half the time of 1 MB, at 40% of the memory.
  const source = fs.createReadStream(filePath, { highWaterMark: 1 << 16 });
  const input = source.pipe(decode);
  source.on("error", (error) => decode.destroy(error));

  let nextLine = 1;
  let header: string[] | undefined;
  let fatal: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      fatal ??= error instanceof Error ? error : new Error(String(error));
      source.destroy();
      reject(fatal);
    };
    Papa.parse<string[]>(input as unknown as File, {
      header: false,
      delimiter: ",",
      skipEmptyLines: false,
      chunk(results, parser) {
        if (fatal) return;
        try {
          const errorsByRow = new Map<number, Papa.ParseError>();
          for (const e of results.errors) {
            if (e.code === "MissingQuotes") {
              const startLine = e.row === undefined ? nextLine : lineOfRow(results.data, e.row, nextLine);
              throw new StructuralError(fileName, "a quoted field is never closed (unterminated quote)", startLine);
            }
            if (e.row !== undefined && !errorsByRow.has(e.row)) errorsByRow.set(e.row, e);
          }
          const records: CsvRecord[] = [];
          for (let i = 0; i < results.data.length; i++) {
            const fields = results.data[i]!;
            const line = nextLine;
            nextLine += linesSpanned(fields);
            if (fields.length === 1 && fields[0]!.trim() === "") continue;
            if (header === undefined) {
              header = fields.map((h, j) => (j === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
              handlers.onHeader(header);
              continue;
            }
            const error = errorsByRow.get(i);
            if (error) handlers.onRecordError(line, `CSV syntax: ${error.message}`);
            else records.push({ line, fields });
          }
          const consumed = handlers.onRecords(records);
          if (consumed) {
            // Pausing the decoded stream, not papaparse, which may still parse a queued chunk.
            input.pause();
            consumed.then(() => input.resume(), fail);
          }
        } catch (error) {
          fail(error);
          parser.abort();
        }
      },
      complete() {
        if (fatal) return;
        if (header === undefined) fail(new StructuralError(fileName, "has no header row"));
        else resolve();
      },
      error(error: Error) {
        fail(error);
      },
    });
  });

  return { sizeBytes: stat.size, sha256: hash.digest("hex") };
}

/** Physical lines a record takes: one, plus the line breaks inside its quoted fields. */
function linesSpanned(fields: readonly string[]): number {
  let lines = 1;
  for (const f of fields) if (f.includes("\n")) lines += countNewlines(f);
  return lines;
}

function lineOfRow(rows: string[][], row: number, firstLine: number): number {
  let line = firstLine;
  for (let i = 0; i < row && i < rows.length; i++) line += linesSpanned(rows[i]!);
  return line;
}

/** Reads just the header row, for telling which extract a file is before loading it. */
export async function readCsvHeader(filePath: string, fileName: string): Promise<string[]> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(filePath, "r");
  } catch (error) {
    throw new StructuralError(fileName, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead === 0) throw new StructuralError(fileName, "is empty");
    const head = buffer.subarray(0, bytesRead);
    const binary = sniffBinary(head);
    if (binary) throw new StructuralError(fileName, binary);
    const parsed = Papa.parse<string[]>(head.toString("utf8"), { delimiter: ",", preview: 1 });
    const header = parsed.data[0];
    if (!header) throw new StructuralError(fileName, "has no header row");
    return header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
  } finally {
    await handle.close();
  }
}

import Papa from "papaparse";
import { detectFileKind, fileKinds, fileSpecs, type FileKind } from "@/lib/imports/file-specs";
import { formatSize } from "@/lib/format";

/*
 * The browser's first look at a chosen file, before any byte is sent: what kind of extract its
 * header says it is, a preview of its first rows, and the obvious mistakes (an image, a
 * spreadsheet, Latin-1 text, missing columns). The server's import checks everything again.
 */

export type FileCheck = {
  fileName: string;
  sizeBytes: number;
  kind: FileKind | null;
  header: string[];
  preview: string[][];
  /** Reasons the file cannot be uploaded; empty when it can. */
  problems: string[];
};

const headBytes = 256 * 1024;

const signatures: { bytes: number[]; message: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], message: "This is a spreadsheet (.xlsx) or a ZIP archive, not a CSV file. Open it in Excel and use File › Save As › CSV UTF-8." },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], message: "This is an old Excel workbook (.xls), not a CSV file. Open it in Excel and use File › Save As › CSV UTF-8." },
  { bytes: [0x89, 0x50, 0x4e, 0x47], message: "This is a PNG image, not a CSV file." },
  { bytes: [0xff, 0xd8, 0xff], message: "This is a JPEG image, not a CSV file." },
  { bytes: [0x47, 0x49, 0x46, 0x38], message: "This is a GIF image, not a CSV file." },
  { bytes: [0x25, 0x50, 0x44, 0x46], message: "This is a PDF document, not a CSV file." },
  { bytes: [0x1f, 0x8b], message: "This is a gzip archive; unpack it and choose the CSV inside." },
];

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Where strict UTF-8 decoding first fails, found by decoding line by line. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i), { stream: i === bytes.length });
      } catch {
        return lineOf(bytes, start);
      }
      start = i + 1;
    }
  }
  return lineOf(bytes, start);
}

export async function checkFile(file: File, maxFileBytes: number): Promise<FileCheck> {
  const check: FileCheck = { fileName: file.name, sizeBytes: file.size, kind: null, header: [], preview: [], problems: [] };
  if (file.size === 0) {
    check.problems.push("The file is empty.");
    return check;
  }
  if (file.size > maxFileBytes) {
    check.problems.push(`The file is ${formatSize(file.size)}, over the ${formatSize(maxFileBytes)} limit for one file.`);
    return check;
  }
  const bytes = new Uint8Array(await file.slice(0, headBytes).arrayBuffer());
  const known = signatures.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (known) {
    check.problems.push(known.message);
    return check;
  }
  if (bytes.includes(0)) {
    check.problems.push("This file contains binary data, not CSV text.");
    return check;
  }
  let text: string;
  try {
    // stream: true, so a character cut by the 256 KB slice is not mistaken for bad text.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
  } catch {
    check.problems.push(
      `Line ${firstInvalidUtf8Line(bytes)} is not UTF-8 text; the file looks like Latin-1 or Windows-1252 (accented names). Save it as "CSV UTF-8" and choose it again.`,
    );
    return check;
  }
  const parsed = Papa.parse<string[]>(text, { delimiter: ",", preview: 6, skipEmptyLines: true });
  const header = (parsed.data[0] ?? []).map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
  check.header = header;
  check.preview = parsed.data.slice(1, 6);
  const kind = detectFileKind(header) ?? null;
  check.kind = kind;
  if (!kind) {
    // Name the extract it comes closest to, so "missing column payment_dates" beats "unknown file".
    const closest = fileKinds
      .map((k) => ({ kind: k, missing: fileSpecs[k].columns.filter((c) => !header.includes(c)) }))
      .sort((a, b) => a.missing.length - b.missing.length)[0]!;
    const matched = fileSpecs[closest.kind].columns.length - closest.missing.length;
    check.problems.push(
      matched >= 2
        ? `The header looks like ${fileSpecs[closest.kind].fileName} but lacks the column${closest.missing.length > 1 ? "s" : ""} ${closest.missing.join(", ")}.`
        : `The header (${header.slice(0, 6).join(", ") || "empty"}) is not one of the four extracts: accounts, skus, invoices or invoice_line_items.`,
    );
    return check;
  }
  if (check.preview.length === 0) check.problems.push("The file has a header but no data rows.");
  return check;
}

/** Problems that only show across files: two files of one kind, or too many files. */
export function checkSelection(checks: FileCheck[], maxFiles: number): string[] {
  const problems: string[] = [];
  if (checks.length > maxFiles) problems.push(`Choose at most ${maxFiles} files; ${checks.length} are selected.`);
  for (const kind of fileKinds) {
    const same = checks.filter((c) => c.kind === kind);
    if (same.length > 1) problems.push(`${same.map((c) => c.fileName).join(" and ")} are both ${fileSpecs[kind].fileName} extracts; choose one.`);
  }
  return problems;
}

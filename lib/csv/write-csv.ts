/**
 * RFC 4180 CSV output shared by the feature export, the rejects download and the dashboard's
 * CSV export.
 */

export type CsvCell = string | number | boolean | null | undefined;

const needsQuotes = /[",\r\n]/;
const formulaStart = /^[=+\-@\t\r]/;

export type CsvCellOptions = {
  /**
   * Spreadsheets run a cell that starts with = + - or @ as a formula; prefixing a quote makes
   * it text. Off for machine-read files (the feature dataset), on for anything a person opens.
   */
  escapeFormulas?: boolean;
};

export function formatCsvCell(value: CsvCell, options: CsvCellOptions = {}): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
  if (options.escapeFormulas && typeof value === "string" && formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsvRow(values: readonly CsvCell[], options: CsvCellOptions = {}): string {
  return values.map((v) => formatCsvCell(v, options)).join(",") + "\n";
}

import type { FileKind } from "../../../lib/imports/file-specs";
import type { RowOf } from "./row-schemas";
import type { ValidRow } from "./read-extract";

/*
 * Validated rows as columns, for crossing from the parsing thread to the loading thread
 * (etl/import/extract/read-extract-in-worker.ts). Structured cloning an array of small row objects
 * costs about 1.1 µs a row, more than SQLite takes to store one (0.9 µs); typed arrays are handed
 * over without a copy. Strings travel as indexes into a dictionary that grows with the file, because
 * the large files repeat a few values (dates, SKU ids) millions of times; a new entry is sent
 * once, with the first batch that uses it.
 */

type FieldsOf<K extends FileKind> = { numbers: readonly (keyof RowOf<K>)[]; strings: readonly (keyof RowOf<K>)[] };

/** Every field of each row type, by how it travels; a round-trip test fails if one is missing. */
const rowFields: { [K in FileKind]: FieldsOf<K> } = {
  accounts: { numbers: ["accountId"], strings: ["companyName", "companyAddress", "contactPerson", "contactPhone", "gender", "joiningDate"] },
  skus: { numbers: ["itemCostPriceCents", "itemRetailPriceCents"], strings: ["itemId", "itemName", "itemDescription"] },
  invoices: { numbers: ["invoiceId", "accountId"], strings: ["dateIssued", "paymentDate"] },
  invoice_line_items: { numbers: ["invoiceId", "quantity"], strings: ["itemId"] },
};

export type RowColumns = {
  count: number;
  lines: Int32Array;
  numbers: Float64Array[];
  /** Dictionary indexes; -1 is null. */
  strings: Int32Array[];
  /** Dictionary entries first used by this batch, in index order. */
  newStrings: string[];
  /** The dictionary starts again from this batch (it is bounded: accounts repeat no names). */
  resetDictionary: boolean;
};

/** The typed arrays of a batch, for postMessage's transfer list. */
export function transferablesOf(columns: RowColumns): ArrayBuffer[] {
  return [columns.lines, ...columns.numbers, ...columns.strings].map((a) => a.buffer as ArrayBuffer);
}

export class RowEncoder<K extends FileKind> {
  private readonly dictionary = new Map<string, number>();

  constructor(
    private readonly kind: K,
    private readonly maxDictionaryEntries = 1 << 16,
  ) {}

  encode(rows: readonly ValidRow<K>[]): RowColumns {
    const { numbers, strings } = rowFields[this.kind];
    const count = rows.length;
    const resetDictionary = this.dictionary.size >= this.maxDictionaryEntries;
    if (resetDictionary) this.dictionary.clear();
    const columns: RowColumns = {
      count,
      lines: new Int32Array(count),
      numbers: numbers.map(() => new Float64Array(count)),
      strings: strings.map(() => new Int32Array(count)),
      newStrings: [],
      resetDictionary,
    };
    for (let i = 0; i < count; i++) {
      const { line, row } = rows[i]!;
      columns.lines[i] = line;
      for (let f = 0; f < numbers.length; f++) columns.numbers[f]![i] = row[numbers[f]!] as number;
      for (let f = 0; f < strings.length; f++) {
        const value = row[strings[f]!] as string | null;
        let index = -1;
        if (value !== null) {
          index = this.dictionary.get(value) ?? -1;
          if (index === -1) {
            index = this.dictionary.size;
            this.dictionary.set(value, index);
            columns.newStrings.push(value);
          }
        }
        columns.strings[f]![i] = index;
      }
    }
    return columns;
  }
}

export class RowDecoder<K extends FileKind> {
  private readonly dictionary: string[] = [];

  constructor(private readonly kind: K) {}

  decode(columns: RowColumns): ValidRow<K>[] {
    const { numbers, strings } = rowFields[this.kind];
    if (columns.resetDictionary) this.dictionary.length = 0;
    for (const s of columns.newStrings) this.dictionary.push(s);
    const rows = new Array<ValidRow<K>>(columns.count);
    for (let i = 0; i < columns.count; i++) {
      const row: Record<string, number | string | null> = {};
      for (let f = 0; f < numbers.length; f++) row[numbers[f] as string] = columns.numbers[f]![i]!;
      for (let f = 0; f < strings.length; f++) {
        const index = columns.strings[f]![i]!;
        row[strings[f] as string] = index === -1 ? null : this.dictionary[index]!;
      }
      rows[i] = { line: columns.lines[i]!, row: row as RowOf<K> };
    }
    return rows;
  }
}

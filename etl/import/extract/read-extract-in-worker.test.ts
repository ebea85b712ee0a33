import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { realExtractsDir, tempDir } from "../../test-support";
import { fileKinds, fileSpecs, type FileKind } from "../../../lib/imports/file-specs";
import { readExtractRows, type ExtractFile, type ExtractHandlers, type ExtractSummary, type ValidatedBatch } from "./read-extract";
import { readExtractRowsInWorker } from "./read-extract-in-worker";
import { RowDecoder, RowEncoder } from "./row-columns";

type Reader = <K extends FileKind>(file: ExtractFile & { kind: K }, handlers: ExtractHandlers<K>) => Promise<ExtractSummary>;

/** Everything a reader hands its caller: every batch and the summary, or the error it threw. */
async function readAll(read: Reader, file: ExtractFile & { kind: FileKind }, onBatch?: () => Promise<unknown>) {
  const batches: ValidatedBatch<FileKind>[] = [];
  try {
    const summary = await read(file, {
      onBatch: (batch) => {
        batches.push(batch);
        return onBatch?.();
      },
    });
    return { batches, summary };
  } catch (error) {
    return { batches, error: { name: (error as Error).name, message: (error as Error).message, ...(error as object) } };
  }
}

function fixture(kind: FileKind, text: string | Buffer): ExtractFile & { kind: FileKind } {
  const file = path.join(tempDir(), fileSpecs[kind].fileName);
  fs.writeFileSync(file, text);
  return { path: file, fileName: fileSpecs[kind].fileName, kind };
}

const header = (kind: FileKind) => fileSpecs[kind].columns.join(",");

describe("reading an extract on a second thread", () => {
  it("hands over the same batches and summary as reading on this thread, for each real extract", async () => {
    for (const kind of fileKinds) {
      const file = { path: path.join(realExtractsDir, fileSpecs[kind].fileName), fileName: fileSpecs[kind].fileName, kind };
      const here = await readAll(readExtractRows, file);
      expect(here.batches.length, kind).toBeGreaterThan(0);
      expect(await readAll(readExtractRowsInWorker, file), kind).toEqual(here);
    }
  });

  it("rejects the same rows with the same lines and reasons", async () => {
    const cases = [
      fixture("accounts", `${header("accounts")}\n1,Acme,"1 Main St\nSpringfield, IL 62701",Ann,555,F,2020-01-01\n2,Bolt,x,Bob,1,M,2021-02-30\n3,,x,Cy,1,,2020-01-01\n`),
      fixture("invoices", `${header("invoices")}\n1,1,2021-01-01,2021-01-20\n2,1,02/01/2021,\n3,1,2021-01-05,2021-01-04\nx,1,2021-01-01,\n`),
      fixture("invoice_line_items", `${header("invoice_line_items")}\n1,A,2\n1,B,0\n2,C,1.5\n3,D\n4,E,1,9\n`),
    ];
    for (const file of cases) {
      const here = await readAll(readExtractRows, file);
      expect(here.batches.flatMap((b) => b.rejects).length, file.kind).toBeGreaterThan(0);
      expect(await readAll(readExtractRowsInWorker, file), file.kind).toEqual(here);
    }
  });

  it("refuses a broken file with the same StructuralError, naming the same line or column", async () => {
    const cases = [
      fixture("accounts", `${header("accounts")}\n1,Acme,"1 Main St\nSpringfield,Ann,555,F,2020-01-01\n`),
      fixture("accounts", Buffer.from(`${header("accounts")}\n1,Caf\u00e9,x,Ann,1,F,2020-01-01\n`, "latin1")),
      fixture("skus", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
      fixture("invoices", `invoice_id,account_id,date_issued\n1,1,2021-01-01\n`),
      fixture("skus", ""),
      { path: path.join(tempDir(), "invoices.csv"), fileName: "invoices.csv", kind: "invoices" as const },
    ];
    for (const file of cases) {
      const here = await readAll(readExtractRows, file);
      expect(here.error?.name, file.fileName).toBe("StructuralError");
      expect(await readAll(readExtractRowsInWorker, file), here.error?.message).toEqual(here);
    }
  });

  it("waits for a caller that loads slowly, and still hands over every row in order", async () => {
    const file = { path: path.join(realExtractsDir, "invoice_line_items.csv"), fileName: "invoice_line_items.csv", kind: "invoice_line_items" as const };
    const here = await readAll(readExtractRows, file);
    expect(here.summary?.rowsRead).toBe(53_481);
    // Each reader may run a few batches ahead: papaparse finishes a chunk it has queued, and
    // the worker sends up to four before it waits.
    for (const [read, ahead] of [
      [readExtractRows, 4],
      [readExtractRowsInWorker, 6],
    ] as [Reader, number][]) {
      // Batches handed over and not yet loaded: without waiting, every batch of the file would be.
      let waiting = 0;
      let mostWaiting = 0;
      const slow = () => {
        mostWaiting = Math.max(mostWaiting, ++waiting);
        return new Promise((resolve) => setTimeout(resolve, 25)).then(() => waiting--);
      };
      expect(await readAll(read, file, slow)).toEqual(here);
      expect(mostWaiting, read.name).toBeLessThanOrEqual(ahead);
    }
  });

  it("hands over no more batches once the caller fails, and fails with its error", async () => {
    const file = { path: path.join(realExtractsDir, "invoice_line_items.csv"), fileName: "invoice_line_items.csv", kind: "invoice_line_items" as const };
    let batches = 0;
    const failing = readExtractRowsInWorker(file, {
      onBatch: () => {
        if (++batches === 2) throw new Error("the database is locked");
      },
    });
    await expect(failing).rejects.toThrow("the database is locked");
    expect(batches).toBe(2);
  });
});

describe("rows as columns", () => {
  it("decode to the rows they were encoded from, across a dictionary that starts again", async () => {
    for (const kind of fileKinds) {
      const file = { path: path.join(realExtractsDir, fileSpecs[kind].fileName), fileName: fileSpecs[kind].fileName, kind };
      const { batches } = await readAll(readExtractRows, file);
      // A tiny dictionary starts again every few rows, as a long accounts file's would.
      const encoder = new RowEncoder(kind, 50);
      const decoder = new RowDecoder(kind);
      for (const batch of batches) expect(decoder.decode(encoder.encode(batch.valid)), kind).toEqual(batch.valid);
    }
  });
});

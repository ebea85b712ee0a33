import { open, type FileHandle } from "node:fs/promises";

const needsQuoting = /[",\r\n]/;

/** RFC 4180 minimal quoting, as the real extracts do it: only fields with `"`, `,` or a line break. */
export function csvField(value: string): string {
  return needsQuoting.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record with its "\n" terminator (the real extracts use LF, not CRLF). */
export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

const FLUSH_AT_CHARS = 1 << 20;

/**
 * Collects rows into ~1 MB chunks so memory stays bounded however many rows are written, while
 * avoiding one write call per row.
 */
export class BufferedFileWriter {
  private buffer = "";

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<BufferedFileWriter> {
    return new BufferedFileWriter(await open(path, "w"));
  }

  /** Appends text; returns true once the caller should `await flush()`. */
  write(text: string): boolean {
    this.buffer += text;
    return this.buffer.length >= FLUSH_AT_CHARS;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = "";
    await this.handle.write(chunk);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

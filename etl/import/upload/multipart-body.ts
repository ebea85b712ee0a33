import fs from "node:fs";

/*
 * A multipart/form-data body streamed from disk, as a browser sends it: for the route tests and
 * the upload benchmark, which must not hold a 160 MB extract in memory either.
 */

export type Part = { name: string; value: string } | { name: string; fileName: string; path?: string; content?: string | Buffer };

export const multipartBoundary = "----pi-upload-boundary-7MA4YWxkTrZu0gW";

function partHead(part: Part): string {
  if ("value" in part) return `--${multipartBoundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`;
  return `--${multipartBoundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
}

const closing = `--${multipartBoundary}--\r\n`;

/** `stopAfterBytes` ends the body with an error part-way, like a browser that was closed. */
export async function* multipartChunks(parts: Part[], options: { stopAfterBytes?: number } = {}): AsyncGenerator<Buffer> {
  let sent = 0;
  const emit = function* (chunk: Buffer): Generator<Buffer> {
    if (options.stopAfterBytes !== undefined && sent + chunk.length > options.stopAfterBytes) {
      yield chunk.subarray(0, options.stopAfterBytes - sent);
      throw new Error("client went away");
    }
    sent += chunk.length;
    yield chunk;
  };
  for (const part of parts) {
    yield* emit(Buffer.from(partHead(part)));
    if ("value" in part) continue;
    if (part.path) {
      for await (const chunk of fs.createReadStream(part.path, { highWaterMark: 256 * 1024 })) yield* emit(chunk as Buffer);
    } else {
      yield* emit(Buffer.from(part.content ?? ""));
    }
    yield* emit(Buffer.from("\r\n"));
  }
  yield* emit(Buffer.from(closing));
}

export function multipartLength(parts: Part[]): number {
  let total = Buffer.byteLength(closing);
  for (const part of parts) {
    total += Buffer.byteLength(partHead(part));
    if ("value" in part) continue;
    total += (part.path ? fs.statSync(part.path).size : Buffer.byteLength(part.content ?? "")) + 2;
  }
  return total;
}

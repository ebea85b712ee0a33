import net from "node:net";
import { expect, test } from "@playwright/test";

/** Sends raw bytes to the server and returns its whole answer, for requests no HTTP client will send. */
function rawRequest(baseURL: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => reject(new Error(`no answer to ${JSON.stringify(bytes.slice(0, 40))}`)));
  });
}

test("a method the app does not serve gets a 405 with a JSON reason, on pages and routes alike", async ({ request }) => {
  for (const [method, url] of [
    ["TRACE", "/api/health"],
    ["TRACE", "/"],
    ["TRACE", "/api/uploads"],
    ["PROPFIND", "/accounts/1"],
  ] as const) {
    const response = await request.fetch(url, { method, maxRedirects: 0 });
    expect(response.status(), `${method} ${url}`).toBe(405);
    expect(response.headers()["allow"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(await response.json()).toEqual({ error: `method ${method} is not allowed; use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS` });
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("a request Node cannot parse gets a JSON 400, and oversized headers a JSON 431", async ({ baseURL }) => {
  const track = await rawRequest(baseURL!, "TRACK / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  expect(track).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  expect(track).toContain(`{"error":"the request could not be parsed as HTTP"}`);
  const huge = await rawRequest(baseURL!, `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${"a".repeat(20_000)}\r\n\r\n`);
  expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  expect(huge).toContain(`{"error":"the request's headers are too large"}`);
});

import { createServer } from "node:http";
import next from "next";
import { env } from "./lib/env";

/*
 * The production server: Next's own request handler behind a plain Node HTTP server, which
 * answers the methods the app has no use for before Next sees them. Next builds a web Request
 * for every request, and the Fetch standard forbids TRACE and TRACK, so on `next start` they
 * end in a 500 with an empty body; other unknown methods get a bare 400 from route handlers.
 * Requests Node itself cannot parse get a JSON 400 here too, instead of an empty one.
 * `npm start` and the e2e server run this; `npm run dev` stays `next dev`.
 */

const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const allowed = new Set<string>(ALLOWED_METHODS);

const app = next({ dev: false, hostname: env.HOST, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  if (!allowed.has(request.method ?? "")) {
    const body = JSON.stringify({ error: `method ${request.method} is not allowed; use one of ${ALLOWED_METHODS.join(", ")}` });
    response.writeHead(405, { allow: ALLOWED_METHODS.join(", "), "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" });
    response.end(body);
    return;
  }
  void handle(request, response);
});

// A request Node's parser refuses (an unknown method such as TRACK, a malformed request line,
// oversized headers) never reaches a handler: by default it gets a 400 with no body.
server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = error.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : [400, "Bad Request"];
  const body = JSON.stringify({ error: status === 431 ? "the request's headers are too large" : "the request could not be parsed as HTTP" });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
});

server.listen(env.PORT, env.HOST, () => {
  console.log(`Payment Insights listening on http://${env.HOST}:${env.PORT}`);
});

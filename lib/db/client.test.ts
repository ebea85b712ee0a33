import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

it("gives the dashboard a handle that reads and refuses every write", async () => {
  // The environment is read once per process, so it is set before the client module loads.
  process.env.DATABASE_PATH = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pi-db-")), "app.db");
  const { getDb, openDb } = await import("./client");
  const db = getDb();
  expect(db.$client.name).toBe(process.env.DATABASE_PATH);
  expect(db.$client.prepare("select count(*) from etl_imports").pluck().get()).toBe(0);
  expect(() => db.$client.prepare(`insert into etl_imports (source, mode, status, max_reject_rate) values ('cli', 'merge', 'running', 0)`).run()).toThrow(
    /attempt to write a readonly database/,
  );
  // The ETL's own handle on the same file writes as before.
  const etl = openDb(process.env.DATABASE_PATH);
  expect(etl.$client.prepare(`insert into etl_imports (source, mode, status, max_reject_rate) values ('cli', 'merge', 'running', 0)`).run().changes).toBe(1);
  expect(db.$client.prepare("select count(*) from etl_imports").pluck().get()).toBe(1);
  etl.$client.close();
});

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The session-signing secret for a database that has none configured: made once, kept beside
 * the database (readable by its owner only), so `npm run demo` needs no set-up and a restart
 * keeps everyone signed in. Set BETTER_AUTH_SECRET to manage it yourself.
 */
export function secretBesideDatabase(dbFile: string): string {
  const file = path.join(path.dirname(dbFile), ".auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": two processes starting together keep whichever secret was written first.
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}

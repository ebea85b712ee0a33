import { createInterface } from "node:readline";
import { z } from "zod";
import { roleSchema } from "../../lib/auth/roles";
import { openDb } from "../../lib/db/client";
import { resolveDatabasePath } from "../../lib/env";
import { regionSchema } from "../../lib/regions";
import { parseCliArgs, UsageError, validateArgs } from "../cli-args";
import { authForDb, createUserIfMissing } from "./create-user";

const usage = `Usage:
  npm run users -- create-admin EMAIL [--password P] [--name NAME] [--region REGION] [--db FILE]
  npm run users -- create EMAIL --role staff|manager|admin [--password P] [--name NAME] [--region REGION] [--db FILE]

Without --password it asks for one (not echoed). Passwords need at least 10 characters.
An email that already has an account is left unchanged (exit 1). Exit 2: usage error.
--db defaults to $DATABASE_PATH or data/app.db.`;

const argsSchema = z.object({
  command: z.enum(["create-admin", "create"], { error: "the command is create-admin or create" }),
  email: z.string({ error: "give the user's email" }).min(1),
  role: roleSchema.optional(),
  password: z.string().optional(),
  name: z.string().optional(),
  region: regionSchema.optional(),
  db: z.string().optional(),
});

/** Reads a line from the terminal without echoing it. */
async function askPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError("no terminal to ask for the password on: pass --password");
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write(prompt);
  output._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    role: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    region: { type: "string" },
    db: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const args = validateArgs(argsSchema, { command: positionals[0], email: positionals[1], ...values });
  const role = args.command === "create-admin" ? "admin" : args.role;
  if (!role) throw new UsageError("create needs --role staff, manager or admin");
  const password = args.password ?? (await askPassword(`Password for ${args.email}: `));
  const dbFile = resolveDatabasePath(args.db);
  const db = openDb(dbFile);
  try {
    const parsed = validateArgs(z.object({ password: z.string().min(10, "the password needs at least 10 characters").max(128) }), { password });
    const outcome = await createUserIfMissing(authForDb(db, dbFile), db, { email: args.email, password: parsed.password, name: args.name ?? args.email.split("@")[0], role, region: args.region });
    if (outcome === "exists") {
      console.error(`${args.email} already has an account; nothing changed.`);
      return 1;
    }
    console.log(`created ${role} ${args.email} in ${dbFile}`);
    return 0;
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError || error instanceof z.ZodError) {
      console.error(`${error instanceof z.ZodError ? error.issues.map((i) => i.message).join("; ") : error.message}\n\n${usage}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);

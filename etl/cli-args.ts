import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";

/** A command line that cannot be run as typed: the CLIs print it with their usage and exit 2. */
export class UsageError extends Error {}

/** node:util's parseArgs with positionals allowed, its errors turned into usage errors. */
export function parseCliArgs<const O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Validates parsed arguments; every problem zod finds goes into one usage message. */
export function validateArgs<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "));
  }
  return result.data;
}

/**
 * Runs the subcommand named by argv[0]: its exit code, 0 after printing the usage for help,
 * and 2 with the usage for an unknown command or any usage error a command throws.
 */
export async function runCommands(argv: string[], usage: string, commands: Record<string, (argv: string[]) => Promise<number>>): Promise<number> {
  const command = argv[0];
  try {
    if (command !== undefined && Object.hasOwn(commands, command)) return await commands[command]!(argv);
    if (command === "--help" || command === "-h" || command === "help") {
      console.log(usage);
      return 0;
    }
    throw new UsageError(command === undefined ? "no command given" : `unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
}

/*
 * Runs the CLI's export in a fresh process so its peak memory is the export's own, then prints
 * a JSON line for the benchmark to read: `node --import tsx etl/bench/export-child.ts export OUT --db DB`.
 */
process.on("exit", () => console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })));
await import("../cli");

export {};

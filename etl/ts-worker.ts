import { Worker, type WorkerOptions } from "node:worker_threads";

/*
 * A worker thread running one of our TypeScript modules. Node 20 does not pass the parent's
 * --import hooks (tsx) to a worker, so the worker registers tsx itself before importing the
 * module. This works wherever the ETL runs: the tsx CLI, the upload's child process and Vitest.
 */

const tsxApi = import.meta.resolve("tsx/esm/api");

export function startTsWorker(entry: URL, options: Omit<WorkerOptions, "eval">): Worker {
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Running one piece of CPU-heavy work (reading a large upload) in a worker thread, so the server's event
 * loop keeps answering other people meanwhile. A worker module exports nothing; it reads `workerData`,
 * posts exactly one message `{ ok: true, value }` or `{ ok: false, error }`, and ends.
 *
 * The built program runs the compiled `.js` worker directly. From source (development and tests) the worker
 * is TypeScript: Node cannot start a `.ts` worker itself, so a two-line bootstrap registers the TypeScript
 * loader inside the worker first.
 */
import { Worker } from 'node:worker_threads';
import { ParityError, type ErrorCode, type Problem } from './errors.js';

/** What a worker posts back; errors cross as plain data and are raised again as they were. */
export type WorkerAnswer<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: { message: string; code?: ErrorCode; problems?: Problem[]; name?: string; stack?: string };
    };

export function workerAnswerOf(error: unknown): WorkerAnswer<never> {
  if (error instanceof ParityError)
    return {
      ok: false,
      error: { message: error.message, code: error.code, problems: [...error.problems], name: error.name },
    };
  const e = error instanceof Error ? error : new Error(String(error));
  return { ok: false, error: { message: e.message, name: e.name, ...(e.stack ? { stack: e.stack } : {}) } };
}

export function runWorker<T>(moduleUrl: URL, data: unknown): Promise<T> {
  const fromSource = moduleUrl.pathname.endsWith('.ts');
  const worker = fromSource
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); });`,
        { eval: true, workerData: data },
      )
    : new Worker(moduleUrl, { workerData: data });
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    worker.once('message', (answer: WorkerAnswer<T>) => {
      answered = true;
      if (answer.ok) return resolve(answer.value);
      const { message, code, problems, stack } = answer.error;
      if (code) return reject(new ParityError(code, message, problems ?? []));
      const error = new Error(message);
      if (stack) error.stack = stack;
      reject(error);
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The worker stopped (exit code ${code}) without an answer`));
    });
  });
}

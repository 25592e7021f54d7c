/**
 * The worker thread that reads and checks uploaded files for the web server (see `checking.ts`). Files
 * arrive as paths or as bytes; the answer is each file's summary and, when asked, its encoded records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { workerAnswerOf, type WorkerAnswer } from '../../shared/workers.js';
import { checkFiles, type CheckContext, type CheckOutcome, type ImportFile } from './checking.js';

export interface CheckJob {
  files: ImportFile[];
  context: CheckContext;
}

async function main(): Promise<void> {
  const job = workerData as CheckJob;
  // Bytes cross as Uint8Array; the readers expect Buffers.
  const files = job.files.map((f) =>
    'buffer' in f.input
      ? {
          ...f,
          input: {
            ...f.input,
            buffer: Buffer.from(f.input.buffer.buffer, f.input.buffer.byteOffset, f.input.buffer.byteLength),
          },
        }
      : f,
  );
  let answer: WorkerAnswer<CheckOutcome>;
  try {
    answer = { ok: true, value: await checkFiles(files, job.context) };
  } catch (error) {
    answer = workerAnswerOf(error);
  }
  parentPort!.postMessage(answer);
}

void main();

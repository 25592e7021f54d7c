/**
 * Loaded into a `parity serve` process by the load test (`node --expose-gc --import`), never by the
 * program itself: on SIGUSR2 it runs a full garbage collection and writes one line to stderr with the
 * memory before and after it, which the test reads. Without a collection, a reading says mostly when V8
 * last collected: under load its heap fills with garbage for a minute or more before it does.
 */
process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  process.stderr.write(`parity-memory ${JSON.stringify({ before, after })}\n`);
});

'use strict';
/*
 * Preloaded into a hub under test (`node --expose-gc --require test/support/memory-probe.js`):
 * on SIGUSR2 it collects garbage and prints one line `memory-probe {...}` on stderr with the
 * heap and RSS after the collection, and the peaks of heap and RSS sampled every 20 ms since
 * the start. Test instrumentation only: the hub itself has no such hook.
 */
const peaks = { heapUsed: 0, rss: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
  peaks.rss = Math.max(peaks.rss, m.rss);
  return m;
};
setInterval(sample, 20).unref();
process.on('SIGUSR2', () => {
  sample();
  if (typeof global.gc === 'function') global.gc();
  const m = process.memoryUsage();
  process.stderr.write(`memory-probe ${JSON.stringify({ heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss, peakHeapUsed: peaks.heapUsed, peakRss: peaks.rss })}\n`);
});

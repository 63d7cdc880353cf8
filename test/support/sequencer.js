const { default: Sequencer } = require('@jest/test-sequencer');
const { statSync } = require('node:fs');
const path = require('node:path');
const slowFiles = require('./slow-files.json');

/**
 * Longest files first, so that two workers finish together instead of one of them starting
 * test/server/fuzz.test.ts last. Jest does this on its own from the durations it cached on the
 * last run; a fresh clone (CI) has no cache and jest falls back to file size, which puts the
 * slowest files (small files that run long attacks or start the built hub) in the middle of the
 * run. test/support/slow-files.json holds the seconds the slow files took in a full run; a
 * duration jest cached wins over it, and a file in neither list goes by size, as jest would.
 */
class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const known = (test) => {
      const cached = this._getCache(test)[test.path];
      if (cached && cached[1]) return { failed: cached[0] === 1, ms: cached[1] };
      const listed = slowFiles.seconds[path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/')];
      return { failed: false, ms: listed === undefined ? undefined : listed * 1000 };
    };
    const size = (test) => {
      try {
        return statSync(test.path).size;
      } catch {
        return 0;
      }
    };
    const keyed = tests.map((test) => ({ test, ...known(test), size: size(test) }));
    return keyed
      .sort((a, b) => {
        if (a.failed !== b.failed) return a.failed ? -1 : 1;
        if (a.ms !== undefined && b.ms !== undefined) return b.ms - a.ms;
        // A file with a known duration before one without: the unknown ones are the quick majority.
        if (a.ms !== undefined || b.ms !== undefined) return a.ms !== undefined ? -1 : 1;
        return b.size - a.size;
      })
      .map((k) => k.test);
  }
}

module.exports = SlowFirstSequencer;

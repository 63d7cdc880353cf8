// A hash of what `tsc -b tsconfig.build.json` compiles into dist/. scripts/build.js writes it to
// dist/.source-stamp after a successful build; the tests that run the built hub compare it with the
// sources they see, so an edit made since the last build is never tested through a stale dist/.
// Content, not mtimes: a checkout or a `git stash` changes mtimes without changing what is built.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const STAMP_FILE = path.join(root, 'dist', '.source-stamp');

/** Files under `dirs` (relative to the project root) whose names match `pattern`, sorted. */
function listFiles(dirs, pattern) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(child);
      } else if (pattern.test(entry.name)) {
        out.push(child);
      }
    }
  };
  for (const dir of dirs) if (existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

/** SHA-256 over the names and contents of the given files (relative to the project root). */
function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** The hash of the compiled inputs: TypeScript (and JSON it may import) under src, seeds and bench, and the tsconfigs. */
function sourceStamp() {
  return hashFiles([...listFiles(['src', 'seeds', 'bench'], /\.(ts|json)$/), 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.production.json']);
}

/** The stamp of the last build, or null when dist/ was built without one. */
function builtStamp() {
  return existsSync(STAMP_FILE) ? readFileSync(STAMP_FILE, 'utf8').trim() : null;
}

module.exports = { STAMP_FILE, builtStamp, hashFiles, listFiles, root, sourceStamp };

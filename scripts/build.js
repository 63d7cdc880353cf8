#!/usr/bin/env node
// Builds what `npm start`, the CLI and the tests run, and only what is out of date:
//   node scripts/build.js             compile the hub into dist/ (tsc's build mode: a no-op check
//                                     of about half a second when no source changed)
//   node scripts/build.js --codegen   also regenerate the example client's types when
//                                     schema.graphql, codegen.ts or examples/operations changed
// Plain JavaScript on purpose: it must run before anything is compiled. TypeScript and the type
// packages the hub's sources need are runtime dependencies, so an install without dev dependencies
// (npm ci --omit=dev) builds too: it compiles the hub alone (tsconfig.production.json), since the
// benchmark and the seed generator need dev tools. Without TypeScript, the dist/ already built is used.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, realpathSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { STAMP_FILE, sourceStamp } = require('./source-stamp');

const root = path.join(__dirname, '..');
process.chdir(root);

/** The JavaScript file behind an installed command (node_modules/.bin), or null when not installed. */
function resolveBin(name) {
  try {
    return realpathSync(path.join(root, 'node_modules', '.bin', name));
  } catch {
    return null;
  }
}

function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const tsc = resolveBin('tsc');
if (tsc) {
  // Hashed before compiling: an edit made while tsc runs must leave the stamp out of date.
  const stamp = sourceStamp();
  // The benchmark and the seed generator are compiled only where their tools are installed.
  const devTools = resolveBin('jest') !== null;
  run(tsc, ['-b', devTools ? 'tsconfig.build.json' : 'tsconfig.production.json']);
  writeFileSync(STAMP_FILE, stamp + '\n');
} else if (!existsSync('dist/src/main.js')) {
  console.error('dist/ is missing and TypeScript is not installed: run `npm install` (with dev dependencies) to build the hub.');
  process.exit(1);
}

if (process.argv.includes('--codegen')) {
  const codegen = resolveBin('graphql-codegen');
  const generated = mtime('examples/client-ts/generated/graphql.ts');
  const operations = readdirSync('examples/operations').map((f) => path.join('examples/operations', f));
  const newestInput = Math.max(...['schema.graphql', 'codegen.ts', 'examples/operations', ...operations].map(mtime));
  if (codegen && newestInput > generated) run(codegen, ['--config', 'codegen.ts', '--silent']);
}

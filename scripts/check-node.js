#!/usr/bin/env node
// npm's preinstall: one sentence when this Node.js is outside package.json's engines, then the
// install goes on (npm itself only warns, once per package; .npmrc keeps those warnings quiet).
// Plain JavaScript on purpose: it runs before anything is installed or compiled, so it cannot use
// src/config/node-version.ts, which says the same when the hub starts; test/config/node-version.test.ts
// holds both to the same sentences.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');

function parse(text) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)] : undefined;
}

function compare(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function satisfiesComparator(v, comparator) {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(v?\d+(?:\.\d+){0,2})$/.exec(comparator);
  const bound = m && parse(m[2]);
  if (!m || !bound) return undefined;
  const c = compare(v, bound);
  switch (m[1]) {
    case '^':
      return c >= 0 && (bound[0] > 0 ? v[0] === bound[0] : v[0] === 0 && v[1] === bound[1]);
    case '~':
      return c >= 0 && v[0] === bound[0] && v[1] === bound[1];
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

function nodeVersionSatisfies(version, range) {
  const v = parse(version);
  if (!v) return undefined;
  let understood = true;
  const anyAlternative = range.split('||').some((alternative) => {
    const results = alternative.trim().split(/\s+/).map((c) => satisfiesComparator(v, c));
    if (results.some((r) => r === undefined)) understood = false;
    return results.every((r) => r === true);
  });
  return anyAlternative ? true : understood ? false : undefined;
}

function nodeVersionWarning(version, range) {
  if (nodeVersionSatisfies(version, range) !== false) return undefined;
  return (
    `DTM Hub supports Node.js ${range} (engines in package.json) and this is Node.js ${version.replace(/^v?/, 'v')}: ` +
    'it goes on and will likely run, but it is untested on this version.'
  );
}

module.exports = { nodeVersionSatisfies, nodeVersionWarning };

if (require.main === module) {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const range = pkg.engines && pkg.engines.node;
  const warning = range ? nodeVersionWarning(process.version, range) : undefined;
  if (warning) process.stderr.write(warning + '\n');
}

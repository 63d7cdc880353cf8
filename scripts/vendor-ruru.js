#!/usr/bin/env node
// Copies the offline explorer's files out of the `ruru` package (a dev dependency) into
// vendor/ruru/: the brotli-compressed files Ruru ships prebuilt in dist/bundleCode.js, their
// ETags, the version and the licence. The hub serves them from there (src/server/ruru-files.ts),
// so a runtime install needs no `ruru`, whose dependencies (graphiql, monaco-editor, React: about
// 270 MB) the hub never loads. Run after upgrading ruru; test/server/explorer.test.ts checks the
// copy against the installed package.
'use strict';
const { mkdirSync, copyFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.dirname(require.resolve('ruru/static', { paths: [root] }));
const { version } = require(path.join(dist, 'version.js'));
const { bundleData } = require(path.join(dist, 'bundleCode.js'));
const out = path.join(root, 'vendor', 'ruru');
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'files'), { recursive: true });
const etags = {};
for (const [name, file] of Object.entries(bundleData)) {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`unexpected file name in ruru's bundle: ${name}`);
  writeFileSync(path.join(out, 'files', `${name}.br`), file.buffer);
  etags[name] = file.etag;
}
writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ package: 'ruru', version, etags }, null, 2) + '\n');
copyFileSync(path.join(dist, '..', 'LICENSE.md'), path.join(out, 'LICENSE.md'));
console.log(`vendor/ruru: ruru ${version}, ${Object.keys(etags).length} files`);

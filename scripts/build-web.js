// Builds the hub's own page (web/, served at `/`, docs/page.md) into dist/web/: the TypeScript and
// CSS bundled and minified by esbuild under content-hashed names, each file also gzip- and
// brotli-compressed, and manifest.json naming them for the server. Called by scripts/build.js
// (install, start and test time). Skipped when dist/web/.source-stamp matches the page's sources.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { hashFiles, listFiles, root, webSources } = require('./source-stamp');

const OUT = path.join(root, 'dist', 'web');
const STAMP = path.join(OUT, '.source-stamp');

function webStamp() {
  return hashFiles(webSources());
}

function mtime(file) {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

function runOrExit(bin, args) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Builds dist/web when its stamp is stale. `bins` gives the installed tools (null when missing):
 * without esbuild (an install without dev tools) the dist/web already built is kept.
 */
function buildWeb(bins) {
  const stamp = webStamp();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === stamp) return;
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    if (existsSync(path.join(OUT, 'manifest.json'))) return;
    console.error('dist/web is missing and esbuild is not installed: the page at / cannot be built.');
    process.exit(1);
  }
  // Typed operations first (web/generated, not committed, like the example client's).
  const generated = 'web/generated/graphql.ts';
  const operations = listFiles(['web/operations'], /\.graphql$/);
  if (bins.codegen && Math.max(...['schema.graphql', 'codegen.ts', ...operations].map(mtime)) > mtime(generated)) {
    runOrExit(bins.codegen, ['--config', 'codegen.ts', '--silent']);
  }
  // The browser code has its own tsconfig (DOM types); esbuild strips types without checking them.
  if (bins.tsc) runOrExit(bins.tsc, ['--noEmit', '-p', 'web/tsconfig.json']);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: ['web/main.ts', 'web/page.css'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir: OUT,
    entryNames: '[name]-[hash]',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const manifest = {
    script: outputs.find((f) => /^main-.*\.js$/.test(f)),
    style: outputs.find((f) => /^page-.*\.css$/.test(f)),
  };
  for (const file of outputs) {
    const body = readFileSync(path.join(OUT, file));
    writeFileSync(path.join(OUT, `${file}.gz`), zlib.gzipSync(body, { level: 9 }));
    writeFileSync(path.join(OUT, `${file}.br`), zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  writeFileSync(path.join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(STAMP, stamp + '\n');
}

module.exports = { buildWeb };

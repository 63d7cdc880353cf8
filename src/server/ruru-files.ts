import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { RequestHandler } from 'express';
import { projectRoot } from '../common/project-root';

/**
 * Ruru's prebuilt files, as the `ruru` package ships them for its own server (brotli-compressed,
 * in its dist/bundleCode.js), copied into vendor/ruru/ by scripts/vendor-ruru.js. The hub serves
 * the copy, so a runtime install needs no `ruru` (a dev dependency), whose own dependencies
 * (graphiql, monaco-editor, React: about 270 MB) the hub never loads.
 */
const VENDOR = path.join(projectRoot(), 'vendor', 'ruru');
const manifest = JSON.parse(readFileSync(path.join(VENDOR, 'manifest.json'), 'utf8')) as { version: string; etags: Record<string, string> };
const { version } = manifest;

/** The URL path of Ruru's files; the version in it lets browsers keep them for good. */
export const RURU_PATH = `/explorer/ruru-${version}/`;

interface BundledFile {
  etag: string;
  buffer: Buffer;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  ttf: 'font/ttf',
  txt: 'text/plain; charset=utf-8',
};

const files = new Map<string, BundledFile>();
/** One of Ruru's files, read on its first request (about 2.7 MB in all), or undefined. */
function bundled(name: string): BundledFile | undefined {
  const etag = Object.hasOwn(manifest.etags, name) ? manifest.etags[name] : undefined;
  if (etag === undefined) return undefined;
  let file = files.get(name);
  if (!file) {
    file = { etag, buffer: readFileSync(path.join(VENDOR, 'files', `${name}.br`)) };
    files.set(name, file);
  }
  return file;
}

/** Serves one of Ruru's files: compressed as stored to a browser that takes brotli, decompressed otherwise. */
export function ruruFile(): RequestHandler {
  return (req, res, next) => {
    const name = String(req.params.file);
    const file = bundled(name);
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (!file || !type) return next();
    res.set({
      'Content-Type': type,
      ETag: file.etag,
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    });
    if (/\bbr\b/i.test(req.headers['accept-encoding'] ?? '')) res.set('Content-Encoding', 'br').send(file.buffer);
    else res.send(brotliDecompressSync(file.buffer));
  };
}

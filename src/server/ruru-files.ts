import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { RequestHandler } from 'express';

/**
 * Ruru's prebuilt files (the `ruru` package's static/ folder), as the package itself ships them
 * for its own server: brotli-compressed buffers in `dist/bundleCode.js`. Read here directly
 * because `ruru/static` loads that module with a dynamic `import()`, which jest cannot run.
 */
const RURU_DIST = path.dirname(require.resolve('ruru/static'));
const { version } = require(path.join(RURU_DIST, 'version.js')) as { version: string };

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

let files: Record<string, BundledFile> | undefined;
/** Loaded on the first request for one (about 2.7 MB of buffers), not at start. */
function bundled(): Record<string, BundledFile> {
  files ??= (require(path.join(RURU_DIST, 'bundleCode.js')) as { bundleData: Record<string, BundledFile> }).bundleData;
  return files;
}

/** Serves one of Ruru's files: compressed as stored to a browser that takes brotli, decompressed otherwise. */
export function ruruFile(): RequestHandler {
  return (req, res, next) => {
    const name = String(req.params.file);
    const file = Object.hasOwn(bundled(), name) ? bundled()[name] : undefined;
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

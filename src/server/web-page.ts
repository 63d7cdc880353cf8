import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { onlyReads } from './only-reads';
import type { Logger } from 'pino';
import { DIMENSIONS, dimensionsFor } from '../aggregation/dimensions';
import { StatsUnit } from '../aggregation/units';
import { projectRoot } from '../common/project-root';
import { languageOf } from '../common/language';
import type { Lang } from '../questionnaire/text';

/**
 * Only the hub itself: no inline script or style, no outside font, script or connection
 * (docs/page.md). The page's charts draw SVG through attributes and the CSSOM, which this allows.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where scripts/build-web.js writes the bundle, with manifest.json naming its hashed files. */
const WEB_DIR = path.join(projectRoot(), 'dist', 'web');

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.txt': 'text/plain; charset=utf-8' };

interface Manifest {
  script: string;
  style: string;
}

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Vary', 'Accept-Encoding');
}

/** The encodings to send, best first, of what the request accepts (brotli, gzip, none). */
function encodingFor(req: Request): 'br' | 'gzip' | null {
  const accepted = req.acceptsEncodings('br', 'gzip', 'identity');
  return accepted === 'br' || accepted === 'gzip' ? accepted : null;
}

/** The respondent dimensions with their names in both languages, from the registry the API uses. */
function dimensionsJson(): string {
  const list = dimensionsFor(StatsUnit.RESPONDENT).map((name) => ({ name, label: DIMENSIONS.get(name)!.label }));
  // `<` escaped so no text can close the data block.
  return JSON.stringify(list).replace(/</g, '\\u003c');
}

function pageHtml(manifest: Manifest, lang: Lang, dimensions: string): string {
  const title = lang === 'es' ? 'DTM Hub: monitoreo de flujo' : 'DTM Hub: flow monitoring';
  const noscript =
    lang === 'es'
      ? 'Esta página necesita JavaScript. La API GraphQL pública está en /graphql.'
      : 'This page needs JavaScript. The public GraphQL API is at /graphql.';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="/assets/${manifest.style}">
<script type="module" src="/assets/${manifest.script}"></script>
<script type="application/json" id="hub-dimensions">${dimensions}</script>
</head>
<body>
<div id="app"><noscript><p>${noscript}</p></noscript></div>
</body>
</html>
`;
}

/**
 * The hub's own page at `/` (docs/page.md): a shell naming the bundle built at install time
 * (dist/web), and the bundle's files at `/assets/`, precompressed, cached for good (their names
 * change with their content). With `enabled` false (LANDING_PAGE=false), `/` stays the JSON 404.
 */
export function hubPage(enabled: boolean, logger: Logger): RequestHandler {
  const router = Router();
  if (!enabled) return onlyReads(router);
  const manifestFile = path.join(WEB_DIR, 'manifest.json');
  if (!existsSync(manifestFile)) {
    logger.warn({ dir: WEB_DIR }, 'the page at / is not built (run `npm run build`): / answers 404');
    return onlyReads(router);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const assets = new Set(Object.values(manifest).flatMap((f: string) => [f, `${f}.LEGAL.txt`]));
  const dimensions = dimensionsJson();
  // The shell in each language and encoding, made once.
  const shells = new Map<string, Buffer>();
  const shell = (lang: Lang, encoding: 'br' | 'gzip' | null): Buffer => {
    const key = `${lang}:${encoding}`;
    let body = shells.get(key);
    if (!body) {
      const plain = Buffer.from(pageHtml(manifest, lang, dimensions));
      body = encoding === 'br' ? brotliCompressSync(plain) : encoding === 'gzip' ? gzipSync(plain) : plain;
      shells.set(key, body);
    }
    return body;
  };

  // A browser (Accept prefers HTML) gets the page; an API client (JSON, */* or no Accept) still
  // gets the JSON 404 that lists the endpoints.
  router.get('/', (req, res, next) => {
    if (req.accepts(['json', 'html']) !== 'html') return next();
    const asked = req.query.lang;
    const lang: Lang = asked === 'es' || asked === 'en' ? asked : languageOf(req);
    const encoding = encodingFor(req);
    pageHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.append('Vary', ['Accept', 'Accept-Language']);
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.send(shell(lang, encoding));
  });

  router.get('/assets/:file', (req, res, next) => {
    const file = req.params.file;
    if (!assets.has(file)) return next();
    const encoding = encodingFor(req);
    const onDisk = path.join(WEB_DIR, encoding === 'br' ? `${file}.br` : encoding === 'gzip' ? `${file}.gz` : file);
    const body = existsSync(onDisk) ? onDisk : path.join(WEB_DIR, file);
    pageHeaders(res);
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    if (body === onDisk && encoding) res.setHeader('Content-Encoding', encoding);
    res.sendFile(body, { acceptRanges: false });
  });
  return onlyReads(router);
}

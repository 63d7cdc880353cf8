import http from 'node:http';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { builtFile } from '../support/built-hub';
import { startTestHub, type TestHub } from '../support/hub';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with the exact headers given, and the body as sent (not decompressed). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  headers = { accept: BROWSER_ACCEPT, ...headers };
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** What Chromium sends for a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

describe('Page: how the hub serves its page at /', () => {
  let hub: TestHub;
  let origin: string;
  let manifest: { script: string; style: string };

  beforeAll(async () => {
    manifest = JSON.parse(readFileSync(builtFile('web/manifest.json'), 'utf8'));
    hub = await startTestHub();
    origin = await hub.listen();
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('answers / with the page shell under a Content-Security-Policy that allows only the hub', async () => {
    const res = await get(`${origin}/`, { 'accept-language': 'es-PE,es;q=0.9' });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body.toString('utf8');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain(`<script type="module" src="/assets/${manifest.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/assets/${manifest.style}">`);
    // No inline script or style, and nothing from another origin.
    expect(html).not.toMatch(/<script(?![^>]*(src="\/assets\/|type="application\/json"))/);
    expect(html).not.toMatch(/<style|style="/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('answers an API client at / (JSON, */* or no Accept) with the JSON 404, as before', async () => {
    for (const accept of ['application/json', '*/*', '']) {
      const res = await get(`${origin}/`, { accept });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString('utf8')).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('takes the language from the URL before Accept-Language', async () => {
    const res = await get(`${origin}/?lang=en`, { 'accept-language': 'es' });
    expect(res.body.toString('utf8')).toContain('<html lang="en">');
  });

  it('embeds the dimensions with their Spanish and English names from the registry', async () => {
    const html = (await get(`${origin}/`)).body.toString('utf8');
    const json = /<script type="application\/json" id="hub-dimensions">(.*?)<\/script>/s.exec(html)?.[1] ?? '[]';
    const dims = JSON.parse(json) as { name: string; label: { en: string; es: string } }[];
    expect(dims.find((d) => d.name === 'SEX')?.label).toEqual({ en: 'Sex', es: 'Sexo' });
    expect(dims.find((d) => d.name === 'SURVEY_POINT')?.label).toEqual({ en: 'Survey point', es: 'Punto de monitoreo' });
  });

  it('sends the bundle compressed as asked (brotli, gzip or none), cached for good under its hashed name', async () => {
    const plain = readFileSync(builtFile(`web/${manifest.script}`));
    const br = await get(`${origin}/assets/${manifest.script}`, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['content-security-policy']).toBe(CSP);
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await get(`${origin}/assets/${manifest.script}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    const none = await get(`${origin}/assets/${manifest.script}`, { 'accept-encoding': 'identity' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(plain)).toBe(true);
    const page = await get(`${origin}/`, { 'accept-encoding': 'gzip' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(page.body).toString('utf8')).toContain('<!doctype html>');
  });

  it('answers a file it did not build with the JSON 404', async () => {
    const res = await get(`${origin}/assets/..%2Fsrc%2Fmain.js`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString('utf8')).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('leaves / to the JSON 404 with LANDING_PAGE=false', async () => {
    const off = await startTestHub({ env: { LANDING_PAGE: 'false' } });
    try {
      const url = await off.listen();
      for (const path of ['/', `/assets/${manifest.script}`]) {
        const res = await get(`${url}${path}`);
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
    } finally {
      await off.close();
    }
  });
});

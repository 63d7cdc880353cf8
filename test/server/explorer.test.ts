import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { startTestHub, TestHub } from '../support/hub';

/** What Chromium sends when it opens an address. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const EXAMPLES = path.join(__dirname, '../../examples/operations');
const RURU_STATIC = path.join(path.dirname(require.resolve('ruru/static')), '../static');
const RURU_VERSION = (require(path.join(path.dirname(require.resolve('ruru/static')), 'version.js')) as { version: string }).version;

const page = (base: string, headers: Record<string, string> = {}) => fetch(`${base}/graphql`, { headers: { accept: BROWSER_ACCEPT, ...headers } });

describe('Server: the explorer at /graphql', () => {
  describe('EXPLORER=hub (the default)', () => {
    let t: TestHub;
    let base: string;
    beforeAll(async () => {
      t = await startTestHub();
      base = await t.listen();
    });
    afterAll(() => t.close());

    it('answers a browser with the hub explorer page, in the language it prefers', async () => {
      const en = await page(base);
      expect(en.status).toBe(200);
      expect(en.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await en.text();
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
      expect(html).toContain('<title>DTM Hub: GraphQL explorer</title>');
      const es = await (await page(base, { 'accept-language': 'es-PE,es;q=0.9,en;q=0.5' })).text();
      expect(es).toMatch(/^<!DOCTYPE html>\n<html lang="es">/);
      expect(es).toContain('<title>DTM Hub: explorador GraphQL</title>');
      expect(en.headers.get('vary')).toBe('Accept, Accept-Language');
    });

    it('limits the page to the hub with its Content-Security-Policy, inline scripts included', async () => {
      const res = await page(base);
      const policy = Object.fromEntries(
        res.headers
          .get('content-security-policy')!
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...sources]) => [name, sources]),
      );
      expect(policy).toEqual({
        'default-src': ["'none'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'worker-src': ["'self'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
      // Every script of the page is a file of the hub (an inline one would be refused by the policy).
      const html = await res.text();
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1], body: m[2] }));
      expect(scripts.map((s) => s.attributes)).toEqual([' type="application/json" id="explorer-config"', ' type="module" src="/explorer/explorer.js"']);
      expect(html).not.toMatch(/\bhttps?:\/\/(?!localhost)/);
    });

    it('lists every file of examples/operations, marking the ones that need a partner key', async () => {
      const html = await (await page(base)).text();
      const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql'));
      expect(files.length).toBeGreaterThan(0);
      const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const linked = [...html.matchAll(/href="#query=([^"]*)"/g)].map((m) => decodeURIComponent(unescape(m[1])));
      expect(linked).toHaveLength(files.length);
      for (const file of files) {
        const text = readFileSync(path.join(EXAMPLES, file), 'utf8').trim();
        expect([file, linked.includes(text)]).toEqual([file, true]);
      }
      // By hand: respondent-export, respondents-by-sex and round-respondents read row-level data.
      const marked = [...html.matchAll(/>([A-Za-z]+)<\/a> <span class="needs-key">\(needs a partner key\)<\/span>/g)].map((m) => m[1]);
      expect(marked).toEqual(['RespondentExport', 'RespondentsBySex', 'RoundRespondents']);
    });

    it('still answers GraphQL clients with JSON: GET with a query, POST, and GET without an HTML preference', async () => {
      // A GET names a header Apollo's CSRF prevention asks for, as every GraphQL client's GET does.
      const query = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' } });
      expect(query.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      expect(((await query.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
      const post = await fetch(`${base}/graphql`, { method: 'POST', headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(((await post.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
      for (const accept of ['*/*', 'application/json', 'application/graphql-response+json, text/html;q=0.5']) {
        const res = await fetch(`${base}/graphql`, { headers: { accept } });
        expect([accept, res.status, res.headers.get('content-type')]).toEqual([accept, 400, expect.stringMatching(/json/)]);
      }
    });

    it("serves Ruru's files from the hub, brotli-compressed to browsers that take it, as the ruru package ships them", async () => {
      const url = `${base}/explorer/ruru-${RURU_VERSION}/ruru.js`;
      const onDisk = readFileSync(path.join(RURU_STATIC, 'ruru.js'));
      const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(Buffer.from(await plain.arrayBuffer()).equals(onDisk)).toBe(true);
      // fetch decompresses brotli itself: the header says what travelled.
      const br = await fetch(url, { headers: { 'accept-encoding': 'br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(Number(br.headers.get('content-length'))).toBeLessThan(onDisk.length / 3);
      expect(Buffer.from(await br.arrayBuffer()).equals(onDisk)).toBe(true);
      expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      // Asked again with its ETag (over node:http: Node's fetch does not pass a 304 on).
      const again = await new Promise<number | undefined>((resolve, reject) =>
        get(url, { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! } }, (r) => resolve(r.resume().statusCode)).on('error', reject),
      );
      expect(again).toBe(304);
    });

    it("serves the explorer's own script and style sheet, and nothing else under /explorer/", async () => {
      const js = await fetch(`${base}/explorer/explorer.js`);
      expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
      const css = await fetch(`${base}/explorer/explorer.css`);
      expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
      for (const p of ['/explorer/package.json', `/explorer/ruru-${RURU_VERSION}/nope.js`, `/explorer/ruru-${RURU_VERSION}/ruru.js.map`, '/explorer/../package.json']) {
        const res = await fetch(`${base}${p}`);
        expect([p, res.status, res.headers.get('content-type')]).toEqual([p, 404, 'application/json; charset=utf-8']);
      }
    });
  });

  describe('EXPLORER=sandbox', () => {
    let t: TestHub;
    let base: string;
    beforeAll(async () => {
      t = await startTestHub({ env: { EXPLORER: 'sandbox', NODE_ENV: 'production' } });
      base = await t.listen();
    });
    afterAll(() => t.close());

    it("answers a browser with Apollo Sandbox's landing page, production included, and serves no explorer files", async () => {
      const res = await page(base);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('embeddable-sandbox.cdn.apollographql.com');
      expect(html).not.toContain('explorer-config');
      expect((await fetch(`${base}/explorer/explorer.js`)).status).toBe(404);
    });
  });

  describe('EXPLORER=off', () => {
    let t: TestHub;
    let base: string;
    beforeAll(async () => {
      t = await startTestHub({ env: { EXPLORER: 'off' } });
      base = await t.listen();
    });
    afterAll(() => t.close());

    it('answers a browser with a JSON GraphQL error instead of a page, and serves no explorer files', async () => {
      const res = await page(base);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(await res.text()).not.toMatch(/<html/i);
      expect((await fetch(`${base}/explorer/explorer.js`)).status).toBe(404);
      expect((await fetch(`${base}/explorer/ruru-${RURU_VERSION}/ruru.js`)).status).toBe(404);
    });
  });
});

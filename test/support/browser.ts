import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Headless Chromium (Debian's `chromium` package; no browser is downloaded at install) for page
 * tests. `.ci/run` installs it when missing; on CI a missing browser fails, elsewhere the caller
 * decides (see `browserOrSkipReason`).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium from reaching out on its own (updates, sync, Google look-ups). */
const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Every request that is not to a loopback address goes to a proxy that is not there, so it fails:
  // nothing a page asks for leaves the machine. Loopback (the hub under test) bypasses proxies.
  // Refused by the network stack, not by request interception, which would turn the HTTP cache off.
  '--proxy-server=http://127.0.0.1:9',
];

/** Why browser tests cannot run here, or null when they can (a missing browser fails on CI). */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const why = `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(`browser tests cannot run on CI: ${why}`);
  return why;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_FLAGS, headless: true });
}

/** A page whose every request outside `origin` is recorded (and, off this machine, refused): a test fails on any. */
export interface HubPage {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to reach outside the hub. */
  outside: string[];
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
}

export async function openHubPage(browser: Browser, origin: string, options: { locale?: string } = {}): Promise<HubPage> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US' });
  const outside: string[] = [];
  const errors: string[] = [];
  const hub = new URL(origin).origin;
  // Recorded from the request events (the page's and its workers'), which leave the HTTP cache on.
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== hub) outside.push(url);
  });
  const page = await context.newPage();
  recordErrors(page, errors);
  return { context, page, outside, errors };
}

/** Records a page's console errors and uncaught errors into `errors`. */
export function recordErrors(page: Page, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
}

/**
 * Another tab of `hp`'s context (its HTTP cache, its recorded findings) for a browser whose
 * language is `locale`: the Accept-Language header and navigator.languages, as a context's locale
 * sets them (not Intl's default locale, which Playwright holds for the context), without a new
 * context's empty cache.
 */
export async function tabInLocale(hp: HubPage, locale: string): Promise<Page> {
  const page = await hp.context.newPage();
  recordErrors(page, hp.errors);
  const cdp = await hp.context.newCDPSession(page);
  const userAgent = await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent);
  await cdp.send('Emulation.setUserAgentOverride', { userAgent, acceptLanguage: locale });
  return page;
}

/**
 * The findings of a page's requests and console since the last call, emptied: a test that shares
 * its page with the tests before it asserts only on what its own loads did.
 */
export function takeFindings(hp: HubPage): { outside: string[]; errors: string[] } {
  return { outside: hp.outside.splice(0), errors: hp.errors.splice(0) };
}

/**
 * Forgets what the site at `origin` keeps in the browser (local storage, IndexedDB, cookies, ...)
 * but not the HTTP cache: the next load is a first visit as far as the page can tell, with the
 * hub's immutable files already cached (they are what makes a cold load slow).
 */
export async function forgetSite(page: Page, origin: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const storageTypes = 'cookies,local_storage,indexeddb,file_systems,websql,service_workers,cache_storage,shared_storage,storage_buckets';
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(origin).origin, storageTypes });
  } finally {
    await cdp.detach();
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let axeSourceText: string | undefined;
/** axe-core's bundle (about 500 KB), read once per process. */
const axeSource = () => (axeSourceText ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/**
 * Runs axe-core (the npm package's own bundle, injected into the page) and returns the violations
 * of impact `serious` or `critical`: what a page must not have.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, not as a <script>: the hub's Content-Security-Policy stays on.
  // Once per document; the same source each time, so a tab that loads many views compiles it once (V8's cache).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // The page's document (the test build has no DOM types).
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

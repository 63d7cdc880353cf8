import { h } from './dom';
import { chooseLang, formats, MESSAGES, type Lang, type Messages } from './i18n';
import type { DimensionOption, ViewContext } from './context';
import { overview } from './views/overview';
import { flows } from './views/flows';
import { profile } from './views/profile';
import { published } from './views/published';

const VIEWS = { overview, flows, profile, published } as const;
type ViewName = keyof typeof VIEWS;

/** The URL of this page with some parameters changed (the view, the language), the others kept. */
function urlWith(params: URLSearchParams, changes: Record<string, string>): string {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) next.set(k, v);
  return `/?${next.toString()}`;
}

function header(params: URLSearchParams, view: ViewName, lang: Lang, t: Messages): HTMLElement {
  const other: Lang = lang === 'en' ? 'es' : 'en';
  const nav = h(
    'nav',
    { 'aria-label': t.views },
    h(
      'ul',
      {},
      ...(Object.keys(VIEWS) as ViewName[]).map((name) =>
        h('li', {}, h('a', { href: urlWith(new URLSearchParams({ lang }), { view: name }), 'aria-current': name === view ? 'page' : null }, t[name])),
      ),
    ),
  );
  return h(
    'header',
    {},
    h('a', { href: '#content', class: 'skip' }, t.skip),
    h('p', { class: 'lang-switch' }, h('a', { href: urlWith(params, { lang: other }), hreflang: other, lang: other }, t.otherLanguage)),
    h('h1', {}, t.title),
    h('p', { class: 'lead' }, t.lead),
    nav,
  );
}

/** The dimensions the hub embedded in the page (names in both languages, from its registry). */
function embeddedDimensions(): DimensionOption[] {
  const el = document.getElementById('hub-dimensions');
  return el?.textContent ? (JSON.parse(el.textContent) as DimensionOption[]) : [];
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const lang = chooseLang(params, navigator.languages ?? [navigator.language]);
  const t = MESSAGES[lang];
  const view: ViewName = (Object.keys(VIEWS) as ViewName[]).find((v) => v === params.get('view')) ?? 'overview';
  document.documentElement.lang = lang;
  document.title = `${t[view]} · DTM Hub`;
  const ctx: ViewContext = { lang, t, fmt: formats(lang), params, dimensions: embeddedDimensions() };
  const main = h('main', { id: 'content', tabindex: '-1' }, h('h2', { class: 'view-title' }, t[view]));
  const status = h('p', { class: 'loading', role: 'status' }, t.loading);
  main.append(status);
  const app = document.getElementById('app') ?? document.body;
  app.replaceChildren(header(params, view, lang, t), main);
  try {
    const content = await VIEWS[view](ctx);
    status.remove();
    main.append(content);
    // Time from navigation to the first chart in the page (the browser test reads it; docs/page.md).
    if (main.querySelector('figure svg')) performance.mark('first-chart');
  } catch (e) {
    status.textContent = t.failed + (e instanceof Error ? e.message : String(e));
    status.setAttribute('role', 'alert');
  }
  document.body.dataset.ready = 'true';
}

void start();

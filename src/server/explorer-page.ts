import type { Lang } from '../questionnaire/text';
import type { ExampleOperation } from './example-operations';

/** The explorer's own words (Ruru's interface around them is GraphiQL's, in English). */
const TEXT: Record<Lang, Record<'title' | 'heading' | 'examples' | 'needsKey' | 'keyHelp' | 'headers' | 'keyPlaceholder' | 'loading' | 'noScript', string>> = {
  en: {
    title: 'DTM Hub: GraphQL explorer',
    heading: 'GraphQL explorer',
    examples: 'Example operations',
    needsKey: 'needs a partner key',
    keyHelp: 'Row-level operations need a partner key: open Headers under the query and write "Authorization": "Bearer <your key>".',
    headers: 'A partner key, for the operations marked "needs: partner": remove the // below and write your key.',
    keyPlaceholder: '<partner key>',
    loading: 'Loading the explorer…',
    noScript: 'The explorer needs JavaScript. Without it, send GraphQL to this address with POST (see the README).',
  },
  es: {
    title: 'DTM Hub: explorador GraphQL',
    heading: 'Explorador GraphQL',
    examples: 'Operaciones de ejemplo',
    needsKey: 'requiere una clave de socio',
    keyHelp: 'Las operaciones con datos por persona requieren una clave de socio: abra Headers bajo la consulta y escriba "Authorization": "Bearer <su clave>".',
    headers: 'Clave de socio, para las operaciones marcadas "needs: partner": quite el // de abajo y escriba su clave.',
    keyPlaceholder: '<clave de socio>',
    loading: 'Cargando el explorador…',
    noScript: 'El explorador necesita JavaScript. Sin él, envíe GraphQL a esta dirección con POST (vea el README).',
  },
};

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** JSON inside a `<script type="application/json">` block: no `<` can close the element. */
const jsonBlock = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The link that opens an operation in the explorer (the landing page links the same way). */
export const explorerLink = (query: string, variables?: Record<string, unknown>) =>
  `#query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;

/** What the operation answers: its leading comment, without the `needs:` marker. */
const summary = (op: ExampleOperation) =>
  op.text
    .split('\n')
    .filter((l) => l.startsWith('#') && !/^#\s*needs:/.test(l))
    .map((l) => l.replace(/^#\s?/, ''))
    .join(' ');

export interface ExplorerPageOptions {
  lang: Lang;
  /** The URL path Ruru's files are served under, ending in `/`. */
  ruruPath: string;
  /** The URL path of the explorer's own script and style sheet, ending in `/`. */
  ownPath: string;
  endpoint: string;
  examples: ExampleOperation[];
}

/**
 * The explorer's HTML. It holds no inline script or style (the page's Content-Security-Policy
 * admits none): the settings travel in a JSON data block that `explorer.js` reads.
 */
export function explorerPage({ lang, ruruPath, ownPath, endpoint, examples }: ExplorerPageOptions): string {
  const t = TEXT[lang];
  // Ruru's interface is English: a Spanish page says so, for screen readers.
  const english = lang === 'en' ? '' : ' lang="en"';
  const config = {
    endpoint,
    ruruPath,
    defaultQuery: examples[0]?.text ?? '{ rounds { id number } }',
    defaultHeaders: `{\n  // ${t.headers}\n  // "Authorization": "Bearer ${t.keyPlaceholder}"\n}\n`,
  };
  const items = examples
    .map((op) => {
      const key = op.needsPartner ? ` <span class="needs-key">(${html(t.needsKey)})</span>` : '';
      return `<li><a href="${html(explorerLink(op.text))}">${html(op.name)}</a>${key}<span class="summary"${english}>${html(summary(op))}</span></li>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(t.title)}</title>
<link rel="icon" href="data:,">
<link rel="modulepreload" href="${ruruPath}ruru.js">
<link rel="stylesheet" href="${ruruPath}ruru.css">
<link rel="stylesheet" href="${ownPath}explorer.css">
<script type="application/json" id="explorer-config">${jsonBlock(config)}</script>
<script type="module" src="${ownPath}explorer.js"></script>
</head>
<body>
<header class="hub-bar">
<h1><span class="hub-name">DTM Hub</span> ${html(t.heading)}</h1>
<nav aria-label="${html(t.examples)}">
<details class="examples">
<summary>${html(t.examples)}</summary>
<ul>
${items}
</ul>
</details>
</nav>
<p class="key-help">${html(t.keyHelp)}</p>
</header>
<main id="ruru-root"${english}>
<p class="loading"${english === '' ? '' : ` lang="${lang}"`}>${html(t.loading)}</p>
<noscript><p lang="${lang}">${html(t.noScript)}</p></noscript>
</main>
</body>
</html>
`;
}

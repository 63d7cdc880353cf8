// The hub's explorer: renders Ruru (a GraphiQL distribution) from the hub's own copy of its files.
// Served as a file, not inline, so the page's Content-Security-Policy admits no inline script.
const config = JSON.parse(document.getElementById('explorer-config').textContent);

// Monaco runs its language services in workers; they load from the hub like everything else.
const worker = (file) => new Worker(new URL(config.ruruPath + file, location.href), { type: 'module' });
globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    if (label === 'json') return worker('jsonWorker.js');
    if (label === 'graphql') return worker('graphqlWorker.js');
    return worker('editorWorker.js');
  },
};

/**
 * An operation given in the address, `#query=<encodeURIComponent(query)>&variables=<encodeURIComponent(json)>`
 * (how the landing page and the example list link here). Read by hand: URLSearchParams would turn a
 * `+` into a space.
 */
function linkedOperation() {
  const params = new Map();
  for (const part of location.hash.slice(1).split('&')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    try {
      params.set(part.slice(0, at), decodeURIComponent(part.slice(at + 1)));
    } catch {
      // A malformed escape: the parameter is left out, the explorer still opens.
    }
  }
  const query = params.get('query');
  if (!query) return null;
  let variables = params.get('variables');
  try {
    if (variables) variables = JSON.stringify(JSON.parse(variables), null, 2);
  } catch {
    // Not JSON: shown as given, so the variables editor points at the mistake.
  }
  return { query, variables: variables || undefined };
}

const linked = linkedOperation();
// The operation now lives in a tab (kept by the browser), so a reload does not open it again.
if (linked) history.replaceState(null, '', location.pathname + location.search);
// Following another link (an example below, or one pasted in) opens its operation.
addEventListener('hashchange', () => location.reload());

const { React, createRoot, Ruru } = await import(config.ruruPath + 'ruru.js');
const root = document.getElementById('ruru-root');
root.replaceChildren();
createRoot(root).render(
  React.createElement(Ruru, {
    endpoint: config.endpoint,
    staticPath: config.ruruPath,
    defaultQuery: config.defaultQuery,
    defaultHeaders: config.defaultHeaders,
    // First visit: one tab, the linked operation or the first example. Later visits keep the
    // browser's tabs and open a linked operation in a tab of its own.
    defaultTabs: [{ query: linked ? linked.query : config.defaultQuery, variables: linked?.variables, headers: config.defaultHeaders }],
    initialQuery: linked?.query,
    initialVariables: linked?.variables,
    // Open under the query: the variables of a link, else the headers with the partner-key line.
    defaultEditorToolsVisibility: linked?.variables ? 'variables' : 'headers',
  }),
);

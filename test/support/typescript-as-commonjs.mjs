// The runner import()s each test file (its URL ends in a query, ?<time>). A .ts file is CommonJS here
// (tsconfig "module": "commonjs"): it goes, without source, to Node's CommonJS loader, which compiles
// it with the require hook of compile-typescript.js.
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && new URL(url).pathname.endsWith('.ts')) return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}

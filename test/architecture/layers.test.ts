import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layers of src/, lowest first: a file may import from its own top-level folder or from a
 * lower one, never from a higher one (type-only imports count: they tie the folders together
 * just the same). docs/architecture.md says what each layer holds.
 */
const LAYERS = [
  'config',
  'csv',
  'questionnaire',
  'db',
  'common',
  'modules',
  'orm',
  'aggregation',
  'gazetteer',
  'import',
  'export',
  'security',
  'federation',
  'schema',
  'provisioning',
  'mcp',
  'server',
  'cli',
  'main.ts',
];

/**
 * Arrows against the order, each `from -> to` (files under src/), with the reason it is allowed.
 * None today; the test fails when a listed one is no longer there, so that it leaves the list.
 */
const KNOWN_UPWARD: Record<string, string> = {};

/** Import cycles allowed, as their files in sorted order. None today. */
const KNOWN_CYCLES: string[][] = [];

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The file a relative specifier names, as TypeScript resolves it (`x` is `x.ts` or `x/index.ts`). */
function resolveSpecifier(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${path.relative(SRC, from)} imports ${specifier}, which does not exist`);
}

/** Every file's relative imports (import, export ... from, import(), require), paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolveSpecifier(file, i.fileName));
    graph.set(path.relative(SRC, file), targets.map((t) => path.relative(SRC, t)));
  }
  return graph;
}

const layerOf = (file: string) => file.split('/')[0];

/** Strongly connected components of more than one file, or a file that imports itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('Architecture: layers', () => {
  const graph = importGraph();

  it('places every top-level folder and file of src/ in the declared order', () => {
    const present = [...new Set([...graph.keys()].map(layerOf))].sort();
    expect(present.filter((l) => !LAYERS.includes(l))).toEqual([]);
  });

  it('has every import of src/ point inside src/ (ormconfig.ts at the root imports src/orm, never the reverse)', () => {
    const outside = [...graph].flatMap(([from, targets]) => targets.filter((t) => t.startsWith('..')).map((t) => `${from} -> ${t}`));
    expect(outside).toEqual([]);
  });

  it('has imports between top-level folders run downward only', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        if (LAYERS.indexOf(layerOf(to)) > LAYERS.indexOf(layerOf(from))) upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward.filter((arrow) => !(arrow in KNOWN_UPWARD))).toEqual([]);
    // An exception that no longer occurs must leave the list, so the order cannot loosen silently.
    expect(Object.keys(KNOWN_UPWARD).filter((arrow) => !upward.includes(arrow))).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const found = cycles(graph).map((c) => c.join(' <-> '));
    const known = KNOWN_CYCLES.map((c) => c.join(' <-> '));
    expect(found.filter((c) => !known.includes(c))).toEqual([]);
    expect(known.filter((c) => !found.includes(c))).toEqual([]);
  });
});

'use strict';
// Test files run in plain Node (jest-light-runner), so TypeScript is compiled as Node loads it, by
// the project's own compiler with tsconfig.json's options: the same emit as `tsc` and as ts-jest
// before (decorator metadata, which type-graphql and TypeORM read; exports as plain assignments, which
// jest.spyOn can replace). No type check here: `npm run typecheck` does that. Each file is compiled
// once per source text and the output kept on disk, shared by the workers and by later runs.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { register } = require('node:module');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const ts = require('typescript');

const root = path.join(__dirname, '..', '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
// Inline maps, so stack traces and jest's code frames point at the TypeScript lines; without
// outDir and rootDir, a map names its source beside the file (not from dist/, where tsc writes).
Object.assign(options, { sourceMap: false, inlineSourceMap: true, declaration: false, outDir: undefined, rootDir: undefined });

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const cacheDir = path.join(
  tmpdir(),
  'dtm-hub-test-js',
  hash([ts.version, JSON.stringify(options), readFileSync(__filename, 'utf8')].join('\0')),
);
mkdirSync(cacheDir, { recursive: true });

function compile(filename) {
  const source = readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${hash(`${filename}\0${source}`)}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
    // Written aside, then renamed: another worker may read the same entry meanwhile.
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
    return outputText;
  }
}

require.extensions['.ts'] = (module, filename) => module._compile(compile(filename), filename);
process.setSourceMapsEnabled(true);
// The runner import()s each test file: hand .ts files to require (above).
register('./typescript-as-commonjs.mjs', pathToFileURL(__filename));

import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/project-root';
import { buildHubSchema } from './build-schema';
import { printHubSchema } from './print-schema';

/** Writes schema.graphql from the code, or with --check fails when the committed file is stale. */
async function main(): Promise<void> {
  const sdl = printHubSchema(await buildHubSchema());
  const file = path.join(projectRoot(), 'schema.graphql');
  if (process.argv.includes('--check')) {
    const committed = (() => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    })();
    if (committed !== sdl) {
      console.error('schema.graphql is stale: run `npm run schema:emit` and commit the result.');
      process.exit(1);
    }
    console.log('schema.graphql is up to date.');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`Wrote ${file}`);
}

void main();

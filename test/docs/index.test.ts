import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const DOCS = path.join(__dirname, '..', '..', 'docs');

describe('Docs: docs/README.md indexes every file of docs/', () => {
  const index = readFileSync(path.join(DOCS, 'README.md'), 'utf8');
  const rows = [...index.matchAll(/^\| \[([^\]]+)\]\(([^)]+)\) \| (.+) \| (.+) \|$/gm)].map((m) => ({ name: m[1], link: m[2], holds: m[3], audience: m[4] }));

  it('has one row, with what it holds and who it is for, for each file in docs/', () => {
    const files = readdirSync(DOCS, { withFileTypes: true })
      // Files only: docs/images holds the pictures the documents show.
      .filter((e) => e.isFile() && e.name !== 'README.md')
      .map((e) => e.name)
      .sort();
    expect(rows.map((r) => r.name).sort()).toEqual(files);
    for (const r of rows) expect([r.name, r.link, r.holds.trim().length > 0, r.audience.trim().length > 0]).toEqual([r.name, r.name, true, true]);
  });

  it('links only to files that exist', () => {
    const links = [...index.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
    expect(links.filter((l) => !existsSync(path.join(DOCS, l)))).toEqual([]);
  });
});

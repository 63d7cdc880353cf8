import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/common/project-root';

/*
 * vendor/ruru/ (scripts/vendor-ruru.js) is what the hub serves as its explorer. It must be the
 * installed `ruru` package's own prebuilt files, byte for byte: the package is the outside source.
 */
const dist = path.dirname(require.resolve('ruru/static'));
const { bundleData } = require(path.join(dist, 'bundleCode.js')) as { bundleData: Record<string, { etag: string; buffer: Buffer }> };
const { version } = require(path.join(dist, 'version.js')) as { version: string };
const vendor = path.join(projectRoot(), 'vendor', 'ruru');
const manifest = JSON.parse(readFileSync(path.join(vendor, 'manifest.json'), 'utf8')) as { version: string; etags: Record<string, string> };

describe("Server: the explorer's vendored files are the ruru package's", () => {
  it('has the installed version (run `node scripts/vendor-ruru.js` after upgrading ruru)', () => {
    expect(manifest.version).toBe(version);
  });

  it('holds every file of the package, and no other, with the same bytes and ETags', () => {
    const names = Object.keys(bundleData).sort();
    expect(Object.keys(manifest.etags).sort()).toEqual(names);
    expect(readdirSync(path.join(vendor, 'files')).sort()).toEqual(names.map((n) => `${n}.br`).sort());
    for (const name of names) {
      expect([name, manifest.etags[name]]).toEqual([name, bundleData[name].etag]);
      expect(readFileSync(path.join(vendor, 'files', `${name}.br`)).equals(bundleData[name].buffer)).toBe(true);
    }
  });

  it('ships the licence', () => {
    expect(readFileSync(path.join(vendor, 'LICENSE.md'), 'utf8')).toMatch(/MIT/i);
  });
});

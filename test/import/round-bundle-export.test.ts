import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exportRound, RoundNotFoundError } from '../../src/export/round-bundle';
import { importBundle } from '../../src/import/import-round';
import { seedColumns } from '../support/csv';
import { FIXTURE, OpenDb, openTestDb, removeTempDirs, snapshot, tempDir } from './support';

describe('Import: exporting a round', () => {
  let db: OpenDb;

  beforeAll(async () => {
    db = await openTestDb();
  });

  afterAll(async () => {
    await db.close();
    removeTempDirs();
  });

  it('writes a bundle that imports back to identical data', async () => {
    expect((await importBundle(db.ds, FIXTURE)).ok).toBe(true);
    const imported = await snapshot(db.ds);
    const folder = path.join(tempDir(), 'exported');
    expect(await exportRound(db.ds, 'per', 7, folder)).toEqual({ roundId: 'PER-7', counts: { respondents: 5, households: 5, children: 7 } });
    const again = await importBundle(db.ds, folder);
    expect(again).toEqual({ ok: true, roundId: 'PER-7', counts: { respondents: 5, households: 5, children: 7 }, warnings: [] });
    expect(await snapshot(db.ds)).toEqual(imported);
  });

  it('writes canonical codes, p-codes and yes/no answers', async () => {
    const folder = path.join(tempDir(), 'exported');
    await exportRound(db.ds, 'PER', 7, folder);
    const respondents = readFileSync(path.join(folder, 'respondents.csv'), 'utf8').split('\n');
    expect(respondents[0]).toBe(seedColumns('respondents').join(','));
    expect(respondents[1]).toBe(
      'r1,cebaf_tumbes,2018-11-05,male,34,VEN,married,VE20,university,yes,economic,7,250.5,COL;ECU,passport,has_ptp,PER,PE15,yes,3.5,yes,420,yes,nationality,robbery;verbal,',
    );
    const round = JSON.parse(readFileSync(path.join(folder, 'round.json'), 'utf8')) as Record<string, unknown>;
    expect(round.surveyPoints).toEqual([
      { code: 'cebaf_tumbes', name: 'CEBAF, Tumbes', kind: 'border_control_point', direction: 'entry', admin1Pcode: 'PE24', borderWith: 'ECU' },
      { code: 'lima_terminal', name: 'Terminal Plaza Norte, Lima', kind: 'bus_terminal', direction: 'both', admin1Pcode: 'PE15', borderWith: null },
    ]);
    expect(readFileSync(path.join(folder, 'children.csv'), 'utf8').split('\n')[2]).toBe('c2,h1,left_in_venezuela,male,12,secondary,yes,yes,grandparent');
  });

  it('refuses a round that does not exist', async () => {
    await expect(exportRound(db.ds, 'PER', 99, tempDir())).rejects.toThrow(RoundNotFoundError);
  });
});

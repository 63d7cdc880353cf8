import { IdRegistry } from '../../src/import/id-registry';

describe('Import: the id registry of a sheet', () => {
  it('numbers new ids in first-seen order and names the first row of a repeated id', () => {
    const ids = new IdRegistry();
    expect(ids.add('r1', 2)).toEqual({ added: true, index: 0 });
    expect(ids.add('r2', 3)).toEqual({ added: true, index: 1 });
    expect(ids.add('r1', 7)).toEqual({ added: false, firstRow: 2 });
    expect(ids.size).toBe(2);
    expect(ids.find('r2')).toBe(1);
    expect(ids.find('r3')).toBeNull();
    expect(ids.rows.get(1)).toBe(3);
  });

  it('forgets every id once released', () => {
    const ids = new IdRegistry();
    ids.add('h1', 2);
    ids.release();
    expect(ids.size).toBe(0);
    expect(ids.find('h1')).toBeNull();
  });
});

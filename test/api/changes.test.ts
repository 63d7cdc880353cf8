import { deleteRound, UnknownRoundError } from '../../src/import/delete-round';
import { importBundle } from '../../src/import/import-round';
import { ProgressSink, SILENT_PROGRESS } from '../../src/import/progress';
import { loadReferenceData } from '../../src/provisioning/reference-data';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { dtmHub } from '../cli/support';
import { DATA_VERSION_CHECK_MS } from '../../src/server/response-cache';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectBadUserInput } from '../support/expect-errors';
import { startTestHub, TestHub } from '../support/hub';
import { bundleVariant, FIXTURE, removeTempDirs, snapshot } from '../import/support';

const CHANGES = `query ($after: String, $since: DateTime, $first: Int = 50) {
  changes(first: $first, after: $after, since: $since) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind roundId country dataset dataVersion changedAt } }
  }
}`;

interface ChangeNode {
  id: string;
  kind: string;
  roundId: string | null;
  country: string | null;
  dataset: string | null;
  dataVersion: number;
  changedAt: string;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Changes: what changed since the last sync', () => {
  let t: TestHub;
  const changes = async (variables: Record<string, unknown> = {}) => {
    const res = await t.exec(CHANGES, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.changes as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: ChangeNode }[] };
  };
  const dataVersion = async () => Number((await t.ds.query("SELECT value FROM hub_setting WHERE key = 'data_version'"))[0].value);
  const figureCount = async (table: string) => Number((await t.ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4, 5] });
  });
  afterAll(async () => {
    await t.close();
    removeTempDirs();
  });

  it('holds an import for each round loaded, with the data version it made', async () => {
    const all = (await changes()).edges.map((e) => e.node);
    expect(all.filter((c) => c.roundId).map((c) => [c.kind, c.roundId, c.country])).toEqual([
      ['ROUND_IMPORTED', 'PER-4', 'PER'],
      ['ROUND_IMPORTED', 'PER-5', 'PER'],
    ]);
    expect(all[all.length - 1].dataVersion).toBe(await dataVersion());
    expect(all.map((c) => Number(c.id))).toEqual([...all.map((c) => Number(c.id))].sort((a, b) => a - b));
  });

  it('pages with `after`: the cursor of the last page gives exactly the changes made since', async () => {
    const first = await changes({ first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await changes({ after: first.pageInfo.endCursor });
    expect(rest.edges.length).toBe(first.totalCount - 1);
    const synced = rest.pageInfo.endCursor;

    const before = new Date().toISOString();
    await pause();
    expect((await importBundle(t.ds, FIXTURE)).ok).toBe(true);
    expect((await importBundle(t.ds, FIXTURE)).ok).toBe(true);
    const since = (await changes({ after: synced })).edges.map((e) => e.node);
    expect(since.map((c) => [c.kind, c.roundId])).toEqual([
      ['ROUND_IMPORTED', 'PER-7'],
      ['ROUND_REPLACED', 'PER-7'],
    ]);
    expect(since[1].dataVersion).toBe(await dataVersion());
    expect((await changes({ since: before })).edges.map((e) => e.node.id)).toEqual(since.map((c) => c.id));
  });

  it('gives `rounds(updatedSince:)` exactly the rounds imported or replaced since', async () => {
    const before = new Date().toISOString();
    await pause();
    expect((await importBundle(t.ds, path.join(SEEDS_DIR, 'per-round-4'))).ok).toBe(true);
    const res = await t.exec('query ($s: DateTime) { rounds(updatedSince: $s) { legacyId } all: rounds { legacyId } }', { s: before });
    expect(res.errors).toBeUndefined();
    expect(res.data!.rounds.map((r: { legacyId: string }) => r.legacyId)).toEqual(['PER-4']);
    expect(res.data!.all.map((r: { legacyId: string }) => r.legacyId)).toEqual(['PER-4', 'PER-5', 'PER-7']);
  });

  it('gives the figures with `updatedSince` all or nothing, as a reload replaces them all', async () => {
    const query = 'query ($s: DateTime) { publishedFigures(updatedSince: $s) { id } flowStatistics(updatedSince: $s) { id } }';
    const before = new Date().toISOString();
    await pause();
    let res = await t.exec(query, { s: before });
    expect([res.errors, res.data!.publishedFigures.length, res.data!.flowStatistics.length]).toEqual([undefined, 0, 0]);
    await loadReferenceData(t.ds, path.join(SEEDS_DIR, 'reference'));
    // Cached answers are dropped when the hub next reads the data version, at most a check period later.
    await new Promise((resolve) => setTimeout(resolve, DATA_VERSION_CHECK_MS + 100));
    res = await t.exec(query, { s: before });
    expect([res.data!.publishedFigures.length, res.data!.flowStatistics.length]).toEqual([await figureCount('published_figure'), await figureCount('flow_statistic')]);
    const last = (await changes({ since: before })).edges.map((e) => e.node);
    expect(last.map((c) => [c.kind, c.dataset])).toEqual([['REFERENCE_RELOADED', 'published-figures']]);
  });

  it('records a deletion, so a partner knows to drop the round, and refuses an unknown round naming it', async () => {
    const before = new Date().toISOString();
    await pause();
    await deleteRound(t.ds, 'per', 7, { waitSeconds: 5 });
    const last = (await changes({ since: before })).edges.map((e) => e.node);
    expect(last.map((c) => [c.kind, c.roundId])).toEqual([['ROUND_DELETED', 'PER-7']]);
    expect(Number((await t.ds.query("SELECT COUNT(*) AS n FROM respondent WHERE round_id = 'PER-7'"))[0].n)).toBe(0);

    const versionBefore = await dataVersion();
    await expect(deleteRound(t.ds, 'PER', 99, { waitSeconds: 5 })).rejects.toThrow(new UnknownRoundError('PER-99', [4, 5]));
    await expect(deleteRound(t.ds, 'PER', 99, { waitSeconds: 5 })).rejects.toThrow(/round PER-99 does not exist; the rounds of PER are 4, 5/);
    expect(await dataVersion()).toBe(versionBefore);
    const env = t.db.config.DATABASE_URL ? { DATABASE_URL: t.db.config.DATABASE_URL } : { SQLITE_PATH: t.db.config.SQLITE_PATH };
    const unknown = await dtmHub(env, 'delete', 'PER', '99');
    expect([unknown.code, unknown.err.trim().split('\n').pop()]).toEqual([1, 'error: round PER-99 does not exist; the rounds of PER are 4, 5']);
    expect(await dataVersion()).toBe(versionBefore);
    expect(await dtmHub(env, 'delete', 'PER', 'x')).toEqual({ code: 2, out: '', err: 'error: <round> must be a round number ≥ 1\n' });
  });

  it('records nothing for an import that fails while writing, and leaves the database as it was', async () => {
    // A replacement: the old round is deleted inside the transaction before the failure, and must come back.
    expect((await importBundle(t.ds, FIXTURE)).ok).toBe(true);
    const bundle = bundleVariant({});
    const tables = await snapshot(t.ds);
    expect(tables.round.rows).toBe(3);
    const log = Number((await t.ds.query('SELECT COUNT(*) AS n FROM change_log'))[0].n);
    const version = await dataVersion();
    // The bundle is checked, then changes on disk once the write has begun: the second read fails inside the transaction.
    const progress: ProgressSink = {
      ...SILENT_PROGRESS,
      start: (phase, total, unit) => {
        const file = path.join(bundle, 'respondents.csv');
        // An age the check would refuse, in place of a valid one of the same length.
        if (phase === 'write') writeFileSync(file, readFileSync(file, 'utf8').replace(',male,34,', ',male,xx,'));
        SILENT_PROGRESS.start(phase, total, unit);
      },
    };
    await expect(importBundle(t.ds, bundle, { progress })).rejects.toThrow(/changed while it was being imported|could not be read again/);
    expect(Number((await t.ds.query('SELECT COUNT(*) AS n FROM change_log'))[0].n)).toBe(log);
    expect(await dataVersion()).toBe(version);
    expect(await snapshot(t.ds)).toEqual(tables);
  });

  it('refuses a malformed time and a cursor that is not one of its own, naming them', async () => {
    const bad = await t.exec(CHANGES, { since: 'yesterday' });
    expect(bad.errors?.[0].message).toMatch(/\$since.*"yesterday".*DateTime/);
    const literal = await t.exec('{ rounds(updatedSince: "2026-13-01") { id } }');
    expect(literal.errors?.[0].message).toMatch(/DateTime cannot represent an invalid date-time-string 2026-13-01/);
    expectBadUserInput(await t.exec(CHANGES, { after: Buffer.from('c1:PER-4').toString('base64url') }), [/after/, /cursor returned by `changes`/]);
    expectBadUserInput(await t.exec(CHANGES, { after: 'nonsense!' }), [/after/, /"nonsense!"/]);
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { getNamedType, GraphQLEnumType, GraphQLSchema, isInputObjectType, isObjectType } from 'graphql';
import { unitsOfAnswer } from '../../src/aggregation/question-sql';
import { UNITS } from '../../src/aggregation/units';
import { SHEET_RULES } from '../../src/import/rules';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { buildHubSchema } from '../../src/schema/build-schema';
import { questionsOf } from '../../src/questionnaire/registry';
import { hasOwnRecordKey, parentJoins, recordKeyUnit, unitDeclaration, UNIT_NAMES, type UnitName } from '../../src/questionnaire/units';
import { CACHEABLE_ROOT_FIELDS } from '../../src/server/cached-answers';
import { ROW_LEVEL_TYPES } from '../../src/server/response-cache';
import { seedRows } from '../support/csv';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

/*
 * A unit is declared once (src/questionnaire/units.ts). These tests walk the declarations and ask
 * every reader about each unit, so a unit declared and left out of a reader fails here: its stats
 * query or row types missing from the schema, its table missing from the database, its sheet from
 * the import, its cache rules or its CSV download. Expected values are the seed bundle's raw rows
 * and the migrated database's own tables.
 */

const ROUND = 4;

const DECLARED = UNIT_NAMES.map((u) => [u, unitDeclaration(u)] as const);

describe('Units: every reader covers every declared unit', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  describe.each(DECLARED)('%s', (name, unit) => {
    it('has its stats query in the schema, taking its filter input, and a StatsUnit value', () => {
      const field = schema.getQueryType()!.getFields()[unit.statsQuery];
      expect(field).toBeDefined();
      expect(getNamedType(field.type).name).toBe('StatsResult');
      const filter = field.args.find((a) => a.name === 'filter');
      expect(filter && getNamedType(filter.type).name).toBe(unit.filterInput);
      expect(isInputObjectType(schema.getType(unit.filterInput))).toBe(true);
      const values = (schema.getType('StatsUnit') as GraphQLEnumType).getValues().map((v) => v.value);
      expect(values).toContain(name);
    });

    it('has its row type in the schema, and its page types when row-level', () => {
      expect(isObjectType(schema.getType(unit.graphqlType))).toBe(true);
      if (unit.rowLevel) {
        expect(isObjectType(schema.getType(`${unit.graphqlType}Connection`))).toBe(true);
        expect(isObjectType(schema.getType(`${unit.graphqlType}Edge`))).toBe(true);
      }
    });

    it('is named by the cache rules: its stats query is cached, its row types are not', () => {
      expect(CACHEABLE_ROOT_FIELDS.has(unit.statsQuery)).toBe(true);
      const types = [unit.graphqlType, `${unit.graphqlType}Connection`, `${unit.graphqlType}Edge`];
      for (const type of types) expect(ROW_LEVEL_TYPES.has(type)).toBe(unit.rowLevel);
    });

    it('has questions, an import sheet writing to its table and a sheet in the seed bundles', () => {
      expect(questionsOf(unit.sheet).some((q) => q.answer.kind === 'id')).toBe(true);
      expect(SHEET_RULES[unit.sheet].table).toBe(unit.table);
      expect(existsSync(path.join(SEEDS_DIR, `per-round-${ROUND}`, `${unit.sheet}.csv`))).toBe(true);
    });

    it('has a list source: its table under its alias, joined up to its parents', async () => {
      // Each module names its source `<unit>Source` (modules/<unit>/<unit>.source.ts).
      const source = (await import(`../../src/modules/${name}/${name}.source`))[`${name}Source`];
      expect(source.alias).toBe(unit.alias);
      const joined: string[] = [];
      const qb = {
        innerJoin(_entity: unknown, alias: string, on: string) {
          joined.push(`${alias} ON ${on}`);
          return qb;
        },
      };
      source.join?.(qb);
      expect(joined).toEqual(parentJoins(name).map((j) => `${j.alias} ON ${j.on}`));
    });
  });
});

describe('Units: every declared unit in a database with a seed round', () => {
  let t: TestHub;
  let base: string;

  beforeAll(async () => {
    t = await startTestHub({ rounds: [ROUND] });
    base = await t.listen();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe.each(DECLARED)('%s', (name, unit) => {
    it('has a table in the migrated database with its parent column, and a record key only when counted by its own', async () => {
      const table = await t.ds.createQueryRunner().getTable(unit.table);
      expect(table).toBeDefined();
      const columns = table!.columns.map((c) => c.name);
      if (unit.parent) expect(columns).toContain(unit.parent.column);
      expect(columns.includes('record_key')).toBe(hasOwnRecordKey(name));
    });

    it('counts in its stats query every row of its sheet in the seed bundle', async () => {
      const res = await t.exec(`{ stats: ${unit.statsQuery} { unit total } }`, undefined, 'partner');
      expect(res.errors).toBeUndefined();
      expect(res.data!.stats).toEqual({ unit: name.toUpperCase(), total: seedRows(ROUND, unit.sheet).length });
    });

    it('lists its rows through its source, joined to its parents', async () => {
      const source = (await import(`../../src/modules/${name}/${name}.source`))[`${name}Source`];
      const qb = t.ds.createQueryBuilder(source.entity, source.alias).select(`${source.alias}.id`);
      const rows = await (source.join ? source.join(qb) : qb).getRawMany();
      expect(rows).toHaveLength(seedRows(ROUND, unit.sheet).length);
    });

    it('has a CSV download of its stats query, its count column tagged with its HXL tag', async () => {
      const res = await fetch(`${base}/export/${unit.statsQuery}.csv`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect((await res.text()).split('\n')[1].split(',')).toContain(unit.countHxl);
    });
  });
});

describe('Units: what the parent links mean', () => {
  // The rules before the declaration, as the stats code wrote them by hand.
  const DIMENSION_UNITS: Record<UnitName, UnitName[]> = {
    respondent: ['respondent', 'household', 'child'],
    household: ['respondent', 'household', 'child'],
    child: ['child'],
  };
  const MEASURE_UNITS: Record<UnitName, UnitName[]> = {
    respondent: ['respondent', 'household'],
    household: ['respondent', 'household'],
    child: ['child'],
  };

  it.each(UNIT_NAMES)('groups and summarises the answers of %s for the units that have at most one, and exactly one, of them', (name) => {
    const q = questionsOf(unitDeclaration(name).sheet).find((x) => x.answer.kind !== 'multi-select')!;
    expect(unitsOfAnswer(q, 'dimension')).toEqual(DIMENSION_UNITS[name]);
    expect(unitsOfAnswer(q, 'measure')).toEqual(MEASURE_UNITS[name]);
  });

  it('joins a child up through its household to its respondent, as the list and stats queries did', () => {
    expect(UNITS.child.joins.map((j) => j.sql)).toEqual(['JOIN household h ON h.id = c.household_id', 'JOIN respondent r ON r.id = h.respondent_id']);
    expect(UNITS.household.joins.map((j) => j.sql)).toEqual(['JOIN respondent r ON r.id = h.respondent_id']);
    expect(UNITS.respondent.joins).toEqual([]);
  });

  it("counts a household with its respondent's record key, one to one", () => {
    expect(UNIT_NAMES.map((u) => [u, recordKeyUnit(u), UNITS[u].recordKey])).toEqual([
      ['respondent', 'respondent', 'r.record_key'],
      ['household', 'respondent', 'r.record_key'],
      ['child', 'child', 'c.record_key'],
    ]);
  });
});

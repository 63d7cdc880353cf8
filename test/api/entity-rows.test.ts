import { EntityTarget, In, ObjectLiteral } from 'typeorm';
import { selectEntities } from '../../src/common/entity-rows';
import { Child } from '../../src/modules/child/child.entity';
import { Household } from '../../src/modules/household/household.entity';
import { Location } from '../../src/modules/location/location.entity';
import { RespondentChoice } from '../../src/modules/respondent/respondent-choice.entity';
import { Respondent } from '../../src/modules/respondent/respondent.entity';
import { Round } from '../../src/modules/round/round.entity';
import { SurveyPoint } from '../../src/modules/survey-point/survey-point.entity';
import { startTestHub, TestHub } from '../support/hub';

/**
 * The loaders and pages read rows with SQL built once per shape and hydrate them from the entity
 * metadata; the oracle is TypeORM's own `find()` on the same rows: same class, same values and
 * types (dates, booleans, doubles, nulls) for every column of every entity they serve.
 */
describe('API: entity rows read by statement shape', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const entities: [string, EntityTarget<ObjectLiteral>][] = [
    ['Respondent', Respondent],
    ['RespondentChoice', RespondentChoice],
    ['Household', Household],
    ['Child', Child],
    ['Round', Round],
    ['SurveyPoint', SurveyPoint],
    ['Location', Location],
  ];

  it.each(entities)('hydrates %s rows exactly as TypeORM find() does', async (_name, entity) => {
    const metadata = t.ds.getMetadata(entity);
    const pks = metadata.primaryColumns.map((c) => c.propertyName);
    const pk = pks[0];
    const some = await t.ds.getRepository(entity).find({ order: { [pk]: 'ASC' }, take: 200 });
    const keys = [...new Set(some.map((row) => row[pk] as string))];
    const order = Object.fromEntries(pks.map((k) => [k, 'ASC' as const]));
    const expected = await t.ds.getRepository(entity).find({ where: { [pk]: In(keys) }, order });
    expect(expected.length).toBeGreaterThan(0);
    const actual = await selectEntities(
      t.ds.manager,
      entity,
      't',
      `test|${pks.join()}`,
      (qb) => pks.reduce((q, k) => q.addOrderBy(`t.${k}`, 'ASC'), qb.where(`t.${pk} IN (:...keys)`)),
      { keys },
    );
    expect(actual).toEqual(expected);
    // toEqual does not compare classes: compare each row's class and its columns' types as well.
    const types = (row: ObjectLiteral) => [row.constructor.name, ...metadata.columns.map((c) => typeof row[c.propertyName])].join();
    expect(actual.map(types)).toEqual(expected.map(types));
  });

  it('binds new values into a statement shape it has already built', async () => {
    const [a, b] = await t.ds.getRepository(Respondent).find({ order: { id: 'ASC' }, take: 2 });
    const byId = (id: string) =>
      selectEntities(t.ds.manager, Respondent, 't', 'test|one', (qb) => qb.where('t.id = :id'), { id });
    expect((await byId(a.id)).map((r) => r.id)).toEqual([a.id]);
    expect((await byId(b.id)).map((r) => r.id)).toEqual([b.id]);
  });
});

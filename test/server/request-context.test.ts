import type { DataSource } from 'typeorm';
import { Role } from '../../src/common/roles';
import type { ReadSession } from '../../src/db/read-session';
import * as modules from '../../src/modules/context';
import { requestContext } from '../../src/server/context';

/**
 * A request's DataLoaders are made at their first use (server/context.ts): an answer from the
 * response cache never makes them. Apollo hands each operation a copy of the context made with
 * `Object.assign` onto the same prototype; the copy must still reach the loaders.
 */
describe('Server: the request context makes its loaders at first use', () => {
  const ds = { manager: { connection: { options: { type: 'sqlite' } } } } as unknown as DataSource;
  const db = { run: jest.fn(), runHeavy: jest.fn() } as unknown as ReadSession;
  const access = { role: Role.PUBLIC, disclosure: { minCell: 5, maxVariables: 4, minListedShare: 0.5 }, lang: 'en' as const };
  const made = jest.spyOn(modules, 'createLoaders');
  beforeEach(() => made.mockClear());
  afterAll(() => made.mockRestore());

  it('makes none until a resolver asks, then the same ones for the whole request', () => {
    const ctx = requestContext(ds, db, access);
    expect(made).not.toHaveBeenCalled();
    expect(ctx.role).toBe(Role.PUBLIC);
    expect(ctx.statsSql.engine).toBe('sqlite');
    const loaders = ctx.loaders;
    expect(loaders.householdByRespondentId).toBeDefined();
    expect(ctx.loaders).toBe(loaders);
    expect(made).toHaveBeenCalledTimes(1);
  });

  it("reaches them through Apollo's per-operation copy of the context", () => {
    const ctx = requestContext(ds, db, access);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as typeof ctx, ctx);
    expect(copy.db).toBe(db);
    expect(copy.loaders.childrenByHouseholdId).toBeDefined();
    expect(copy.loaders).toBe(copy.loaders);
    expect(made).toHaveBeenCalledTimes(1);
  });
});

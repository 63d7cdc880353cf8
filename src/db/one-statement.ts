import { EntityManager, QueryRunner } from 'typeorm';

/**
 * A session marked one-statement (`ReadSession.readOnce`) was asked for a second statement. It
 * runs without a transaction, so a second statement would read another snapshot than the first:
 * a bug in whoever marked it, refused rather than answered from two states of the database.
 */
export class SecondStatementRefused extends Error {
  constructor() {
    super(
      'A read session marked one-statement (ReadSession.readOnce) was asked for a second statement, which would read ' +
        'another snapshot than the first; it was refused. Only a request known to read with exactly one statement may be marked.',
    );
    this.name = 'SecondStatementRefused';
  }
}

/**
 * The manager a one-statement session's work gets: bound to a view of the lease's query runner
 * that sends the first statement and refuses every later one. The guard sits on the runner, where
 * every statement of TypeORM passes (`query`, or `stream`), so a call that sends two statements
 * (`getManyAndCount`, a paged `find` with joins) is caught too, not only a second `run`.
 */
export function oneStatementManager(manager: EntityManager): EntityManager {
  // A lease's manager is bound to its runner (PostgreSQL); a SQLite connection has one runner per DataSource.
  const runner: QueryRunner = manager.queryRunner ?? manager.connection.createQueryRunner();
  let sent = false;
  const once =
    <A extends unknown[], R>(send: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      if (sent) return Promise.reject(new SecondStatementRefused());
      sent = true;
      return send.apply(runner, args);
    };
  const query = once(runner.query);
  const stream = once(runner.stream);
  const guarded = new Proxy(runner, {
    get: (target, prop, receiver) => (prop === 'query' ? query : prop === 'stream' ? stream : Reflect.get(target, prop, receiver)),
  });
  return manager.connection.createEntityManager(guarded);
}

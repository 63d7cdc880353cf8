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
 * What sends a statement past the query runner's `query` (a named prepared statement on its pg
 * client, db/prepared-statements.ts) calls first, when the runner has it: it refuses a second
 * statement of a one-statement session as `query` does.
 */
export const STATEMENT_GATE = Symbol('one-statement gate');

/** Passes the runner's one-statement gate, if it has one (throws SecondStatementRefused on a second statement). */
export function passStatementGate(runner: QueryRunner): void {
  (runner as unknown as { [STATEMENT_GATE]?: () => void })[STATEMENT_GATE]?.();
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
  const gate = () => {
    if (sent) throw new SecondStatementRefused();
    sent = true;
  };
  const guarded = new Proxy(runner, {
    get: (target, prop, receiver) =>
      prop === 'query' ? query : prop === 'stream' ? stream : prop === STATEMENT_GATE ? gate : Reflect.get(target, prop, receiver),
  });
  return manager.connection.createEntityManager(guarded);
}

import { DataSource } from 'typeorm';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { engineOf, StatsSql, statsSqlOn } from '../aggregation/stats.service';
import type { Role } from '../common/roles';
import { ReadSession } from '../db/read-session';
import { Context, createLoaders, Loaders } from '../modules/context';
import type { Lang } from '../questionnaire/text';

type Access = { role: Role; disclosure: DisclosureSettings; lang: Lang };

/**
 * One request's context. The loaders are made at their first use: an answer from the response
 * cache, or a request refused before execution, never needs them (making every module's loaders
 * was 4.8% of the hub's CPU on a cached stats answer). A getter on the prototype, so that Apollo's
 * per-operation copy of the context (`Object.assign` onto the same prototype) keeps it.
 */
class RequestContext implements Context {
  readonly role: Role;
  readonly disclosure: DisclosureSettings;
  readonly lang: Lang;
  readonly statsSql: Context['statsSql'];
  private made?: Loaders;

  constructor(
    readonly dataSource: DataSource,
    readonly db: ReadSession,
    access: Access,
  ) {
    this.role = access.role;
    this.disclosure = access.disclosure;
    this.lang = access.lang;
    const statsSql: StatsSql = (sql, params) => db.runHeavy((manager) => statsSqlOn(manager)(sql, params));
    statsSql.engine = engineOf(dataSource.manager);
    this.statsSql = statsSql;
  }

  get loaders(): Loaders {
    return (this.made ??= createLoaders(this.db));
  }
}

/** The context of one request (GraphQL operation or CSV export). */
export function requestContext(ds: DataSource, db: ReadSession, access: Access): Context {
  return new RequestContext(ds, db, access);
}

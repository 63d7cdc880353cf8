import { DataSource } from 'typeorm';
import { engineOf, StatsSql, statsSqlOn } from '../aggregation/stats.service';
import type { Role } from '../common/roles';
import { ReadSession } from '../db/read-session';
import { Context, createLoaders } from '../modules/context';
import type { Lang } from '../questionnaire/text';

type Access = { role: Role; disclosureMinCell: number; lang: Lang };

/** The context of one request (GraphQL operation or CSV export). */
export function requestContext(ds: DataSource, db: ReadSession, access: Access): Context {
  const statsSql: StatsSql = (sql, params) => db.runHeavy((manager) => statsSqlOn(manager)(sql, params));
  statsSql.engine = engineOf(ds.manager);
  return { ...access, dataSource: ds, db, statsSql, loaders: createLoaders(db) };
}

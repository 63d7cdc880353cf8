import type { ClassType } from 'type-graphql';
import type { ObjectLiteral } from 'typeorm';
import { parentJoins, unitDeclaration, type UnitName } from '../questionnaire/units';
import type { PageSource } from './pagination';

/**
 * The list query's source of a unit (questionnaire/units.ts): its table under its alias, joined
 * up through its parents (`child c JOIN household h JOIN respondent r`), as filters need.
 * `parents` gives the entity of every unit above it; the modules name their entities, the
 * declaration names the tables.
 */
export function unitSource<T extends ObjectLiteral & { id: string }>(
  unit: UnitName,
  entity: ClassType<T>,
  parents: Partial<Record<UnitName, ClassType>> = {},
): PageSource<T> {
  const alias = unitDeclaration(unit).alias;
  const joins = parentJoins(unit).map((j) => {
    const target = parents[j.unit];
    if (!target) throw new Error(`the source of ${unit} needs the entity of ${j.unit}`);
    return { ...j, target };
  });
  if (joins.length === 0) return { entity, alias };
  return { entity, alias, join: (qb) => joins.reduce((q, j) => q.innerJoin(j.target, j.alias, j.on), qb) };
}

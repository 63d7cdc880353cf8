/**
 * A GraphQL enum of named entries (dimensions, measures) that keeps the old names of renamed
 * entries for one release: an old name maps to a copy of the current entry under the old name, so
 * answers echo the name asked, and the schema marks it deprecated.
 */
export function withOldNames<T extends { name: string; description: string }>(list: readonly T[], renames: ReadonlyMap<string, string>) {
  const byName = new Map<string, T>(list.map((d) => [d.name, d]));
  for (const [old, current] of renames) byName.set(old, { ...byName.get(current)!, name: old });
  const enumObject: Readonly<Record<string, string>> = Object.fromEntries([...byName.keys()].map((n) => [n, n]));
  const valuesConfig = Object.fromEntries([
    ...list.map((d) => [d.name, { description: d.description }]),
    ...[...renames].map(([old, current]) => [old, { description: `Old name of ${current}.`, deprecationReason: `Use ${current}.` }]),
  ]);
  return { byName: byName as ReadonlyMap<string, T>, enumObject, valuesConfig };
}

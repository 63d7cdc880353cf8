import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './errors';

/**
 * Collects the WHERE clauses of a typed filter as SQL with bound, uniquely named parameters.
 * One builder serves the list queries and the aggregate queries, so "which rows count" is
 * defined once per filter type. Absent (undefined/null) values add no clause.
 */
export class WhereBuilder {
  readonly clauses: string[] = [];
  readonly params: Record<string, unknown> = {};
  private counter = 0;
  private valueFree = true;

  constructor(private readonly prefix = 'w') {}

  /** Binds a value and returns its placeholder. */
  bind(value: unknown): string {
    const name = `${this.prefix}${this.counter++}`;
    this.params[name] = value;
    return `:${name}`;
  }

  add(sql: string): this {
    this.valueFree = false;
    this.clauses.push(sql);
    return this;
  }

  /**
   * Whether the best plan of a statement filtered by these clauses is the same for any bound
   * values: true when every clause only names rounds (`round` by country or by number, through a
   * subquery on the small round table, which no plan can see through) and no clause compares a
   * column of the filtered table with a value, whose rows may be many or none (a survey point,
   * a sex, an age). Such a statement may run with a generic plan (db/postgres-snapshots.ts).
   */
  get planFreeOfValues(): boolean {
    return this.valueFree;
  }

  /** A clause whose plan cannot depend on its values (see `planFreeOfValues`). */
  private addValueFree(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  eq(column: string, value: unknown): this {
    if (value === undefined || value === null) return this;
    return this.add(`${column} = ${this.bind(value)}`);
  }

  range(column: string, min: number | null | undefined, max: number | null | undefined, names: [string, string]): this {
    if (min !== undefined && min !== null && max !== undefined && max !== null && min > max) {
      throw badInput(names[0], min, `${names[0]} must not be greater than ${names[1]} (${max}); the filter would match nothing`);
    }
    if (min !== undefined && min !== null) this.add(`${column} >= ${this.bind(min)}`);
    if (max !== undefined && max !== null) this.add(`${column} <= ${this.bind(max)}`);
    return this;
  }

  /** Restricts a round_id column to the round(s) named by country and/or number. */
  round(column: string, country: string | null | undefined, number: number | null | undefined): this {
    const c = country ? country.toUpperCase() : null;
    if (c && number) return this.eq(column, `${c}-${number}`);
    if (c) return this.addValueFree(`${column} IN (SELECT id FROM round WHERE country = ${this.bind(c)})`);
    if (number) return this.addValueFree(`${column} IN (SELECT id FROM round WHERE number = ${this.bind(number)})`);
    return this;
  }

  /** The whole condition as one SQL string ('1 = 1' when empty). */
  sql(): string {
    return this.clauses.length ? this.clauses.map((c) => `(${c})`).join(' AND ') : '1 = 1';
  }

  applyTo<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    for (const clause of this.clauses) qb.andWhere(clause);
    return qb.setParameters(this.params);
  }
}

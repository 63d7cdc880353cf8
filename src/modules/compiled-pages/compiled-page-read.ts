import type { ObjectLiteral } from 'typeorm';
import type { PageArgs } from '../../common/page';
import { fetchPage, PageSource } from '../../common/pagination';
import { decodeCursor } from '../../common/page';
import type { WhereBuilder } from '../../common/where-builder';
import type { Reads } from '../../db/read-session';
import { compiledExpansion, connectionAnswer, WrittenRow } from './page-answer';
import type { PagePlan } from './page-plan';

/**
 * What the root connection's resolver calls when its operation is a compiled page: the one page
 * statement, written into the connection's answer (kept in `answer`). The resolver itself has
 * checked the caller and its arguments, as for any page; it returns the empty object that the
 * cut document's `{ __typename }` reads.
 */
export interface CompiledPageRead {
  read<T extends ObjectLiteral & { id: string }>(db: Reads, source: PageSource<T>, where: WhereBuilder, page: PageArgs): Promise<{ __typename?: never }>;
}

export function compiledPageRead(plan: PagePlan, done: (answer: Record<string, unknown>) => void): CompiledPageRead {
  return {
    async read(db, source, where, page) {
      // The statement selects the plan's columns and joins, and its rows are read by the plan; the
      // source contributes its table, alias and filter joins only.
      const rows = source as unknown as PageSource<WrittenRow>;
      const expansion = compiledExpansion(plan, source.alias);
      done(connectionAnswer(plan.connection, await fetchPage(db, rows, where, page.first, decodeCursor(page.after), plan.rows.columns, expansion)));
      return {};
    },
  };
}

import { fetchPage, PageSource } from '../../common/pagination';
import { decodeCursor } from '../../common/page';
import type { CompiledPageRead } from '../context';
import { compiledExpansion, connectionAnswer, WrittenRow } from './page-answer';
import type { PagePlan } from './page-plan';

/** The compiled page's read (see `CompiledPageRead`), writing its answer into `done`. */
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

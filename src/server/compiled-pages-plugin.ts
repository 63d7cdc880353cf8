import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { execute } from 'graphql';
import { Role } from '../common/roles';
import type { Context } from '../modules/context';
import { compiledPageRead } from '../modules/compiled-pages/compiled-page-read';
import { planFor } from '../modules/compiled-pages/page-plan';

/**
 * Compiled row-level pages (docs/compiled-pages.md). A partner's operation that is one plain
 * page (page-plan.ts) is answered without graphql-js walking its hundreds of fields: the
 * operation cut to its root field and `{ __typename }` runs through graphql-js, so the root
 * field's resolver checks the caller (`@Authorized`) and its arguments (validation, filter,
 * cursor) exactly as always, and the root connection then reads the page with its one
 * statement and writes the whole answer from its rows (page-answer.ts).
 *
 * Everything before execution is unchanged and has already run: parsing and validation, the
 * operation guards, depth and cost limits, the client's budgets. An operation that does not
 * compile, a public caller, or any error in the cut operation (a refused caller, a bad argument,
 * a value the plan cannot write) goes through graphql-js as before, which answers exactly as it
 * would have: the compiled answer is never an error answer. (One exception: the request's read
 * session is marked one-statement before the cut operation runs, since a compiled page is one
 * statement; if the page statement ran and its rows could not be written, which takes a null in
 * a column the schema promises non-null, graphql-js's second statement is refused and the answer
 * is an internal error, where graphql-js alone would have answered that field's error.)
 *
 * Runs after the response cache's and the introspection plugin's `responseForOperation` (the
 * first answer wins): partners' pages are never cached, so those never answer them.
 */
export function compiledPagesPlugin(enabled: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      if (!enabled) return undefined;
      return {
        async responseForOperation({ schema, document, operation, request, contextValue }) {
          if (contextValue.role !== Role.PARTNER) return null;
          const plan = planFor(schema, document, operation);
          if (!plan) return null;
          let answer: Record<string, unknown> | undefined;
          // The page is the request's one statement: it needs no transaction (db/read-session.ts).
          contextValue.db.readOnce();
          contextValue.compiledPage = compiledPageRead(plan, (written) => (answer = written));
          let failed: boolean;
          try {
            const cut = await execute({
              schema,
              document: plan.argumentsDocument,
              variableValues: request.variables,
              contextValue,
              operationName: request.operationName,
            });
            failed = Boolean(cut.errors?.length);
          } finally {
            contextValue.compiledPage = undefined;
          }
          if (failed || answer === undefined) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: { [plan.rootKey]: answer } } } };
        },
      };
    },
  };
}

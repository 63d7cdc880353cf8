import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, SelectionSetNode, FragmentDefinitionNode } from 'graphql';
import { getComplexity, simpleEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../common/page';
import type { Context } from '../server/context';

/**
 * A connection asked with `first: N` costs N times what each item costs. N is capped at the
 * page maximum here so that an oversized `first` reaches argument validation and its message.
 */
function pageEstimator({ args, childComplexity }: ComplexityEstimatorArgs): number | void {
  if (typeof args.first === 'number') return 1 + Math.min(args.first, MAX_PAGE_SIZE) * Math.max(childComplexity, 1);
}

function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) max = Math.max(max, sel.name.value.startsWith('__') ? 0 : 1 + depthOf(sel.selectionSet, fragments, seen));
    else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel.selectionSet, fragments, seen));
    else if (!seen.has(sel.name.value)) {
      const fragment = fragments.get(sel.name.value);
      max = Math.max(max, depthOf(fragment?.selectionSet, fragments, new Set([...seen, sel.name.value])));
    }
  }
  return max;
}

/**
 * Refuses operations too deep or too costly for a public endpoint before anything runs:
 * depth counts nested fields; cost multiplies by the page sizes asked.
 */
export function queryLimitsPlugin(schema: GraphQLSchema, limits: { maxDepth: number; maxComplexity: number }): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          const fragments = new Map(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
          );
          const depth = depthOf((operation as OperationDefinitionNode).selectionSet, fragments, new Set());
          if (depth > limits.maxDepth) {
            throw new GraphQLError(`Query depth ${depth} is over the limit of ${limits.maxDepth}; ask for fewer nested levels.`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (e) {
            // Costing coerces the variables first: a bad variable is the client's mistake.
            throw new GraphQLError((e as Error).message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (cost > limits.maxComplexity) {
            throw new GraphQLError(
              `Query cost ${cost} is over the limit of ${limits.maxComplexity}; ask for smaller pages (first) or fewer nested fields.`,
              { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

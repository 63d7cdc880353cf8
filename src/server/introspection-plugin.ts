import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { DocumentNode, execute, GraphQLError, GraphQLSchema, Kind, SelectionSetNode } from 'graphql';
import { introspectionSchemaOf } from '../common/introspection-schema';
import type { Context } from '../modules/context';

const INTROSPECTION_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);
const META_ROOTS: ReadonlySet<string> = new Set([...INTROSPECTION_ROOTS, '__typename']);

/**
 * Answers introspection from the schema registered for it (the subgraph without federation's
 * internals, so Sandbox's docs and codegen see the API alone), while every other operation,
 * `_service` and `_entities` included, runs on the full schema as before. The swap happens per
 * operation, not by filtering answers: aliases and fragments cannot slip anything past it. An
 * operation mixing `__schema`/`__type` with data fields is refused, since it cannot run on
 * either schema without showing the internals or losing the data fields' own plugins.
 */
export function introspectionPlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  const introspection = introspectionSchemaOf(schema);
  if (introspection === schema) return {};
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ document, operation, request, contextValue }) {
          const roots = rootFieldNames(operation.selectionSet, document);
          if (![...roots].some((name) => INTROSPECTION_ROOTS.has(name))) return null;
          if (![...roots].every((name) => META_ROOTS.has(name))) {
            const refused = new GraphQLError('Ask for __schema and __type in an operation of their own, without data fields.', {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            });
            return answer({ errors: [refused.toJSON()] }, 400);
          }
          const result = await execute({
            schema: introspection,
            document,
            operationName: operation.name?.value,
            variableValues: request.variables,
            contextValue,
          });
          return answer({ data: result.data, ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}) });
        },
      };
    },
  };
}

function answer(singleResult: Extract<GraphQLResponse['body'], { kind: 'single' }>['singleResult'], status?: number): GraphQLResponse {
  return { body: { kind: 'single', singleResult }, http: { status, headers: new HeaderMap() } };
}

/** Names of the root fields an operation selects, through its fragments. */
function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFieldNames(selection.selectionSet, document, seen).forEach((n) => names.add(n));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFieldNames(fragment.selectionSet, document, seen).forEach((n) => names.add(n));
    }
  }
  return names;
}

import type { TypedDocumentString } from './generated/graphql';

/** An operation as the page sends it: its text and variables, also what "open in the explorer" shows. */
export interface Operation<TData, TVars> {
  document: TypedDocumentString<TData, TVars>;
  variables: TVars;
}

/**
 * Sends a typed operation to the hub's public API, as any public caller would: POST /graphql,
 * JSON, no key. The answer's language comes from the variables where an operation takes one.
 */
export async function ask<TData, TVars>({ document, variables }: Operation<TData, TVars>): Promise<TData> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TData | null; errors?: { message: string }[] };
  if (body.errors?.length || body.data == null) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}

/** The link that opens an operation in the hub's explorer, at /graphql (its text and variables in the fragment). */
export function explorerLink<TData, TVars>({ document, variables }: Operation<TData, TVars>): string {
  const query = document.toString().trim();
  return `/graphql#query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
}

import type { ApolloServerPlugin } from '@apollo/server';
import { ASTNode, DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { ALLOWED_TEXT, clip, textProblem } from '../common/client-text';
import { decodeCursor } from '../common/page';
import type { Context } from '../modules/context';

function badText(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions, http: { status: 400 } } });
}

interface ArgumentUse {
  /** The argument, with the input fields inside it: `filter.surveyPoint`. */
  argument: string;
  /** Where it is given: `respondentStats`, `@include`, or `default value of $sp`. */
  of: string;
}

const describeUse = (u: ArgumentUse) => (u.argument ? `argument ${u.argument} of ${u.of}` : u.of);

/**
 * Where each variable is used and the first string literal holding invalid text, with the
 * argument it is given to. One pass over the document (fragments where they are defined).
 */
function scanDocument(document: DocumentNode): {
  uses: Map<string, ArgumentUse[]>;
  literal?: ArgumentUse & { problem: string };
  cursors: (ArgumentUse & { cursor: string })[];
} {
  const uses = new Map<string, ArgumentUse[]>();
  const cursors: (ArgumentUse & { cursor: string })[] = [];
  // Innermost field, directive or variable definition, and the argument path inside it.
  const owners: string[] = [];
  const args: string[] = [];
  let literal: (ArgumentUse & { problem: string }) | undefined;
  const here = (): ArgumentUse => ({ argument: args.join('.'), of: owners[owners.length - 1] ?? 'the operation' });
  const leaveOwner = () => void owners.pop();
  const leaveArg = () => void args.pop();
  visit(document as ASTNode, {
    Field: { enter: (node) => void owners.push(node.name.value), leave: leaveOwner },
    Directive: { enter: (node) => void owners.push(`@${node.name.value}`), leave: leaveOwner },
    VariableDefinition: { enter: (node) => void owners.push(`the default value of $${node.variable.name.value}`), leave: leaveOwner },
    Argument: { enter: (node) => void args.push(node.name.value), leave: leaveArg },
    ObjectField: { enter: (node) => void args.push(node.name.value), leave: leaveArg },
    Variable(node) {
      if (args.length === 0) return; // the variable's own definition
      const list = uses.get(node.name.value) ?? [];
      const use = here();
      if (list.length < 3 && !list.some((u) => describeUse(u) === describeUse(use))) list.push(use);
      uses.set(node.name.value, list);
    },
    StringValue(node) {
      if (literal) return;
      const problem = textProblem(node.value);
      if (problem) literal = { ...here(), problem };
      else if (args.length === 1 && args[0] === CURSOR_ARGUMENT) cursors.push({ ...here(), cursor: node.value });
    },
  });
  return { uses, literal, cursors };
}

/** Connection fields take their cursor as `after`. */
const CURSOR_ARGUMENT = 'after';

/**
 * What is wrong with the text inside a cursor (base64url, so its own characters are always
 * fine), or null. A cursor that does not decode at all is left to the resolver, which says
 * what a cursor is.
 */
function cursorProblem(cursor: unknown): string | null {
  if (typeof cursor !== 'string') return null;
  try {
    const id = decodeCursor(cursor);
    const problem = id === null ? null : textProblem(id);
    return problem ? `the cursor's content ${problem}; expected a cursor returned by this API (pageInfo.endCursor or edges.cursor)` : null;
  } catch {
    return null;
  }
}

/** The first string in a variable's value that holds invalid text, walked without recursion (values may nest deeply). */
function firstBadString(value: unknown): { at: string; problem: string } | null {
  const stack: { value: unknown; at: string }[] = [{ value, at: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) return { at: item.at, problem };
    } else if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => stack.push({ value: v, at: `${item.at}[${i}]` }));
    } else if (item.value !== null && typeof item.value === 'object') {
      for (const [k, v] of Object.entries(item.value)) {
        const keyProblem = textProblem(k);
        if (keyProblem) return { at: item.at, problem: `has a field name that ${keyProblem}` };
        stack.push({ value: v, at: `${item.at}.${k}` });
      }
    }
  }
  return null;
}

/**
 * `scanDocument`'s findings, once per document: Apollo hands the same parsed document to every
 * request with the same text (its document cache), and a dashboard repeats a few operations.
 */
const scans = new WeakMap<DocumentNode, ReturnType<typeof scanDocument>>();
function scannedDocument(document: DocumentNode): ReturnType<typeof scanDocument> {
  let scan = scans.get(document);
  if (!scan) scans.set(document, (scan = scanDocument(document)));
  return scan;
}

/**
 * Refuses, before anything runs, an operation whose string arguments, variables or cursors hold
 * a NUL character or an unpaired surrogate: 400 BAD_USER_INPUT naming the argument, on both
 * engines alike (PostgreSQL would otherwise fail the statement with an internal error).
 */
export function textGuardPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        // Throws without awaiting, so that when several plugins refuse the same operation the
        // client gets this precise message (Apollo settles didResolveOperation hooks together).
        async didResolveOperation({ request, document }) {
          const { uses, literal, cursors } = scannedDocument(document);
          const capital = (u: ArgumentUse) => describeUse(u)[0].toUpperCase() + describeUse(u).slice(1);
          if (literal) {
            throw badText(`${capital(literal)}: the text ${literal.problem}; ${ALLOWED_TEXT}.`, { argument: literal.argument || null });
          }
          for (const c of cursors) {
            const problem = cursorProblem(c.cursor);
            if (problem) throw badText(`${capital(c)}: ${problem}.`, { argument: c.argument });
          }
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const nameProblem = textProblem(name);
            if (nameProblem) throw badText(`A variable name ${nameProblem}; ${ALLOWED_TEXT}.`, { argument: null });
            const used = uses.get(name) ?? [];
            const cursorUse = used.find((u) => u.argument === CURSOR_ARGUMENT);
            const inCursor = cursorUse ? cursorProblem(value) : null;
            if (inCursor) throw badText(`Variable $${clip(name)} (${describeUse(cursorUse!)}): ${inCursor}.`, { argument: CURSOR_ARGUMENT, variable: name });
            const bad = firstBadString(value);
            if (!bad) continue;
            const where = used.length ? ` (${used.map(describeUse).join('; ')})` : '';
            throw badText(`Variable $${clip(name)}${clip(bad.at, 100)}${where}: the text ${bad.problem}; ${ALLOWED_TEXT}.`, {
              argument: used[0]?.argument || null,
              variable: name,
            });
          }
        },
      };
    },
  };
}

import type { GqlResult } from './hub';

/**
 * Asserts the answer to a client mistake: a BAD_USER_INPUT error whose message says each thing
 * given in `mentions` (the argument, the value, what is allowed), and no internals (stack, SQL).
 */
export function expectBadUserInput(res: GqlResult, mentions: RegExp[]): void {
  expect(res.errors).toBeDefined();
  expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  for (const m of mentions) expect(res.errors![0].message).toMatch(m);
  expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|SELECT|sqlite|postgres/i);
}

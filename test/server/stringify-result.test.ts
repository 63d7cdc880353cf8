import { withDataText } from '../../src/server/cached-answers';

/** A cached answer's JSON is spliced from its stored `data` text; the oracle is JSON.stringify itself. */
describe('Server: results written with a cached answer’s data text', () => {
  const data = { respondentStats: { total: 2077, groups: [{ keys: [{ dimension: 'SEX', code: 'female', label: 'Mujer "F"\u2028' }], count: 1004, share: 0.4834, ci95: null }] } };
  const cases: Record<string, Record<string, unknown>> = {
    'data alone': { data },
    'data and extensions': { data, extensions: { cost: { requested: 162, remainingThisMinute: 838 } } },
    'errors, data and extensions, in Apollo’s order': { errors: [{ message: 'x', path: ['a', 0] }], data, extensions: { code: 1 } },
    'undefined keys left out': { errors: undefined, data, extensions: undefined },
  };
  for (const [name, value] of Object.entries(cases)) {
    it(`writes the same text as JSON.stringify: ${name}`, () => {
      expect(withDataText(value, JSON.stringify(data))).toBe(JSON.stringify(value));
    });
  }
});

import { storedAnswer, stringifyResult, withDataText } from '../../src/server/cached-answers';

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

/**
 * Answers read from the store are served without parsing their `data` (issue 20: every hit was
 * parsed and the parse kept). The stored text is what Apollo's response-cache plugin writes,
 * `JSON.stringify({ data, cachePolicy, cacheTime })`; the oracle is JSON.stringify of the parsed text.
 */
describe('Server: answers read from the response cache without parsing them', () => {
  const policy = { maxAge: 60, scope: 'PUBLIC' as const };
  // Keys and strings that look like the plugin's own: an alias named cachePolicy, and the marker inside a string.
  const tricky = {
    cachePolicy: [{ id: '4', name: 'x,"cachePolicy":{"maxAge":1}' }],
    b: { cachePolicy: { maxAge: 'no' }, cacheTime: 1, label: 'Perú \u2019 "q" \\' },
  };
  const texts: Record<string, string> = {
    'an ordinary answer': JSON.stringify({ data: { rounds: [{ id: '4', number: 4 }] }, cachePolicy: policy, cacheTime: 1765000000000 }),
    'an answer whose own keys and strings look like the plugin’s': JSON.stringify({ data: tricky, cachePolicy: policy, cacheTime: 1765000000000 }),
  };
  for (const [name, text] of Object.entries(texts)) {
    it(`serves ${name} as the text it would have parsed and written`, () => {
      const expected = JSON.parse(text) as { data: unknown; cachePolicy: unknown; cacheTime: number };
      const parse = jest.spyOn(JSON, 'parse');
      const found = storedAnswer(text);
      expect(found.cachePolicy).toEqual(expected.cachePolicy);
      expect(found.cacheTime).toBe(expected.cacheTime);
      const result = { data: found.data, extensions: { cost: { requested: 7 } } };
      expect(stringifyResult(result)).toBe(`${JSON.stringify({ data: expected.data, extensions: result.extensions })}\n`);
      // Only the plugin's small tail was parsed, never the data.
      expect(parse.mock.calls.map(([t]) => t)).toEqual([expect.stringMatching(/^\{"cachePolicy":\{"maxAge":60,"scope":"PUBLIC"\},"cacheTime":\d+\}$/)]);
      parse.mockRestore();
    });
  }

  it('gives readers a parsed copy of the data, and serializes what they leave there', () => {
    const text = texts['an ordinary answer'];
    const found = storedAnswer(text);
    expect(found.data).toEqual(JSON.parse(text).data);
    (found.data as { rounds: { number: number }[] }).rounds[0].number = 5;
    expect(stringifyResult({ data: found.data })).toBe(`${JSON.stringify({ data: { rounds: [{ id: '4', number: 5 }] } })}\n`);
  });

  it('parses whole a text in another shape', () => {
    const text = JSON.stringify({ cacheTime: 3, cachePolicy: policy, data: { rounds: [] } });
    expect(storedAnswer(text)).toEqual(JSON.parse(text));
  });
});

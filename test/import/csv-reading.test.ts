import { parse } from 'csv-parse/sync';
import { CsvSyntaxError, CsvTokenizer } from '../../src/csv/csv-tokenizer';

function tokenize(text: string, chunkSize: number): string[][] {
  const tokenizer = new CsvTokenizer();
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunkSize) tokenizer.push(text.slice(i, i + chunkSize), out);
  tokenizer.end(out);
  return out;
}

describe('Import: reading CSV', () => {
  const samples = [
    'a,b,c\n1,2,3\n',
    'a,b\r\n1,2\r\n3,4',
    'name,note\n"Lima, Perú","said ""hola"""\n',
    'id,text\n1,"two\nlines"\n2,"and\r\nCRLF"\n',
    'x,y\n,\n"",""\n',
    'a,b,c\n1,,\n,,3\n',
    'k\n"quoted at the end"',
  ];

  it.each(samples.map((s) => [JSON.stringify(s), s]))('reads %s as csv-parse does, whatever the chunk size', (_name, text) => {
    const expected = parse(text, { relax_column_count: true }) as string[][];
    for (const size of [1, 2, 3, 7, 1000]) expect(tokenize(text, size)).toEqual(expected);
  });

  it('rejects a quote that is never closed, naming its record', () => {
    expect(() => tokenize('a,b\n1,2\n"3,4\n', 4)).toThrow(new CsvSyntaxError('a quoted value is never closed (a " is missing)', 3));
  });

  it('rejects text after a closing quote and a quote inside an unquoted value', () => {
    expect(() => tokenize('a\n"x"y\n', 100)).toThrow('a quoted value is followed by text before the next comma');
    expect(() => tokenize('a,b\nx,y"z\n"q"\n', 100)).toThrow('a " appears inside a value that does not start with a quote');
  });
});

/**
 * An RFC 4180 tokenizer tuned for the common case. Text is split into lines natively; a line
 * without any `"` is split on commas natively too, and only records with quotes go through the
 * character-by-character path (quoted commas, doubled quotes, line breaks inside quotes: an odd
 * number of quotes means the record goes on on the next line).
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** Record number (1-based) where the problem is. */
    readonly record: number,
  ) {
    super(message);
  }
}

export class CsvTokenizer {
  /** Text after the last line break seen so far. */
  private tail = '';
  /** A quoted record that spans lines, accumulated so far. */
  private open: string | null = null;
  private records = 0;

  /** Tokenizes a chunk; complete records are appended to `out`. */
  push(chunk: string, out: string[][]): void {
    const lines = chunk.split('\n');
    if (this.tail.length > 0) lines[0] = this.tail + lines[0];
    this.tail = lines.pop() as string;
    for (let i = 0; i < lines.length; i++) this.line(lines[i], out);
  }

  /** Ends the input: the last record may lack its line break. */
  end(out: string[][]): void {
    const last = this.tail;
    this.tail = '';
    if (last.length > 0) this.line(last, out);
    if (this.open !== null) {
      throw new CsvSyntaxError('a quoted value is never closed (a " is missing)', this.records + 1);
    }
  }

  private line(line: string, out: string[][]): void {
    if (this.open === null && line.indexOf('"') === -1) {
      this.records += 1;
      out.push((line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line).split(','));
      return;
    }
    if (this.open === null) {
      // A stray quote inside an unquoted value would otherwise look like a value going on.
      const q = line.indexOf('"');
      if (q > 0 && line.charCodeAt(q - 1) !== 44) {
        throw new CsvSyntaxError('a " appears inside a value that does not start with a quote (quote the whole value and double the inner quotes)', this.records + 1);
      }
    }
    const text = this.open === null ? line : `${this.open}\n${line}`;
    if (countQuotes(text) % 2 === 1) {
      this.open = text;
      return;
    }
    this.open = null;
    this.records += 1;
    out.push(parseRecord(text, this.records));
  }
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n += 1;
  return n;
}

/** Parses one complete record that contains quotes. */
function parseRecord(text: string, record: number): string[] {
  const fields: string[] = [];
  const len = text.length;
  let i = 0;
  for (;;) {
    if (i < len && text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) throw new CsvSyntaxError('a quoted value is never closed (a " is missing)', record);
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= len) break;
      const c = text.charCodeAt(i);
      if (c === 44) {
        i += 1;
        continue;
      }
      if (c === 13 && i + 1 === len) break;
      throw new CsvSyntaxError('a quoted value is followed by text before the next comma (double the " inside quoted values)', record);
    }
    let j = text.indexOf(',', i);
    if (j === -1) j = len;
    let value = text.slice(i, j);
    if (value.indexOf('"') !== -1) {
      throw new CsvSyntaxError('a " appears inside a value that does not start with a quote (quote the whole value and double the inner quotes)', record);
    }
    if (j === len && value.charCodeAt(value.length - 1) === 13) value = value.slice(0, -1);
    fields.push(value);
    if (j >= len) break;
    i = j + 1;
  }
  return fields;
}

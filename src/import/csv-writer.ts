import { stringify } from 'csv-stringify/sync';
import { createWriteStream, WriteStream } from 'node:fs';

/**
 * RFC 4180 as the hub has always written it: a field is quoted only when it holds a comma, a quote,
 * `\n` or `\r` (a custom record delimiter turns csv-stringify's quoting of line breaks off, hence
 * `quote_record_delimiter`); records end with `\n`.
 */
const CSV_OPTIONS = { record_delimiter: '\n', quote_record_delimiter: true } as const;

/**
 * Buffered CSV file writer (UTF-8) that respects the stream's backpressure: records are gathered
 * into pages of about a megabyte, and each page is written as one chunk.
 */
export class CsvFileWriter {
  private readonly out: WriteStream;
  private page: string[][] = [];
  private size = 0;

  constructor(
    file: string,
    private readonly columns: readonly string[],
  ) {
    this.out = createWriteStream(file);
    this.page.push([...columns]);
  }

  async write(record: Record<string, string>): Promise<void> {
    const cells = this.columns.map((c) => record[c] ?? '');
    this.page.push(cells);
    for (const cell of cells) this.size += cell.length + 1;
    if (this.size > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = stringify(this.page, CSV_OPTIONS);
    this.page = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    if (this.page.length > 0) await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

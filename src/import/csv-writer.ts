import { createWriteStream, WriteStream } from 'node:fs';

/** A cell as RFC 4180 wants it: quoted only when it holds a comma, a quote or a line break. */
export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Buffered CSV file writer (UTF-8, `\n` line ends) that respects the stream's backpressure. */
export class CsvFileWriter {
  private readonly out: WriteStream;
  private buffer: string[] = [];
  private size = 0;

  constructor(
    file: string,
    private readonly columns: readonly string[],
  ) {
    this.out = createWriteStream(file);
    this.buffer.push(columns.map(csvCell).join(','));
  }

  async write(record: Record<string, string>): Promise<void> {
    const line = this.columns.map((c) => csvCell(record[c] ?? '')).join(',');
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    if (this.buffer.length > 0) await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

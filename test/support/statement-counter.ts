import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';

/** A TypeORM logger that counts the SQL statements sent, for loader tests. */
export class StatementCounter extends AbstractLogger {
  count = 0;
  statements: string[] = [];

  constructor() {
    super(['query']);
  }

  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    if (level !== 'query') return;
    for (const m of Array.isArray(message) ? message : [message]) {
      this.count += 1;
      this.statements.push(String(m.message));
    }
  }

  reset(): void {
    this.count = 0;
    this.statements = [];
  }
}

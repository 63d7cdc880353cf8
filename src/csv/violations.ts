/**
 * A broken rule of the bundle format, located as precisely as the source allows. `row` is the row
 * number a spreadsheet shows (header = row 1, the HXL row counted); `column` is the canonical column.
 */
export interface Violation {
  file: string;
  row?: number;
  column?: string;
  value?: string;
  rule: string;
  message: string;
}

export interface ViolationInput {
  file: string;
  row?: number;
  column?: string;
  /** The header in the source when a mapping renamed it, to show the operator both names. */
  columnSource?: string;
  /** The offending value as read; omitted for problems that are not about one value. */
  value?: string;
  rule: string;
  /** What is wrong and what is allowed, e.g. `must be an integer from 18 to 100`. */
  problem: string;
}

const MAX_SHOWN_VALUE = 80;

function shown(value: string): string {
  const cut = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
  return JSON.stringify(cut);
}

/** `respondents.csv, row 5, column age, value "17": must be an integer from 18 to 100 [range]` */
export function describeViolation(v: ViolationInput): string {
  const where = [v.file];
  if (v.row !== undefined) where.push(`row ${v.row}`);
  if (v.column !== undefined) {
    const source = v.columnSource !== undefined && v.columnSource.toLowerCase() !== v.column ? ` (header ${JSON.stringify(v.columnSource)})` : '';
    where.push(`${v.file.endsWith('.json') ? 'key' : 'column'} ${v.column}${source}`);
  }
  if (v.value !== undefined) where.push(`value ${shown(v.value)}`);
  return `${where.join(', ')}: ${v.problem} [${v.rule}]`;
}

/**
 * Collects violations: keeps the first `limit` of them and counts them all, so a bundle with a
 * million bad rows costs no more memory than one with a hundred.
 */
export class ViolationLog {
  readonly kept: Violation[] = [];
  total = 0;

  constructor(readonly limit = 100) {}

  add(v: ViolationInput): void {
    this.total += 1;
    if (this.kept.length >= this.limit) return;
    const value = v.value !== undefined && v.value.length > 200 ? `${v.value.slice(0, 200)}…` : v.value;
    const violation: Violation = { file: v.file, rule: v.rule, message: describeViolation(v) };
    if (v.row !== undefined) violation.row = v.row;
    if (v.column !== undefined) violation.column = v.column;
    if (value !== undefined) violation.value = value;
    this.kept.push(violation);
  }

  get empty(): boolean {
    return this.total === 0;
  }
}

/**
 * Parsers for single cells of a bundle. Each returns `undefined` when the text is not of the type;
 * callers turn that into a violation naming what is allowed.
 */

const YES = new Set(['yes', 'true', '1', 'si', 'sí']);
const NO = new Set(['no', 'false', '0']);

export function parseYesNo(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return undefined;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseInteger(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Decimal numbers with `.` as the separator (a `,` is rejected rather than guessed). */
export function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD`; returned as written (it sorts as a date). */
export function parseDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days ? text : undefined;
}

/** Splits a multi-select cell (`col;ecu`) into its trimmed, non-empty parts. */
export function splitMulti(text: string): string[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

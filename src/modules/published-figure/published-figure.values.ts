import type { PublishedFigure } from './published-figure.entity';

/** Units of figures whose value is words or a date rather than a number (the reference file's `unit`). */
export const TEXT_UNITS: ReadonlySet<string> = new Set(['text', 'date']);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The value of a text or date figure as published. The reference data keeps that text in the
 * figure's base note (a text figure has no base), so it has one home and this only names it.
 */
export function figureText(f: Pick<PublishedFigure, 'unit' | 'baseNote'>): string | null {
  return TEXT_UNITS.has(f.unit) ? f.baseNote : null;
}

/**
 * The date of a `date` figure, read from the start of its published text: an ISO date
 * (`2018-12-18`) or a day, month and year (`18 Dec 2018 ('this week (18/12)')`). Null when the
 * text does not start with a whole date, rather than a guess.
 */
export function figureDate(f: Pick<PublishedFigure, 'unit' | 'baseNote'>): string | null {
  if (f.unit !== 'date' || !f.baseNote) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})\b/.exec(f.baseNote);
  const dmy = /^(\d{1,2}) ([A-Za-z]{3})[A-Za-z]*\.? (\d{4})\b/.exec(f.baseNote);
  let y: number, m: number, d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy && MONTHS.includes(dmy[2].toLowerCase())) [y, m, d] = [Number(dmy[3]), MONTHS.indexOf(dmy[2].toLowerCase()) + 1, Number(dmy[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

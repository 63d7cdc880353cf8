import { enumCodes } from '../common/enum';
import { DataKind } from '../modules/round/round.enums';
import { roundId } from '../modules/round/round.entity';
import { Direction, SurveyPointKind } from '../modules/survey-point/survey-point.enums';
import type { RoundSource, SourcePlace } from './bundle';
import { isHttpUrl, parseDate, parseInteger } from './cells';
import { LocationIndex } from './locations';
import { ViolationLog } from './violations';

export interface SurveyPointMeta {
  code: string;
  name: string;
  kind: string;
  direction: string;
  admin1Pcode: string;
  borderWith: string | null;
}

export interface RoundMeta {
  id: string;
  country: string;
  number: number;
  name: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  publishedOn: string | null;
  dataKind: string;
  caveat: string | null;
  sourceUrl: string | null;
  surveyPoints: SurveyPointMeta[];
}

/**
 * What the row checks need from the round even when the round itself has problems: the fieldwork
 * period (when valid) and the survey point codes (when readable), so one run reports everything.
 */
export interface RoundCheck {
  meta: RoundMeta | null;
  fieldwork: { start: string; end: string } | null;
  pointCodes: Set<string> | null;
}

const KEYS = ['country', 'number', 'name', 'fieldworkStart', 'fieldworkEnd', 'publishedOn', 'dataKind', 'caveat', 'sourceUrl', 'surveyPoints'];

/** Checks round.json (or the round and survey_points sheets) against the format's rules. */
export function checkRound(source: RoundSource, locations: LocationIndex, log: ViolationLog, warnings: string[]): RoundCheck {
  const before = log.total;
  const fail = (key: string, value: unknown, rule: string, problem: string) => {
    const place: SourcePlace = source.place(key);
    log.add({ ...place, value: shownValue(value), rule, problem });
  };
  if (typeof source.value !== 'object' || source.value === null || Array.isArray(source.value)) {
    log.add({ ...source.place(''), rule: 'round', problem: 'the round metadata must be a JSON object' });
    return { meta: null, fieldwork: null, pointCodes: null };
  }
  const o = source.value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) warnings.push(`${source.place(key).file}: unknown key "${key}" is ignored`);
  }
  const text = (key: string, required: boolean, max: number): string | null => {
    const v = o[key];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) fail(key, undefined, 'required', `is required: ${describeKey(key)}`);
      return null;
    }
    if (typeof v !== 'string') {
      fail(key, v, 'type', `must be a text: ${describeKey(key)}`);
      return null;
    }
    if (v.trim().length > max) {
      fail(key, v, 'max-length', `must be at most ${max} characters`);
      return null;
    }
    return v.trim();
  };
  const date = (key: string, required: boolean): string | null => {
    const v = text(key, required, 10_000);
    if (v === null) return null;
    const d = parseDate(v);
    if (d === undefined) fail(key, v, 'date', 'must be a date written YYYY-MM-DD');
    return d ?? null;
  };

  const countryText = text('country', true, 100);
  const country = countryText === null ? null : locations.country(countryText) ?? null;
  if (countryText !== null && country === null) {
    fail('country', countryText, 'country', 'must be the ISO 3166-1 alpha-3 code of a country (e.g. PER)');
  }
  let number: number | null = null;
  const rawNumber = o.number;
  if (rawNumber === undefined || rawNumber === null || rawNumber === '') {
    fail('number', undefined, 'required', `is required: ${describeKey('number')}`);
  } else {
    const n = typeof rawNumber === 'number' ? rawNumber : typeof rawNumber === 'string' ? parseInteger(rawNumber.trim()) : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 1) fail('number', rawNumber, 'integer', 'must be an integer ≥ 1');
    else number = n;
  }
  const name = text('name', true, 300);
  const fieldworkStart = date('fieldworkStart', true);
  const fieldworkEnd = date('fieldworkEnd', true);
  let fieldwork: RoundCheck['fieldwork'] = null;
  if (fieldworkStart && fieldworkEnd) {
    if (fieldworkStart > fieldworkEnd) {
      fail('fieldworkEnd', fieldworkEnd, 'range', `must not be before fieldworkStart (${fieldworkStart})`);
    } else {
      fieldwork = { start: fieldworkStart, end: fieldworkEnd };
    }
  }
  const publishedOn = date('publishedOn', false);
  const dataKindText = text('dataKind', true, 100);
  const dataKinds = enumCodes(DataKind);
  const dataKind = dataKindText === null ? null : dataKindText.toLowerCase();
  if (dataKind !== null && !dataKinds.includes(dataKind)) fail('dataKind', dataKindText, 'code', `must be one of ${dataKinds.join(', ')}`);
  const caveat = text('caveat', false, 100_000);
  const sourceUrl = text('sourceUrl', false, 500);
  if (sourceUrl !== null && !isHttpUrl(sourceUrl)) fail('sourceUrl', sourceUrl, 'url', 'must be an http(s) URL');

  const points: SurveyPointMeta[] = [];
  let pointCodes: Set<string> | null = null;
  const rawPoints = o.surveyPoints;
  if (!Array.isArray(rawPoints)) {
    fail('surveyPoints', rawPoints === undefined ? undefined : rawPoints, rawPoints === undefined ? 'required' : 'type', 'is required: an array of {code, name, kind, direction, admin1Pcode, borderWith}');
  } else if (rawPoints.length === 0) {
    fail('surveyPoints', undefined, 'required', 'must list at least one survey point');
    pointCodes = new Set();
  } else {
    pointCodes = new Set();
    rawPoints.forEach((p, i) => {
      const point = checkPoint(p, i, country, locations, fail, pointCodes as Set<string>);
      if (point) points.push(point);
    });
  }

  const complete = log.total === before;
  const meta: RoundMeta | null =
    complete && country && number !== null && name && fieldworkStart && fieldworkEnd && dataKind
      ? {
          id: roundId(country, number),
          country,
          number,
          name,
          fieldworkStart,
          fieldworkEnd,
          publishedOn,
          dataKind,
          caveat,
          sourceUrl,
          surveyPoints: points,
        }
      : null;
  return { meta, fieldwork, pointCodes };
}

type Fail = (key: string, value: unknown, rule: string, problem: string) => void;

function checkPoint(
  p: unknown,
  i: number,
  country: string | null,
  locations: LocationIndex,
  fail: Fail,
  codes: Set<string>,
): SurveyPointMeta | null {
  const key = (k: string) => `surveyPoints.${i}.${k}`;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) {
    fail(`surveyPoints.${i}`, p, 'type', 'each survey point must be an object {code, name, kind, direction, admin1Pcode, borderWith}');
    return null;
  }
  const o = p as Record<string, unknown>;
  let ok = true;
  const str = (k: string, required: boolean, max: number): string | null => {
    const v = o[k];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) {
        fail(key(k), undefined, 'required', 'is required');
        ok = false;
      }
      return null;
    }
    if (typeof v !== 'string' || v.trim().length > max) {
      fail(key(k), v, typeof v !== 'string' ? 'type' : 'max-length', `must be a text of at most ${max} characters`);
      ok = false;
      return null;
    }
    return v.trim();
  };
  const codeText = str('code', true, 60);
  const code = codeText?.toLowerCase() ?? null;
  if (code !== null) {
    if (codes.has(code)) {
      fail(key('code'), codeText, 'unique', 'survey point codes must be unique in the round (case-insensitive)');
      ok = false;
    }
    codes.add(code);
  }
  const name = str('name', true, 200);
  const kinds = enumCodes(SurveyPointKind);
  const kind = str('kind', true, 100)?.toLowerCase() ?? null;
  if (kind !== null && !kinds.includes(kind)) {
    fail(key('kind'), o.kind, 'code', `must be one of ${kinds.join(', ')}`);
    ok = false;
  }
  const directions = enumCodes(Direction);
  const direction = str('direction', true, 100)?.toLowerCase() ?? null;
  if (direction !== null && !directions.includes(direction)) {
    fail(key('direction'), o.direction, 'code', `must be one of ${directions.join(', ')}`);
    ok = false;
  }
  const adminText = str('admin1Pcode', true, 100);
  let admin1Pcode: string | null = null;
  // Names can only be resolved within the round's country: without one, only p-codes are judged.
  if (adminText !== null && (country !== null || locations.anyAdmin1(adminText))) {
    admin1Pcode = locations.anyAdmin1(adminText) ?? (country ? locations.admin1(country, adminText) : undefined) ?? null;
    if (admin1Pcode === null) {
      const names = country ? locations.admin1Names(country) : [];
      fail(
        key('admin1Pcode'),
        adminText,
        'location',
        `must be the p-code of an admin-1 area${names.length ? ` (or a name: ${names.join(', ')})` : ''}`,
      );
      ok = false;
    }
  }
  const borderText = str('borderWith', false, 100);
  let borderWith: string | null = null;
  if (borderText !== null) {
    borderWith = locations.country(borderText) ?? null;
    if (borderWith === null) {
      fail(key('borderWith'), borderText, 'country', 'must be an ISO 3166-1 alpha-3 country code (e.g. ECU) or empty');
      ok = false;
    }
  }
  if (!ok || !code || !name || !kind || !direction || !admin1Pcode) return null;
  return { code, name, kind, direction, admin1Pcode, borderWith };
}

function describeKey(key: string): string {
  switch (key) {
    case 'country':
      return 'ISO 3166-1 alpha-3 code of the country of the operation (e.g. PER)';
    case 'number':
      return 'round number, an integer ≥ 1';
    case 'name':
      return 'title of the round';
    case 'fieldworkStart':
    case 'fieldworkEnd':
      return 'a date written YYYY-MM-DD';
    case 'dataKind':
      return `one of ${enumCodes(DataKind).join(', ')}`;
    default:
      return key;
  }
}

function shownValue(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

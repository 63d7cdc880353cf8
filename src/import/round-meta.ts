import { z } from 'zod';
import { enumCodes } from '../common/enum';
import { DataKind } from '../modules/round/round.enums';
import { roundId } from '../modules/round/round.entity';
import { Direction, SurveyPointKind } from '../modules/survey-point/survey-point.enums';
import type { RoundSource, SourcePlace } from './bundle';
import { isHttpUrl, parseDate, parseInteger } from './cells';
import { LocationIndex } from './locations';
import { ViolationLog } from '../csv/violations';

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

/**
 * round.json is checked one key at a time, each against its zod schema, so that one run reports
 * every broken key and the row checks still get the fieldwork and point codes of a round with
 * problems elsewhere (a zod object would stop before its cross-key rules when one key fails).
 * An issue's path (`surveyPoints.1.admin1Pcode`) names the report's place; its rule comes from the
 * issue's code or, for the format's own rules, from its params.
 */
type Schema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

interface RuleParams {
  rule: string;
  /** The value the report shows, when it is not the key's value as written (e.g. trimmed). */
  value?: unknown;
}

/** Reports a broken format rule from inside a schema's transform. */
function broken(ctx: z.RefinementCtx, rule: string, message: string, value?: unknown): never {
  const params: RuleParams = value === undefined ? { rule } : { rule, value };
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params });
  return z.NEVER;
}

/** Empty cells, null and blank texts count as missing. */
const blankAsMissing = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** A trimmed text; null when missing (and not required). */
function text(max: number, required: boolean, messages: { required: string; type: string; tooLong: string }): Schema<string | null> {
  const str = z.string({ required_error: messages.required, invalid_type_error: messages.type }).trim().max(max, messages.tooLong);
  return z.preprocess(blankAsMissing, required ? str : str.optional()).transform((v) => v ?? null);
}

const roundText = (key: string, max: number, required: boolean) =>
  text(max, required, { required: `is required: ${describeKey(key)}`, type: `must be a text: ${describeKey(key)}`, tooLong: `must be at most ${max} characters` });

const pointText = (max: number, required: boolean) =>
  text(max, required, { required: 'is required', type: `must be a text of at most ${max} characters`, tooLong: `must be a text of at most ${max} characters` });

const roundDate = (key: string, required: boolean): Schema<string | null> =>
  roundText(key, 10_000, required).transform((v, ctx) => {
    if (v === null) return null;
    return parseDate(v) ?? broken(ctx, 'date', 'must be a date written YYYY-MM-DD', v);
  });

/** Lower-cased code of an enum; the report shows the value as written. */
const codeOf = (schema: Schema<string | null>, codes: string[]): Schema<string | null> =>
  schema.transform((v, ctx) => {
    if (v === null) return null;
    const code = v.toLowerCase();
    return codes.includes(code) ? code : broken(ctx, 'code', `must be one of ${codes.join(', ')}`);
  });

function roundSchemas(locations: LocationIndex) {
  const dataKinds = enumCodes(DataKind);
  return {
    country: roundText('country', 100, true).transform((v, ctx) => {
      if (v === null) return null;
      return locations.country(v) ?? broken(ctx, 'country', 'must be the ISO 3166-1 alpha-3 code of a country (e.g. PER)', v);
    }),
    number: z.unknown().transform((v, ctx) => {
      if (v === undefined || v === null || v === '') return broken(ctx, 'required', `is required: ${describeKey('number')}`);
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseInteger(v.trim()) : undefined;
      return n === undefined || !Number.isInteger(n) || n < 1 ? broken(ctx, 'integer', 'must be an integer ≥ 1') : n;
    }),
    name: roundText('name', 300, true),
    fieldworkStart: roundDate('fieldworkStart', true),
    fieldworkEnd: roundDate('fieldworkEnd', true),
    publishedOn: roundDate('publishedOn', false),
    dataKind: roundText('dataKind', 100, true).transform((v, ctx) => {
      if (v === null) return null;
      return dataKinds.includes(v.toLowerCase()) ? v.toLowerCase() : broken(ctx, 'code', `must be one of ${dataKinds.join(', ')}`, v);
    }),
    caveat: roundText('caveat', 100_000, false),
    sourceUrl: roundText('sourceUrl', 500, false).transform((v, ctx) => (v === null || isHttpUrl(v) ? v : broken(ctx, 'url', 'must be an http(s) URL', v))),
    surveyPoints: z
      .array(z.unknown(), {
        required_error: 'is required: an array of {code, name, kind, direction, admin1Pcode, borderWith}',
        invalid_type_error: 'is required: an array of {code, name, kind, direction, admin1Pcode, borderWith}',
      })
      .min(1, 'must list at least one survey point'),
  };
}

/** The schemas of one survey point's keys; `codes` collects the point codes seen so far. */
function pointSchemas(country: string | null, locations: LocationIndex, codes: Set<string>) {
  return {
    point: z.record(z.unknown(), { invalid_type_error: 'each survey point must be an object {code, name, kind, direction, admin1Pcode, borderWith}' }),
    code: pointText(60, true).transform((v, ctx) => {
      if (v === null) return null;
      const code = v.toLowerCase();
      const seen = codes.has(code);
      codes.add(code);
      return seen ? broken(ctx, 'unique', 'survey point codes must be unique in the round (case-insensitive)', v) : code;
    }),
    name: pointText(200, true),
    kind: codeOf(pointText(100, true), enumCodes(SurveyPointKind)),
    direction: codeOf(pointText(100, true), enumCodes(Direction)),
    admin1Pcode: pointText(100, true).transform((v, ctx) => {
      // Names can only be resolved within the round's country: without one, only p-codes are judged.
      if (v === null || (country === null && !locations.anyAdmin1(v))) return null;
      const pcode = locations.anyAdmin1(v) ?? (country ? locations.admin1(country, v) : undefined);
      if (pcode !== undefined) return pcode;
      return broken(ctx, 'location', country ? locations.unknownAdmin1(country, v) : 'must be the p-code of an admin-1 area', v);
    }),
    borderWith: pointText(100, false).transform((v, ctx) => {
      if (v === null) return null;
      return locations.country(v) ?? broken(ctx, 'country', 'must be an ISO 3166-1 alpha-3 country code (e.g. ECU) or empty', v);
    }),
  };
}

/** Parses one key; its issues become violations at the key's place. Null when it is broken. */
type Check = <T>(schema: Schema<T>, value: unknown, path: (string | number)[]) => T | null;

function keyChecker(source: RoundSource, log: ViolationLog): Check {
  return (schema, value, path) => {
    const result = schema.safeParse(value, { path });
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const place: SourcePlace = source.place(issue.path.join('.'));
      const { rule, shown } = ruleOf(issue, value);
      log.add({ ...place, value: shownValue(shown), rule, problem: issue.message });
    }
    return null;
  };
}

/** The report's rule of an issue, and the value it shows. */
function ruleOf(issue: z.ZodIssue, value: unknown): { rule: string; shown: unknown } {
  switch (issue.code) {
    case z.ZodIssueCode.custom: {
      const params = issue.params as RuleParams;
      if (params.rule === 'required') return { rule: params.rule, shown: undefined };
      return { rule: params.rule, shown: 'value' in params ? params.value : value };
    }
    case z.ZodIssueCode.invalid_type:
      return issue.received === 'undefined' ? { rule: 'required', shown: undefined } : { rule: 'type', shown: value };
    case z.ZodIssueCode.too_big:
      return { rule: 'max-length', shown: value };
    case z.ZodIssueCode.too_small:
      return { rule: 'required', shown: undefined };
    default:
      return { rule: issue.code, shown: value };
  }
}

/** Checks round.json (or the round and survey_points sheets) against the format's rules. */
export function checkRound(source: RoundSource, locations: LocationIndex, log: ViolationLog, warnings: string[]): RoundCheck {
  const before = log.total;
  if (typeof source.value !== 'object' || source.value === null || Array.isArray(source.value)) {
    log.add({ ...source.place(''), rule: 'round', problem: 'the round metadata must be a JSON object' });
    return { meta: null, fieldwork: null, pointCodes: null };
  }
  const o = source.value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) warnings.push(`${source.place(key).file}: unknown key "${key}" is ignored`);
  }
  const check = keyChecker(source, log);
  const schemas = roundSchemas(locations);

  const country = check(schemas.country, o.country, ['country']);
  const number = check(schemas.number, o.number, ['number']);
  const name = check(schemas.name, o.name, ['name']);
  const fieldworkStart = check(schemas.fieldworkStart, o.fieldworkStart, ['fieldworkStart']);
  const fieldworkEnd = check(schemas.fieldworkEnd, o.fieldworkEnd, ['fieldworkEnd']);
  let fieldwork: RoundCheck['fieldwork'] = null;
  if (fieldworkStart && fieldworkEnd) {
    if (fieldworkStart > fieldworkEnd) {
      log.add({ ...source.place('fieldworkEnd'), value: fieldworkEnd, rule: 'range', problem: `must not be before fieldworkStart (${fieldworkStart})` });
    } else {
      fieldwork = { start: fieldworkStart, end: fieldworkEnd };
    }
  }
  const publishedOn = check(schemas.publishedOn, o.publishedOn, ['publishedOn']);
  const dataKind = check(schemas.dataKind, o.dataKind, ['dataKind']);
  const caveat = check(schemas.caveat, o.caveat, ['caveat']);
  const sourceUrl = check(schemas.sourceUrl, o.sourceUrl, ['sourceUrl']);

  const points: SurveyPointMeta[] = [];
  const rawPoints = check(schemas.surveyPoints, o.surveyPoints, ['surveyPoints']);
  // An empty list still gives the rows an (empty) set of codes to be checked against.
  const pointCodes = Array.isArray(o.surveyPoints) ? new Set<string>() : null;
  if (rawPoints && pointCodes) {
    const schemas = pointSchemas(country, locations, pointCodes);
    rawPoints.forEach((p, i) => {
      const point = checkPoint(check, schemas, p, i);
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

function checkPoint(check: Check, schemas: ReturnType<typeof pointSchemas>, p: unknown, i: number): SurveyPointMeta | null {
  const o = check(schemas.point, p, ['surveyPoints', i]);
  if (!o) return null;
  const at = (k: string) => ['surveyPoints', i, k];
  const code = check(schemas.code, o.code, at('code'));
  const name = check(schemas.name, o.name, at('name'));
  const kind = check(schemas.kind, o.kind, at('kind'));
  const direction = check(schemas.direction, o.direction, at('direction'));
  const admin1Pcode = check(schemas.admin1Pcode, o.admin1Pcode, at('admin1Pcode'));
  const borderWith = check(schemas.borderWith, o.borderWith, at('borderWith'));
  if (!code || !name || !kind || !direction || !admin1Pcode) return null;
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

import {
  getNamedType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { quote } from '../common/quote';
import { langParameter } from '../common/language';
import { LANGS, type Lang } from '../questionnaire/text';
import { roundKey, type RoundInfo } from './download-notes';
import { ExportRequestError } from './export-error';

/*
 * The query parameters of a download, each checked and turned into what the stats query or the
 * download needs, or refused naming the parameter, the value and what is allowed.
 */

/** Query parameters that are not filter fields. */
const LIST_PARAMS = ['groupBy', 'measures', 'lang', 'hxl', 'format'] as const;

/** What the parameters that are not filter fields are, for the message of an unknown parameter. */
const LIST_PARAMS_TEXT = 'groupBy (comma-separated dimensions), measures (comma-separated), lang (en or es), hxl (true or false), format (csv or json)';

const FORMATS = ['csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

const YES = new Set(['true', 'yes', '1', 'si', 'sí']);
const NO = new Set(['false', 'no', '0']);

/**
 * Turns a query-string value into the variable value GraphQL expects for the input field's type
 * (enum codes in any case, yes/no for booleans), or refuses it with what is allowed.
 */
function convert(name: string, type: GraphQLInputType, raw: string): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  const text = raw.trim();
  const refuse = (allowed: string, list: readonly string[] | string = allowed) =>
    new ExportRequestError(400, `${name}: ${quote(raw)} is not allowed; ${allowed}.`, { parameter: name, value: raw, allowed: list });
  if (isEnumType(t)) {
    const v = t.getValues().find((x) => x.name.toLowerCase() === text.toLowerCase() || String(x.value).toLowerCase() === text.toLowerCase());
    const names = t.getValues().map((x) => x.name);
    if (!v) throw refuse(`expected one of ${names.join(', ')}`, names);
    return v.name;
  }
  if (isScalarType(t) && t.name === 'Int') {
    if (!/^-?\d+$/.test(text)) throw refuse('expected an integer');
    return Number(text);
  }
  if (isScalarType(t) && t.name === 'Float') {
    if (text === '' || !Number.isFinite(Number(text))) throw refuse('expected a number');
    return Number(text);
  }
  if (isScalarType(t) && t.name === 'Boolean') {
    if (YES.has(text.toLowerCase())) return true;
    if (NO.has(text.toLowerCase())) return false;
    throw refuse('expected yes or no (also true/false, 1/0)');
  }
  return raw;
}

function filterFields(type: GraphQLInputObjectType, prefix = ''): string[] {
  return Object.values(type.getFields()).flatMap((f) => {
    const named = getNamedType(f.type);
    return isInputObjectType(named) ? filterFields(named, `${prefix}${f.name}.`) : [`${prefix}${f.name}`];
  });
}

/** Builds the filter variable from `field=value` and `respondent.field=value` parameters. */
export function filterFromQuery(schema: GraphQLSchema, typeName: string, query: Record<string, unknown>): Record<string, unknown> {
  const root = schema.getType(typeName) as GraphQLInputObjectType;
  const filter: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if ((LIST_PARAMS as readonly string[]).includes(name)) continue;
    if (typeof value !== 'string') throw new ExportRequestError(400, `${name}: give the parameter once, as name=value.`, { parameter: name });
    let type: GraphQLInputObjectType = root;
    let target = filter;
    const parts = name.split('.');
    parts.forEach((part, i) => {
      const field = type.getFields()[part];
      const named = field ? getNamedType(field.type) : undefined;
      const last = i === parts.length - 1;
      if (!field || !named || (last && isInputObjectType(named)) || (!last && !isInputObjectType(named))) {
        throw new ExportRequestError(400, `Unknown parameter ${quote(name)}. Allowed: ${LIST_PARAMS_TEXT}, ${filterFields(root).join(', ')}.`, {
          parameter: name,
          value,
          allowed: [...LIST_PARAMS, ...filterFields(root)],
        });
      }
      if (last) target[part] = convert(name, field.type, value);
      else {
        target = (target[part] ??= {}) as Record<string, unknown>;
        type = named as GraphQLInputObjectType;
      }
    });
  }
  return filter;
}

/** `groupBy=SURVEY_POINT,SEX` (or repeated parameters), names in any case, checked against the allowed names. */
export function listFromQuery(name: string, value: unknown, allowed: readonly string[]): string[] {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => String(v).split(','));
  const names = parts.map((p) => p.trim().toUpperCase()).filter((p) => p.length > 0);
  for (const n of names) {
    if (!allowed.includes(n)) {
      throw new ExportRequestError(400, `${name}: ${quote(n)} is not allowed; expected a comma-separated list of ${allowed.join(', ')}.`, {
        parameter: name,
        value: n,
        allowed,
      });
    }
  }
  return names;
}

/** `lang=es` or `lang=en`, in any case; undefined when absent. */
export function langFromQuery(value: unknown): Lang | undefined {
  return langParameter(value, (message) => new ExportRequestError(400, message, { parameter: 'lang', value, allowed: [...LANGS] }));
}

/** `hxl=false` leaves out the hashtag row (and the BOM) for tools that read plain CSV; yes/no and 1/0 as for booleans. */
export function hxlFromQuery(value: unknown): boolean {
  if (value === undefined) return true;
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw new ExportRequestError(400, `hxl: ${quote(value)} is not allowed; expected true or false (also yes/no, 1/0).`, {
    parameter: 'hxl',
    value,
    allowed: ['true', 'false'],
  });
}

/** `format=csv` (the default) or `format=json`: the same table as JSON, with its notes. */
export function formatFromQuery(value: unknown): Format {
  if (value === undefined) return 'csv';
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((FORMATS as readonly string[]).includes(v)) return v as Format;
  throw new ExportRequestError(400, `format: ${quote(value)} is not allowed; expected csv or json.`, { parameter: 'format', value, allowed: FORMATS });
}

/**
 * The rounds a filter covers (its country and round, at the top or under `respondent`), or a 404
 * naming the parameter when it names a round or country the hub does not hold.
 */
export function coveredRounds(filter: Record<string, unknown>, rounds: readonly RoundInfo[]): { covered: RoundInfo[]; country: string | undefined } {
  const nested = (filter.respondent ?? {}) as Record<string, unknown>;
  const pick = (name: 'country' | 'round') =>
    filter[name] !== undefined ? { parameter: name, value: filter[name] } : nested[name] !== undefined ? { parameter: `respondent.${name}`, value: nested[name] } : undefined;
  const country = pick('country');
  const round = pick('round');
  const iso3 = country === undefined ? undefined : String(country.value).toUpperCase();
  const inCountry = rounds.filter((r) => iso3 === undefined || r.country === iso3);
  if (country && inCountry.length === 0) {
    const countries = [...new Set(rounds.map((r) => r.country))];
    throw new ExportRequestError(404, `${country.parameter}: ${quote(country.value)} has no round in this hub; rounds are held for ${countries.join(', ') || 'no country yet'}.`, {
      ...country,
      allowed: countries,
    });
  }
  const covered = inCountry.filter((r) => round === undefined || r.number === round.value);
  if (round && covered.length === 0) {
    const held = inCountry.map(roundKey);
    throw new ExportRequestError(
      404,
      `${round.parameter}: ${quote(round.value)} is not a round of ${iso3 ?? 'any country'} in this hub; the rounds held are ${held.join(', ') || 'none'}.`,
      { ...round, allowed: held },
    );
  }
  return { covered, country: iso3 };
}

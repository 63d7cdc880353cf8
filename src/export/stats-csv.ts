import express from 'express';
import { stringify } from 'csv-stringify/sync';
import {
  getNamedType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { DIMENSIONS, dimensionsFor, StatsDimension } from '../aggregation/dimensions';
import { MEASURES, measuresFor, StatsMeasure } from '../aggregation/measures';
import { DisclosureStatus, StatsResult } from '../aggregation/stats.types';
import { ALL_UNITS, StatsUnit, UNITS } from '../aggregation/units';
import type { Context } from '../modules/context';
import { queryStringProblem } from '../common/client-text';
import { boundMessage, quote } from '../common/quote';
import { languageOf } from '../common/language';
import type { Lang } from '../questionnaire/text';
import { CSV_WORDS } from './csv-words';

/** The CSV downloads: one per stats query, with the filter type each query takes. */
const EXPORTS: { path: string; unit: StatsUnit; filterType: string }[] = ALL_UNITS.map((u) => ({
  path: `/${UNITS[u].query}.csv`,
  unit: u,
  filterType: UNITS[u].filterInput,
}));

/** Query parameters that are not filter fields. */
const LIST_PARAMS = ['groupBy', 'measures', 'lang'] as const;

class CsvRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const YES = new Set(['true', 'yes', '1', 'si', 'sí']);
const NO = new Set(['false', 'no', '0']);

/**
 * Turns a query-string value into the variable value GraphQL expects for the input field's type
 * (enum codes in any case, yes/no for booleans), or refuses it with what is allowed.
 */
function convert(name: string, type: GraphQLInputType, raw: string): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  const text = raw.trim();
  const refuse = (allowed: string) => new CsvRequestError(400, `${name}: ${quote(raw)} is not allowed; ${allowed}.`);
  if (isEnumType(t)) {
    const v = t.getValues().find((x) => x.name.toLowerCase() === text.toLowerCase() || String(x.value).toLowerCase() === text.toLowerCase());
    if (!v) throw refuse(`expected one of ${t.getValues().map((x) => x.name).join(', ')}`);
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
function filterFromQuery(schema: GraphQLSchema, typeName: string, query: Record<string, unknown>): Record<string, unknown> {
  const root = schema.getType(typeName) as GraphQLInputObjectType;
  const filter: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if ((LIST_PARAMS as readonly string[]).includes(name)) continue;
    if (typeof value !== 'string') throw new CsvRequestError(400, `${name}: give the parameter once, as name=value.`);
    let type: GraphQLInputObjectType = root;
    let target = filter;
    const parts = name.split('.');
    parts.forEach((part, i) => {
      const field = type.getFields()[part];
      const named = field ? getNamedType(field.type) : undefined;
      const last = i === parts.length - 1;
      if (!field || !named || (last && isInputObjectType(named)) || (!last && !isInputObjectType(named))) {
        throw new CsvRequestError(
          400,
          `Unknown parameter ${quote(name)}. Allowed: groupBy (comma-separated dimensions), measures (comma-separated), lang (en or es), ${filterFields(root).join(', ')}.`,
        );
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
function listFromQuery(name: string, value: unknown, allowed: readonly string[]): string[] {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => String(v).split(','));
  const names = parts.map((p) => p.trim().toUpperCase()).filter((p) => p.length > 0);
  for (const n of names) {
    if (!allowed.includes(n)) throw new CsvRequestError(400, `${name}: ${quote(n)} is not allowed; expected a comma-separated list of ${allowed.join(', ')}.`);
  }
  return names;
}

/** `lang=es` or `lang=en`, in any case; undefined when absent. */
function langFromQuery(value: unknown): Lang | undefined {
  if (value === undefined) return undefined;
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (v !== 'en' && v !== 'es') throw new CsvRequestError(400, `lang: ${quote(value)} is not allowed; expected en or es.`);
  return v;
}

const OPERATION = (query: string, filterType: string) => `
query StatsCsv($filter: ${filterType}, $groupBy: [StatsDimension!]!, $measures: [StatsMeasure!]!, $lang: Language!) {
  stats: ${query}(filter: $filter, groupBy: $groupBy, measures: $measures, lang: $lang) {
    groupBy measures total unlistedCount disclosure { method status failedRules suggestion }
    groups {
      keys { dimension code label }
      count share ci95 { low high }
      measures { measure n mean median min max withheld }
    }
  }
}`;

const labelTag = (hxl: string) => (hxl.includes('+code') ? hxl.replace('+code', '+name') : `${hxl}+name`);
const r6 = (v: number | null | undefined) => (v === null || v === undefined ? '' : Math.round(v * 1e6) / 1e6);
const blank = (v: number | null | undefined) => (v === null || v === undefined ? '' : v);
/** Codes and labels come from imported bundles: keep a spreadsheet from reading one as a formula. */
const cell = (v: string | null) => (v === null ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The CSV of a stats result (as GraphQL serialised it): a header row, an HXL hashtag row, then one row per group. */
export function statsToCsv(unitOf: StatsUnit, stats: StatsResult, lang: Lang = 'en'): string {
  const unit = UNITS[unitOf];
  const words = CSV_WORDS[lang];
  const noun = words.noun[unitOf];
  const dims = stats.groupBy.map((d) => DIMENSIONS.get(d as StatsDimension)!);
  const measures = stats.measures.map((m) => MEASURES.get(m as StatsMeasure)!);
  const STATS = ['n', 'mean', 'median', 'min', 'max'] as const;
  const header = [
    ...dims.flatMap((d) => [`${d.label[lang]} (${words.code})`, d.label[lang]]),
    `${noun[0].toUpperCase()}${noun.slice(1)}`,
    words.share,
    words.ciLow,
    words.ciHigh,
    ...measures.flatMap((m) => STATS.map((s) => `${m.label[lang]}: ${words.stat[s]}`)),
    words.total(noun),
    words.unlisted,
    words.disclosure,
    words.status,
  ];
  const hxl = [
    ...dims.flatMap((d) => [d.hxl, labelTag(d.hxl)]),
    unit.countHxl,
    `${unit.countHxl}+pct`,
    `${unit.countHxl}+pct+ci95_low`,
    `${unit.countHxl}+pct+ci95_high`,
    ...measures.flatMap((m) => STATS.map((s) => `${m.hxl}+${s}`)),
    `${unit.countHxl}+total`,
    // HXL: the count's own hashtag with one more attribute, as +total does.
    `${unit.countHxl}+unlisted`,
    '#meta+disclosure',
    '#meta+disclosure+status',
  ];
  const rows = stats.groups.map((g) => [
    ...g.keys.flatMap((k) => [cell(k.code), cell(k.label)]),
    blank(g.count),
    r6(g.share),
    r6(g.ci95?.low),
    r6(g.ci95?.high),
    ...g.measures.flatMap((m) => [blank(m.n), r6(m.mean), r6(m.median), blank(m.min), blank(m.max)]),
    blank(stats.total),
    blank(stats.unlistedCount),
    stats.disclosure.method,
    stats.disclosure.status,
  ]);
  return stringify([header, hxl, ...rows], { bom: true });
}

export function statusOf(error: { extensions?: Record<string, unknown> }): number {
  switch (error.extensions?.code) {
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVER_BUSY':
    case 'TIME_BUDGET_EXCEEDED':
      return 503;
    default:
      return 500;
  }
}

/**
 * GET /export/{respondent,household,child}Stats.csv?groupBy=SURVEY_POINT,SEX&country=PER&round=4
 * The parameters become the variables of the stats query, which runs through Apollo with the
 * caller's context: the same validation, the same access rules (a partner key in Authorization
 * sees exact values; an invalid key is refused with 401) and the same disclosure control.
 */
export function statsCsvRouter(deps: {
  apollo: ApolloServer<Context>;
  /** The schema Apollo serves: the filter parameters are checked against its input types. */
  schema: GraphQLSchema;
  /** The request's context, charged to its client. */
  contextFor: (req: express.Request) => Promise<Context>;
  logger?: Logger;
}): express.Router {
  const router = express.Router();
  for (const e of EXPORTS) {
    const query = UNITS[e.unit].query;
    router.get(e.path, async (req, res) => {
      // Errors are never stored; a successful export replaces this with its answer's caching.
      res.setHeader('Cache-Control', 'no-store');
      try {
        // Checked on the raw URL: Express's query parser turns bytes that are not UTF-8 into U+FFFD.
        const textProblem = queryStringProblem(req.originalUrl);
        if (textProblem) throw new CsvRequestError(400, textProblem);
        let contextValue: Context;
        try {
          contextValue = await deps.contextFor(req);
        } catch (err) {
          if (err instanceof GraphQLError) throw new CsvRequestError(statusOf(err), err.message);
          throw err;
        }
        const lang = langFromQuery(req.query.lang) ?? languageOf(req);
        const variables = {
          lang: lang.toUpperCase(),
          filter: filterFromQuery(deps.schema, e.filterType, req.query as Record<string, unknown>),
          groupBy: listFromQuery('groupBy', req.query.groupBy, dimensionsFor(e.unit)),
          measures: listFromQuery('measures', req.query.measures, measuresFor(e.unit)),
        };
        // The read session's plugin ends the snapshot; releasing again here is a no-op that also covers a throw.
        const response = await deps.apollo
          .executeOperation({ query: OPERATION(query, e.filterType), variables }, { contextValue })
          .finally(() => contextValue.db.release());
        if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
        const { data, errors } = response.body.singleResult;
        const retryAfter = response.http.headers.get('retry-after');
        if (errors?.length && retryAfter) res.setHeader('Retry-After', retryAfter);
        if (errors?.length) throw new CsvRequestError(statusOf(errors[0]), errors.map((x) => x.message).join('\n'));
        const stats = (data as { stats: StatsResult }).stats;
        if (stats.disclosure.status === DisclosureStatus.BLOCKED) {
          throw new CsvRequestError(403, `${CSV_WORDS[lang].blocked(stats.disclosure.failedRules)} ${stats.disclosure.suggestion ?? ''}`.trim());
        }
        // The same HTTP caching as the GraphQL answer it is made from: public (or private for a partner) with its max age.
        res.setHeader('Cache-Control', response.http.headers.get('cache-control') ?? 'no-store');
        res.vary('Authorization');
        if (req.query.lang === undefined) res.vary('Accept-Language');
        res
          .status(200)
          .type('text/csv; charset=utf-8')
          .setHeader('Content-Disposition', `attachment; filename="${query}.csv"`)
          .send(statsToCsv(e.unit, stats, lang));
      } catch (err) {
        if (!(err instanceof CsvRequestError)) deps.logger?.error({ err }, 'unexpected error while exporting a CSV');
        const status = err instanceof CsvRequestError ? err.status : 500;
        // Every refusal passes the same bound as GraphQL's messages (some are graphql-js's own).
        const message = err instanceof CsvRequestError ? boundMessage(err.message) : 'Internal server error';
        res.status(status).type('text/plain; charset=utf-8').send(`${message}\n`);
      }
    });
  }
  return router;
}

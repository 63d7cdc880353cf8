import express from 'express';
import { stringify } from 'csv-stringify/sync';
import { GraphQLError, GraphQLSchema } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { DIMENSIONS, dimensionsFor, StatsDimension } from '../aggregation/dimensions';
import { measuresFor } from '../aggregation/measures';
import { DisclosureStatus, StatsResult } from '../aggregation/stats.types';
import { ALL_UNITS, StatsUnit, UNITS } from '../aggregation/units';
import type { Context } from '../modules/context';
import { queryStringProblem } from '../common/client-text';
import { languageOf } from '../common/language';
import type { Lang } from '../questionnaire/text';
import { CSV_WORDS } from './csv-words';
import { downloadName } from './download-name';
import { codebookPaths, downloadNotes, type RoundInfo } from './download-notes';
import { coveredRounds, filterFromQuery, formatFromQuery, hxlFromQuery, langFromQuery, listFromQuery, type Format } from './download-parameters';
import { ExportRequestError, sendExportError } from './export-error';
import { needsCodAbAreas } from './hxl-tags';
import { statsTable, type StatsTable } from './stats-table';

/** The CSV downloads: one per stats query, with the filter type each query takes. */
const EXPORTS: { path: string; unit: StatsUnit; filterType: string }[] = ALL_UNITS.map((u) => ({
  path: `/${UNITS[u].query}.csv`,
  unit: u,
  filterType: UNITS[u].filterInput,
}));

const OPERATION = (query: string, filterType: string) => `
query StatsCsv($filter: ${filterType}, $groupBy: [StatsDimension!]!, $measures: [StatsMeasure!]!, $lang: Language!, $withCodAbAreas: Boolean!) {
  stats: ${query}(filter: $filter, groupBy: $groupBy, measures: $measures, lang: $lang) {
    groupBy measures total unlistedCount multiSelect
    disclosure { method status failedRules suggestion threshold medianThreshold maxPerturbation blockedAreas { dimension code label } }
    groups {
      keys { dimension code label }
      count share ci95 { low high }
      measures { measure n mean median min max withheld }
    }
  }
  rounds { country number title: name dataKind caveat sourceUrl }
  codAbAreas: locations(level: ADMIN1, source: COD_AB) @include(if: $withCodAbAreas) { pcode }
}`;

/** Codes and labels come from imported bundles: keep a spreadsheet from reading one as a formula. */
const csvCell = (v: string | number | null) => (v === null ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The CSV of a table: a header row, the HXL hashtag row unless `hxl` is false, then one row per group; a BOM only with the hashtag row (Excel reads it; plain tools need none). */
export function tableToCsv(table: StatsTable, hxl: boolean): string {
  const head = [table.columns.map((c) => c.header), ...(hxl ? [table.columns.map((c) => c.hxl)] : [])];
  return stringify([...head, ...table.rows.map((r) => r.map(csvCell))], { bom: hxl });
}

/** The Link header: each covered round's codebook (another part of the hub serves them), and the JSON flavour of this download with its notes. */
function linkHeader(rounds: readonly RoundInfo[], lang: Lang, jsonUrl: string | null): string {
  const links = rounds.flatMap((r) => {
    const paths = codebookPaths(r, lang);
    return [`<${paths.xml}>; rel="describedby"; type="application/xml"`, `<${paths.json}>; rel="describedby"; type="application/json"`];
  });
  if (jsonUrl) links.push(`<${jsonUrl}>; rel="alternate"; type="application/json"`);
  return links.join(', ');
}

/** Longest URL the Link header repeats: a long filter value must not make a header clients refuse. */
const MAX_LINKED_URL = 2000;

/** This request's URL with `format=json`, where the notes of a CSV download are (re-encoded, so no `>` or line break); null when too long to repeat. */
function jsonFlavourUrl(req: express.Request): string | null {
  const url = new URL(req.originalUrl, 'http://hub.invalid');
  url.searchParams.set('format', 'json');
  const path = `${url.pathname}${url.search}`;
  return path.length <= MAX_LINKED_URL ? path : null;
}

/** GraphQL's code of an error, when it has one. */
const codeOf = (error: { extensions?: Record<string, unknown> }) => (typeof error.extensions?.code === 'string' ? error.extensions.code : undefined);

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
        if (textProblem) throw new ExportRequestError(400, textProblem);
        let contextValue: Context;
        try {
          contextValue = await deps.contextFor(req);
        } catch (err) {
          if (err instanceof GraphQLError) throw new ExportRequestError(statusOf(err), err.message, {}, codeOf(err));
          throw err;
        }
        let variables: Record<string, unknown>;
        let options: { lang: Lang; hxl: boolean; format: Format };
        try {
          options = { lang: langFromQuery(req.query.lang) ?? languageOf(req), hxl: hxlFromQuery(req.query.hxl), format: formatFromQuery(req.query.format) };
          const groupBy = listFromQuery('groupBy', req.query.groupBy, dimensionsFor(e.unit));
          variables = {
            lang: options.lang.toUpperCase(),
            filter: filterFromQuery(deps.schema, e.filterType, req.query as Record<string, unknown>),
            groupBy,
            measures: listFromQuery('measures', req.query.measures, measuresFor(e.unit)),
            withCodAbAreas: needsCodAbAreas(groupBy.flatMap((d) => DIMENSIONS.get(d as StatsDimension) ?? [])),
          };
        } catch (err) {
          contextValue.db.release();
          throw err;
        }
        const { lang, hxl, format } = options;
        // The read session's plugin ends the snapshot; releasing again here is a no-op that also covers a throw.
        const response = await deps.apollo
          .executeOperation({ query: OPERATION(query, e.filterType), variables }, { contextValue })
          .finally(() => contextValue.db.release());
        if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
        const { data, errors } = response.body.singleResult;
        const retryAfter = response.http.headers.get('retry-after');
        if (errors?.length && retryAfter) res.setHeader('Retry-After', retryAfter);
        if (errors?.length) throw new ExportRequestError(statusOf(errors[0]), errors.map((x) => x.message).join('\n'), {}, codeOf(errors[0]));
        const answer = data as { stats: StatsResult; rounds: RoundInfo[]; codAbAreas?: { pcode: string }[] };
        const { stats } = answer;
        const filter = variables.filter as Record<string, unknown>;
        const { covered, country } = coveredRounds(filter, answer.rounds);
        if (stats.disclosure.status === DisclosureStatus.BLOCKED) {
          throw new ExportRequestError(403, `${CSV_WORDS[lang].blocked(stats.disclosure.failedRules)} ${stats.disclosure.suggestion ?? ''}`.trim(), {}, 'FORBIDDEN');
        }
        const table = statsTable(e.unit, stats, lang, new Set((answer.codAbAreas ?? []).map((l) => l.pcode)));
        const name = downloadName({ unit: e.unit, rounds: covered, country, groupBy: stats.groupBy, measures: stats.measures, filter, lang, extension: format });
        // The same HTTP caching as the GraphQL answer it is made from: public (or private for a partner) with its max age.
        res.setHeader('Cache-Control', response.http.headers.get('cache-control') ?? 'no-store');
        res.vary('Authorization');
        if (req.query.lang === undefined) res.vary('Accept-Language');
        res.status(200).setHeader('Content-Disposition', `attachment; filename="${name}"`);
        const link = linkHeader(covered, lang, format === 'csv' ? jsonFlavourUrl(req) : null);
        if (link) res.setHeader('Link', link);
        if (format === 'json') {
          const columns = hxl ? table.columns : table.columns.map(({ header }) => ({ header }));
          res.type('application/json; charset=utf-8').send(JSON.stringify({ columns, rows: table.rows, notes: downloadNotes(stats, covered, lang) }));
        } else {
          res.type('text/csv; charset=utf-8').send(tableToCsv(table, hxl));
        }
      } catch (err) {
        if (!(err instanceof ExportRequestError)) deps.logger?.error({ err }, 'unexpected error while exporting a CSV');
        // Every refusal passes the same bound as GraphQL's messages (some are graphql-js's own).
        sendExportError(res, err instanceof ExportRequestError ? err : undefined);
      }
    });
  }
  return router;
}

import express from 'express';
import { GraphQLError } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { Context } from '../modules/context';
import { queryStringProblem } from '../common/client-text';
import { langParameter, languageOf } from '../common/language';
import { quote } from '../common/quote';
import { CodebookRequestError, loadCodebook, type RunOperation } from '../export/codebook-data';
import { codebookToDdi } from '../export/codebook-ddi';
import { codebookToNada } from '../export/codebook-nada';
import { statusOf } from '../export/stats-csv';
import { sendError } from '../security/error-answer';
import type { Lang } from '../questionnaire/text';

const FORMATS = { xml: 'application/xml; charset=utf-8', json: 'application/json; charset=utf-8' } as const;
type Format = keyof typeof FORMATS;

const USAGE = 'GET /codebook/{roundId}.xml (DDI Codebook 2.5) or /codebook/{roundId}.json?lang=en|es (NADA), e.g. /codebook/Round:PER-4.xml';

/** The document's name and format from the path's last segment, `PER-4.xml`; refused, naming it, otherwise. */
function fileOf(segment: string): { roundId: string; format: Format } {
  const m = /^(.+)\.(xml|json)$/i.exec(segment);
  if (!m) throw new CodebookRequestError(404, 'NOT_FOUND', `No codebook ${quote(segment)}: the codebooks are ${USAGE}.`);
  return { roundId: m[1], format: m[2].toLowerCase() as Format };
}

function langOf(req: express.Request, format: Format): Lang {
  for (const name of Object.keys(req.query)) {
    if (!(format === 'json' && name === 'lang')) {
      throw new CodebookRequestError(400, 'BAD_USER_INPUT', `Unknown parameter ${quote(name)}. ${format === 'json' ? 'Allowed: lang (en or es).' : 'The XML codebook takes no parameter: it holds English and Spanish.'}`);
    }
  }
  return langParameter(req.query.lang, (message) => new CodebookRequestError(400, 'BAD_USER_INPUT', message)) ?? languageOf(req);
}

/**
 * GET /codebook/{roundId}.xml and .json (docs/codebook.md). The codebook's stats queries run
 * through Apollo with the caller's context, as the CSV downloads do: each operation is priced and
 * charged to the caller's cost budget, and answered through disclosure control unless the
 * request carries a partner key.
 */
export function codebookRouter(deps: {
  apollo: ApolloServer<Context>;
  /** The request's context, charged to its client; called once per operation. */
  contextFor: (req: express.Request) => Promise<Context>;
  /** The hub's limit on root fields per operation: the codebook's aliases are sent in groups of this size. */
  maxRootFields: number;
  logger?: Logger;
}): express.Router {
  const router = express.Router();
  router.get('/:file', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const textProblem = queryStringProblem(req.originalUrl);
      if (textProblem) throw new CodebookRequestError(400, 'BAD_USER_INPUT', textProblem);
      const { roundId, format } = fileOf(String(req.params.file));
      const lang = langOf(req, format);
      const cacheControls = new Set<string>();
      const run: RunOperation = async (query) => {
        let contextValue: Context;
        try {
          contextValue = await deps.contextFor(req);
        } catch (err) {
          if (err instanceof GraphQLError) throw new CodebookRequestError(statusOf(err), String(err.extensions.code ?? 'UNAUTHENTICATED'), err.message);
          throw err;
        }
        const response = await deps.apollo.executeOperation({ query }, { contextValue }).finally(() => contextValue.db.release());
        if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
        const { data, errors } = response.body.singleResult;
        if (errors?.length) {
          const retryAfter = response.http.headers.get('retry-after');
          if (retryAfter) res.setHeader('Retry-After', retryAfter);
          throw new CodebookRequestError(statusOf(errors[0]), String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR'), errors.map((e) => e.message).join('\n'));
        }
        cacheControls.add(response.http.headers.get('cache-control') ?? 'no-store');
        return data as Record<string, unknown>;
      };
      const codebook = await loadCodebook(run, roundId, deps.maxRootFields);
      // Cached as its answers are, when they all agree (public answers of one data version); else not stored.
      res.setHeader('Cache-Control', cacheControls.size === 1 ? [...cacheControls][0] : 'no-store');
      res.vary('Authorization');
      if (format === 'json' && req.query.lang === undefined) res.vary('Accept-Language');
      const name = `codebook-${codebook.round.country}-${codebook.round.number}.${format}`;
      res.status(200).type(FORMATS[format]).setHeader('Content-Disposition', `inline; filename="${name}"`);
      res.send(format === 'xml' ? codebookToDdi(codebook) : JSON.stringify(codebookToNada(codebook, lang), null, 1));
    } catch (err) {
      if (err instanceof CodebookRequestError) return sendError(res, err.status, err.code, err.message);
      deps.logger?.error({ err }, 'unexpected error while writing a codebook');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  });
  return router;
}

import path from 'node:path';
import express, { RequestHandler } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Config } from '../config/config';
import { languageOf } from '../common/language';
import { projectRoot } from '../common/project-root';
import { readExampleOperations } from './example-operations';
import { explorerPage } from './explorer-page';
import { onlyReads } from './only-reads';
import { RURU_PATH, ruruFile } from './ruru-files';

/** Where the explorer's own script and style sheet are served from, and the folder they live in. */
const OWN_PATH = '/explorer/';
const OWN_DIR = path.join(projectRoot(), 'src', 'server', 'explorer');

/**
 * Only the hub: Ruru's Monaco editors add <style> elements and set style attributes (so inline
 * styles are allowed), and run their language services in module workers loaded from the hub.
 * Nothing may be fetched, framed or posted elsewhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What Apollo serves to a browser at /graphql: Sandbox when asked for, else nothing (the hub's explorer answers first). */
export function apolloLandingPage(setting: Config['EXPLORER']): ApolloServerPlugin {
  return setting === 'sandbox' ? ApolloServerPluginLandingPageLocalDefault({ footer: false }) : ApolloServerPluginLandingPageDisabled();
}

/** As Apollo Server decides to show its landing page: a GET without `query` whose Accept ranks HTML above every GraphQL answer. */
function wantsPage(req: express.Request): boolean {
  return req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

/**
 * The offline explorer (EXPLORER=hub, the default): a browser opening /graphql gets Ruru (a
 * GraphiQL distribution) with the example operations, served entirely from the hub. Every other
 * request to /graphql goes on to Apollo unchanged. With another setting it serves nothing.
 */
export function explorer(setting: Config['EXPLORER']): RequestHandler {
  const router = express.Router();
  if (setting !== 'hub') return (_req, _res, next) => next();
  const examples = readExampleOperations();
  const page: RequestHandler = (req, res, next) => {
    if (!wantsPage(req)) return next();
    const lang = languageOf(req);
    res
      .set({
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-cache',
        Vary: 'Accept, Accept-Language',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      })
      .type('html')
      .send(explorerPage({ lang, ruruPath: RURU_PATH, ownPath: OWN_PATH, endpoint: '/graphql', examples }));
  };
  router.get('/graphql', page);
  router.get(`${RURU_PATH}:file`, ruruFile());
  router.get(`${OWN_PATH}:file`, (req, res, next) => {
    if (!['explorer.js', 'explorer.css'].includes(req.params.file)) return next();
    res.set('X-Content-Type-Options', 'nosniff').sendFile(path.join(OWN_DIR, req.params.file), { maxAge: 0 });
  });
  return onlyReads(router);
}

